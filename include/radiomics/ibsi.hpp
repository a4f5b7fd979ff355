// IBSI compliance checking: reference values, the IBSI pass rule, and the bundled cases.
// Used by `radiomics ibsi` and by the compliance tests.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "radiomics/feature_table.hpp"

namespace radiomics::ibsi {

struct ReferenceValue {
  std::string tag;
  double reference = 0;
  double tolerance = 0;
};

/// Reads `tag,reference,tolerance` rows (header line first); rows without a value are skipped.
std::vector<ReferenceValue> read_reference_csv(const std::string& path);

/// The IBSI rule: |value - reference| <= tolerance, where the value may first be rounded to
/// 3 significant digits as the reference values are (both forms are accepted, because a few
/// diagnostic references carry more digits with tolerance 0).
bool within_tolerance(double value, double reference, double tolerance);

/// Family label of a tag for reporting: the registry prefix ("cm", "morph"), or "diag" for the
/// image-processing diagnostics.
std::string family_of_tag(const std::string& tag);

struct Case {
  std::string name;       ///< "digital_phantom", "config_a", ...
  std::string image, mask, config, reference;
};

/// The cases under a data folder laid out as ibsi_phantom/: the digital phantom and every
/// CT configuration whose reference file exists.
std::vector<Case> bundled_cases(const std::string& data_dir);

struct FamilyScore {
  std::string family;
  int passed = 0;
  int total = 0;
};

struct CaseResult {
  std::vector<FamilyScore> families;
  std::vector<std::string> failures;  ///< "tag: got X, reference R +- T" (or "missing")
  int failed() const { return static_cast<int>(failures.size()); }
};

/// Compares a feature table with reference values.
CaseResult score(const FeatureTable& table, const std::vector<ReferenceValue>& references);

/// Extracts a case and scores it.
CaseResult run_case(const Case& c);

}  // namespace radiomics::ibsi
