// `radiomics ibsi`: the compliance runner over the bundled IBSI phantoms.
#pragma once
#include <string>

namespace radiomics::cli {

/// Runs every configuration with reference values found under `data_dir`, prints one table per
/// configuration and family (passed/total), and returns the number of failed values.
int run_ibsi_compliance(const std::string& data_dir, bool verbose);

}  // namespace radiomics::cli
