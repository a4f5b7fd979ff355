#!/usr/bin/env bash
# Builds the library and the whole GoogleTest suite with AddressSanitizer and
# UndefinedBehaviorSanitizer in build-asan/ and runs it. Any report fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DRADIOMICS_SANITIZE=ON \
  -DRADIOMICS_BUILD_BENCHMARKS=OFF > build-asan.log 2>&1 || { cat build-asan.log; exit 1; }
cmake --build build-asan -j "$(nproc)"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export LSAN_OPTIONS="suppressions=$PWD/tests/sanitizers/lsan.supp:print_suppressions=0"
(cd build-asan && ctest --output-on-failure -j "$(nproc)" -E consumer_find_package)
