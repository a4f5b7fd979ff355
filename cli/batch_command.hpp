// `radiomics batch`: a cohort from a manifest into one CSV, with progress on stderr.
#pragma once
#include <string>

namespace radiomics::cli {

struct BatchArguments {
  std::string manifest, config, output;
  int jobs = 0, threads = 0;
  bool resume = false, quiet = false;
};

/// Runs the batch; returns the exit status (0: every case succeeded, 1: some failed). Errors
/// that stop the whole batch (manifest, configuration, output) are thrown.
int run_batch_command(const BatchArguments& args);

}  // namespace radiomics::cli
