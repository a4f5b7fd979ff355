#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (AddressSanitizer + UndefinedBehaviorSanitizer) in
# build-fuzz/ and runs each for FUZZ_SECONDS (default 60). Crashes are written to
# build-fuzz/crashes/<target>/; turn each into a regression test in tests/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-60}
# Leaks inside third-party libraries only (tests/sanitizers/lsan.supp says which and why).
export LSAN_OPTIONS="suppressions=$PWD/tests/sanitizers/lsan.supp:print_suppressions=0"
command -v clang++ >/dev/null || apt-get install -y -qq clang libclang-rt-dev
CC=clang CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DRADIOMICS_FUZZ=ON -DRADIOMICS_BUILD_TESTS=OFF -DRADIOMICS_BUILD_BENCHMARKS=OFF \
  -DRADIOMICS_BUILD_CLI=OFF -DRADIOMICS_IMAGE_IO=OFF > build-fuzz.log 2>&1 || { cat build-fuzz.log; exit 1; }
cmake --build build-fuzz -j "$(nproc)" --target fuzz_settings fuzz_parameter_file fuzz_extract fuzz_nifti_header fuzz_dicom_header fuzz_text_headers
for target in fuzz_settings fuzz_parameter_file fuzz_extract fuzz_nifti_header fuzz_dicom_header fuzz_text_headers; do
  mkdir -p "build-fuzz/corpus/$target" "build-fuzz/crashes/$target"
  [ "$target" = fuzz_settings ] && cp ibsi_phantom/configs/*.json "build-fuzz/corpus/$target/"
  [ "$target" = fuzz_parameter_file ] && cp tests/pyradiomics/params/*.yaml "build-fuzz/corpus/$target/"
  [ "$target" = fuzz_nifti_header ] && zcat ibsi_phantom/digital_phantom/image.nii.gz > "build-fuzz/corpus/$target/digital_phantom.nii"
  # Seeds: a CT slice, a PET slice (SUV tags), the phantom's RTSTRUCT and a sarcoma RTSTRUCT.
  [ "$target" = fuzz_dicom_header ] && cp ibsi_phantom/ct_phantom/dicom/image/DCM_IMG_00030.dcm \
    tests/data/sarcoma/STS_002/PET/image/000000.dcm ibsi_phantom/ct_phantom/dicom/mask/DCM_RS_00060.dcm \
    "build-fuzz/corpus/$target/" && cp tests/data/sarcoma/STS_002/PET/mask/RS.dcm "build-fuzz/corpus/$target/pet_rs.dcm"
  # SEG seeds come from the test build's writer, when there is one (scripts/build.sh).
  if [ "$target" = fuzz_dicom_header ] && [ -x build/tests/write_dicom_cases ]; then
    build/tests/write_dicom_cases build-fuzz/dicom_cases >/dev/null
    cp build-fuzz/dicom_cases/seg.dcm build-fuzz/dicom_cases/seg_fractional.dcm "build-fuzz/corpus/$target/"
  fi
  if [ "$target" = fuzz_text_headers ]; then
    # Seeds: an attached and a detached NRRD header, a LOCAL and a detached MetaImage header.
    printf 'NRRD0004\ntype: float\ndimension: 3\nsizes: 2 2 2\nspacings: 1 1 2\nencoding: raw\nendian: little\n\n%032d' 0 > "build-fuzz/corpus/$target/attached.nrrd"
    printf 'NRRD0004\ntype: short\ndimension: 3\nsizes: 4 4 2\nspace directions: (1,0,0) (0,1,0) (0,0,3)\nencoding: gzip\nline skip: 1\nbyte skip: -1\ndata file: LIST 2\ndata.raw\ndata.raw\n' > "build-fuzz/corpus/$target/list.nhdr"
    printf 'ObjectType = Image\nNDims = 3\nDimSize = 2 2 2\nElementSpacing = 1 1 1\nElementType = MET_UCHAR\nBinaryData = True\nElementDataFile = LOCAL\n12345678' > "build-fuzz/corpus/$target/local.mha"
    printf 'ObjectType = Image\nNDims = 3\nDimSize = 2 2 2\nElementType = MET_SHORT\nCompressedData = True\nHeaderSize = 4\nElementDataFile = data%%02d.raw 1 4 1\n' > "build-fuzz/corpus/$target/pattern.mhd"
  fi
  echo "fuzzing $target for ${seconds}s"
  build-fuzz/tests/fuzz/$target -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 \
    -artifact_prefix="build-fuzz/crashes/$target/" "build-fuzz/corpus/$target" 2>&1 | tail -n 3
done
echo "fuzzing finished without crashes"
