#!/usr/bin/env bash
# Installs what is missing, builds everything and runs the whole test suite: GoogleTest through
# CTest (including the IBSI compliance tests and the CMake consumer test) and pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install_dependencies.sh
scripts/build.sh
(cd build && ctest --output-on-failure -j "${RADIOMICS_JOBS:-$(nproc)}")
if [ -d python/tests ]; then
  PYTHONPATH="$PWD/build/python" /usr/bin/python3 -m pytest -q python/tests
fi
