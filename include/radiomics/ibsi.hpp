// IBSI compliance checking: reference values, the IBSI pass rule, and the bundled cases.
// Used by `radiomics ibsi` and by the compliance tests.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "radiomics/feature_table.hpp"
#include "radiomics/image.hpp"

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

// ----- IBSI 2 (convolutional filters) -----

/// A phase 1 configuration: a phantom, a configuration with one filter, the consensus map.
struct ResponseMapCase {
  std::string id;  ///< "1A1", ...
  std::string image, config, reference;
};

/// The phase 1 cases listed in `data_dir`/configs/ibsi2/phase1/cases.csv (id,phantom).
std::vector<ResponseMapCase> ibsi2_phase1_cases(const std::string& data_dir);

/// A response map against its consensus map. IBSI 2 pass rule: every voxel within 1 % of the
/// consensus map's range (max - min).
struct MapScore {
  double max_difference = 0;  ///< max |computed - consensus| over the voxels
  double range = 0;           ///< max - min of the consensus map
  bool passed() const { return max_difference <= 0.01 * range; }
};

/// Compares two maps voxel by voxel; InputError when their grids differ.
MapScore compare_response_maps(const Image& computed, const Image& consensus);

/// Filters the case's phantom with its configuration (as `radiomics filter` does) and scores it.
MapScore run_response_map_case(const ResponseMapCase& c);

/// A phase 2 configuration (filtered CT phantom, intensity statistics): `data_dir`/configs/ibsi2/
/// phase2/<id>.json on the CT phantom. Their reference values are held out by the IBSI data
/// folder, so these cases are run, not scored.
struct FeatureCase {
  std::string id;  ///< "1A", ..., "9B"
  std::string image, mask, config;
};

/// The phase 2 cases whose configuration exists, in the order 1A, 1B, ..., 9B.
std::vector<FeatureCase> ibsi2_phase2_cases(const std::string& data_dir);

}  // namespace radiomics::ibsi
