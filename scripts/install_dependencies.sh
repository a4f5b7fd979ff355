#!/usr/bin/env bash
# Installs the Debian 12 packages libradiomics needs, only those that are missing (idempotent).
# Run as root (or with sudo available). Each package and why it is here: docs/architecture.md.
set -euo pipefail
packages=(
  build-essential cmake git pkg-config
  libinsighttoolkit5-dev   # image I/O: NIfTI, NRRD, MetaImage, DICOM
  libgdcm-tools            # programs that ITK's GDCM CMake package expects to exist
  libdcmtk-dev             # DICOM RTSTRUCT (dcmrt) and SEG (dcmseg) masks, DICOM series header checks
  libeigen3-dev            # linear algebra (PCA), FFT (Moran's I / Geary's C, Gabor and Simoncelli filters)
  nlohmann-json3-dev       # JSON settings and output
  libyaml-cpp-dev          # PyRadiomics parameter files (YAML)
  libqhull-dev             # convex hull (morphology)
  libcli11-dev             # command-line parsing
  libssl-dev               # SHA-256 of the inputs (OpenSSL libcrypto, CPU SHA instructions)
  libdeflate-dev           # fast gzip inflation of .nii.gz files (direct NIfTI reader)
  libgtest-dev libbenchmark-dev  # tests and benchmarks
  pybind11-dev python3-dev python3-numpy python3-pandas python3-pytest
  python3-dask python3-distributed  # optional cohorts on a cluster (libradiomics.dask)
  python3-nibabel python3-matplotlib  # tests only: the Python guide's reading and plotting examples run
  python3-setuptools python3-pip python3-venv python3-wheel
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install_dependencies: all ${#packages[@]} packages present"
  exit 0
fi
echo "install_dependencies: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
