#!/usr/bin/env bash
# Configures and builds libradiomics, the CLI, tests, benchmarks and the Python module in build/.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=${RADIOMICS_JOBS:-$(nproc)}
# ccache, when installed, makes rebuilds of unchanged files (other checkouts, CI caches) free.
launcher=()
command -v ccache >/dev/null 2>&1 && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DRADIOMICS_BUILD_PYTHON=ON \
  -DPython3_EXECUTABLE=/usr/bin/python3 "${launcher[@]}" > build.log 2>&1 || { cat build.log; exit 1; }
cmake --build build -j "$jobs"
