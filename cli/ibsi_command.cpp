#include "ibsi_command.hpp"

#include <chrono>
#include <cstdio>
#include <iomanip>
#include <iostream>

#include "radiomics/errors.hpp"
#include "radiomics/extractor.hpp"
#include "radiomics/ibsi.hpp"
#include "radiomics/registry.hpp"

namespace radiomics::cli {
namespace {

/// IBSI 1: every reference value of each bundled case. Returns the number of failed values.
int run_ibsi1(const std::string& data_dir, bool verbose) {
  int failed_total = 0, passed_total = 0;
  for (const ibsi::Case& c : ibsi::bundled_cases(data_dir)) {
    const ibsi::CaseResult r = ibsi::run_case(c);
    std::cout << "\n" << c.name << "\n";
    std::cout << "  family   passed/total\n";
    for (const auto& f : r.families)
      std::cout << "  " << std::left << std::setw(8) << f.family << " " << std::right
                << std::setw(4) << f.passed << "/" << f.total
                << (f.passed == f.total ? "" : "  FAIL") << "\n";
    for (const auto& f : r.families) passed_total += f.passed;
    failed_total += r.failed();
    if (verbose)
      for (const auto& line : r.failures) std::cout << "    " << line << "\n";
  }
  std::cout << "\nIBSI 1: " << passed_total << " passed, " << failed_total << " failed\n";
  return failed_total;
}

/// IBSI 2 phase 1: each response map against its consensus map. Returns the number of failures.
int run_ibsi2_phase1(const std::string& data_dir) {
  const auto cases = ibsi::ibsi2_phase1_cases(data_dir);
  std::cout << "\nIBSI 2 phase 1 (response maps; pass: every voxel within 1% of the consensus "
               "map's range)\n"
            << "  config   max |map - consensus| / range\n";
  int failed = 0;
  for (const auto& c : cases) {
    std::string verdict;
    try {
      const ibsi::MapScore s = ibsi::run_response_map_case(c);
      char percent[32];
      std::snprintf(percent, sizeof percent, "%8.4f %%", 100.0 * s.max_difference / s.range);
      verdict = std::string(percent) + (s.passed() ? "" : "  FAIL");
      failed += s.passed() ? 0 : 1;
    } catch (const Error& e) {
      verdict = std::string("FAIL: ") + e.what();
      ++failed;
    }
    std::cout << "  " << std::left << std::setw(8) << c.id << std::right << " " << verdict << "\n";
  }
  std::cout << "IBSI 2 phase 1: " << cases.size() - static_cast<std::size_t>(failed) << " passed, "
            << failed << " failed\n";
  return failed;
}

/// IBSI 2 phase 2: each configuration runs on the CT phantom and gives one column per intensity
/// statistic; the reference values are held out, so nothing is scored. Returns the failures.
int run_ibsi2_phase2(const std::string& data_dir) {
  const auto cases = ibsi::ibsi2_phase2_cases(data_dir);
  const auto& statistics = family_info(Family::Statistics).features;
  std::cout
      << "\nIBSI 2 phase 2 (CT phantom, intensity statistics of the response map; reference values "
         "held out: run, not scored)\n"
      << "  config   columns  seconds  stat_mean\n";
  int failed = 0;
  for (const auto& c : cases) {
    const auto start = std::chrono::steady_clock::now();
    try {
      const FeatureTable t = Extractor(Settings::from_file(c.config)).run_files(c.image, c.mask);
      std::size_t matched = 0;
      double mean = 0;
      for (const FeatureInfo& f : statistics)
        for (const auto& [tag, value] : t.values())
          if (tag.size() >= f.tag.size() &&
              tag.compare(tag.size() - f.tag.size(), f.tag.size(), f.tag) == 0) {
            ++matched;
            if (f.tag == "stat_mean") mean = value;
          }
      const bool ok = matched == statistics.size() && t.values().size() == statistics.size();
      const double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      std::cout << "  " << std::left << std::setw(8) << c.id << std::right << " " << std::setw(7)
                << t.values().size() << "  " << std::setw(7) << std::fixed << std::setprecision(1)
                << seconds << "  " << std::defaultfloat << std::setprecision(6) << mean
                << (ok ? "" : "  FAIL: not one column per statistic") << "\n";
      failed += ok ? 0 : 1;
    } catch (const Error& e) {
      std::cout << "  " << std::left << std::setw(8) << c.id << std::right << " FAIL: " << e.what()
                << "\n";
      ++failed;
    }
  }
  std::cout << "IBSI 2 phase 2: " << cases.size() - static_cast<std::size_t>(failed) << " ran, "
            << failed << " failed\n";
  return failed;
}

}  // namespace

int run_ibsi_compliance(const std::string& data_dir, bool verbose) {
  const int ibsi1 = run_ibsi1(data_dir, verbose);
  const int phase1 = run_ibsi2_phase1(data_dir);
  const int phase2 = run_ibsi2_phase2(data_dir);
  std::cout << "\n" << ibsi1 + phase1 + phase2 << " failed in all\n";
  return ibsi1 + phase1 + phase2;
}

}  // namespace radiomics::cli
