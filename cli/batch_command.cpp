#include "batch_command.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>

#include "radiomics/radiomics.hpp"

namespace radiomics::cli {
namespace {

std::string duration(double seconds) {
  const long s = static_cast<long>(seconds + 0.5);
  char buf[32];
  if (s >= 3600) std::snprintf(buf, sizeof buf, "%ldh%02ldm", s / 3600, (s / 60) % 60);
  else if (s >= 60) std::snprintf(buf, sizeof buf, "%ldm%02lds", s / 60, s % 60);
  else std::snprintf(buf, sizeof buf, "%lds", s);
  return buf;
}

/// "12/50 cases, 1 failed, 3.2 cases/s, 12s left": redrawn in place on a terminal, else one
/// line every 10 seconds and at the end (logs of cluster jobs stay short).
class ProgressLine {
 public:
  explicit ProgressLine(bool quiet) : quiet_(quiet), terminal_(::isatty(STDERR_FILENO) != 0) {}

  void operator()(const BatchProgress& p) {
    const bool last = p.done == p.total;
    if (quiet_ || finished_) return;
    finished_ = last;
    if (!terminal_ && !last && p.elapsed_s - last_print_s_ < 10.0) return;
    last_print_s_ = p.elapsed_s;
    const double rate = p.elapsed_s > 0 ? static_cast<double>(p.done) / p.elapsed_s : 0.0;
    char line[160];
    std::snprintf(line, sizeof line, "%zu/%zu cases, %zu failed, %.2f cases/s", p.done, p.total, p.failed, rate);
    std::string text = line;
    if (p.skipped) text += ", " + std::to_string(p.skipped) + " already done";
    if (!last && rate > 0) text += ", " + duration(static_cast<double>(p.total - p.done) / rate) + " left";
    if (last) text += ", " + duration(p.elapsed_s);
    if (terminal_) std::cerr << "\r\033[K" << text << (last ? "\n" : "") << std::flush;
    else std::cerr << "radiomics: batch: " << text << "\n";
  }

 private:
  bool quiet_, terminal_, finished_ = false;
  double last_print_s_ = -1e9;
};

}  // namespace

int run_batch_command(const BatchArguments& args) {
  const std::vector<BatchCase> cases = read_manifest(args.manifest);
  Settings settings = args.config.empty() ? Settings{} : Settings::from_file(args.config);
  if (args.threads > 0) settings.threads = args.threads;
  BatchOptions options;
  options.output = args.output;
  options.jobs = args.jobs;
  options.resume = args.resume;
  ProgressLine progress(args.quiet);
  options.progress = [&](const BatchProgress& p) { progress(p); };
  const BatchProgress result = run_batch(cases, settings, options);
  if (result.failed == 0) return 0;
  std::cerr << "radiomics: error: " << result.failed << " of " << result.total
            << " cases failed; their rows in " << args.output << " say why (column error)\n";
  return 1;
}

}  // namespace radiomics::cli
