#include "ibsi_command.hpp"

#include <iomanip>
#include <iostream>

#include "radiomics/ibsi.hpp"

namespace radiomics::cli {

int run_ibsi_compliance(const std::string& data_dir, bool verbose) {
  int failed_total = 0, passed_total = 0;
  for (const ibsi::Case& c : ibsi::bundled_cases(data_dir)) {
    const ibsi::CaseResult r = ibsi::run_case(c);
    std::cout << "\n" << c.name << "\n";
    std::cout << "  family   passed/total\n";
    for (const auto& f : r.families)
      std::cout << "  " << std::left << std::setw(8) << f.family << " " << std::right << std::setw(4)
                << f.passed << "/" << f.total << (f.passed == f.total ? "" : "  FAIL") << "\n";
    for (const auto& f : r.families) passed_total += f.passed;
    failed_total += r.failed();
    if (verbose)
      for (const auto& line : r.failures) std::cout << "    " << line << "\n";
  }
  std::cout << "\n" << passed_total << " passed, " << failed_total << " failed\n";
  return failed_total;
}

}  // namespace radiomics::cli
