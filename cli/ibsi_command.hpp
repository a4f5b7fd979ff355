// `radiomics ibsi`: the compliance runner over the bundled IBSI phantoms.
#pragma once
#include <string>

namespace radiomics::cli {

/// Runs every configuration with reference values found under `data_dir`, prints one table per
/// configuration and family (passed/total); then scores the IBSI 2 phase 1 response maps and runs
/// the phase 2 configurations. Returns the number of failures (values, maps, phase 2 runs).
int run_ibsi_compliance(const std::string& data_dir, bool verbose);

}  // namespace radiomics::cli
