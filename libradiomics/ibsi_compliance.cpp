#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "radiomics/errors.hpp"
#include "radiomics/extractor.hpp"
#include "radiomics/filter.hpp"
#include "radiomics/ibsi.hpp"
#include "radiomics/registry.hpp"
#include "radiomics/writers.hpp"

namespace radiomics::ibsi {
namespace {

double round_significant(double x, int digits) {
  if (x == 0 || !std::isfinite(x)) return x;
  const double scale = std::pow(10.0, digits - 1 - static_cast<int>(std::floor(std::log10(std::fabs(x)))));
  return std::round(x * scale) / scale;
}

}  // namespace

std::vector<ReferenceValue> read_reference_csv(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw FileNotFound("reference file not found: " + path);
  std::vector<ReferenceValue> out;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::stringstream ss(line);
    std::string tag, ref, tol;
    std::getline(ss, tag, ',');
    std::getline(ss, ref, ',');
    std::getline(ss, tol, ',');
    if (tag.empty() || ref.empty()) continue;
    out.push_back({tag, std::stod(ref), tol.empty() ? 0.0 : std::stod(tol)});
  }
  return out;
}

bool within_tolerance(double value, double reference, double tolerance) {
  if (!std::isfinite(value)) return false;
  // A relative slack of 1e-9 absorbs the binary representation of decimal references.
  const double slack = 1e-9 * std::max(1.0, std::fabs(reference));
  return std::fabs(value - reference) <= tolerance + slack ||
         std::fabs(round_significant(value, 3) - reference) <= tolerance + slack;
}

std::string family_of_tag(const std::string& tag) {
  if (tag.rfind("morph_mask_", 0) == 0) return "diag";
  for (const FamilyInfo& f : families())
    if (tag.rfind(std::string(f.prefix), 0) == 0) return std::string(f.prefix.substr(0, f.prefix.size() - 1));
  return "diag";
}

std::vector<Case> bundled_cases(const std::string& data_dir) {
  namespace fs = std::filesystem;
  const fs::path d(data_dir);
  std::vector<Case> cases;
  const auto add = [&](const std::string& name, const std::string& phantom) {
    const fs::path ref = d / "reference" / (name + ".csv");
    if (!fs::exists(ref)) return;
    cases.push_back({name, (d / phantom / "image.nii.gz").string(), (d / phantom / "mask.nii.gz").string(),
                     (d / "configs" / (name + ".json")).string(), ref.string()});
  };
  add("digital_phantom", "digital_phantom");
  for (const char* c : {"config_a", "config_b", "config_c", "config_d", "config_e"}) add(c, "ct_phantom");
  if (cases.empty()) throw FileNotFound("no IBSI reference files under " + (d / "reference").string());
  return cases;
}

CaseResult score(const FeatureTable& table, const std::vector<ReferenceValue>& references) {
  CaseResult result;
  for (const ReferenceValue& r : references) {
    const std::string family = family_of_tag(r.tag);
    auto it = std::find_if(result.families.begin(), result.families.end(),
                           [&](const FamilyScore& s) { return s.family == family; });
    if (it == result.families.end()) {
      result.families.push_back({family, 0, 0});
      it = std::prev(result.families.end());
    }
    ++it->total;
    const auto value = table.find(r.tag);
    std::ostringstream expected;
    expected << "reference " << r.reference << " +- " << r.tolerance;
    if (!value) {
      result.failures.push_back(r.tag + ": missing, " + expected.str());
    } else if (!within_tolerance(*value, r.reference, r.tolerance)) {
      result.failures.push_back(r.tag + ": got " + format_value(*value) + ", " + expected.str());
    } else {
      ++it->passed;
    }
  }
  return result;
}

CaseResult run_case(const Case& c) {
  const Extractor extractor(Settings::from_file(c.config));
  return score(extractor.run_files(c.image, c.mask), read_reference_csv(c.reference));
}

std::vector<ResponseMapCase> ibsi2_phase1_cases(const std::string& data_dir) {
  namespace fs = std::filesystem;
  const fs::path d(data_dir);
  const fs::path list = d / "configs" / "ibsi2" / "phase1" / "cases.csv";
  std::ifstream in(list);
  if (!in) throw FileNotFound("IBSI 2 phase 1 case list not found: " + list.string());
  std::vector<ResponseMapCase> cases;
  std::string line;
  std::getline(in, line);  // header: id,phantom
  while (std::getline(in, line)) {
    const std::size_t comma = line.find(',');
    if (line.empty() || comma == std::string::npos) continue;
    const std::string id = line.substr(0, comma);
    const std::string phantom = line.substr(comma + 1);
    cases.push_back({id, (d / "ibsi2_phantoms" / phantom / "image.nii.gz").string(),
                     (d / "configs" / "ibsi2" / "phase1" / (id + ".json")).string(),
                     (d / "reference" / "ibsi2" / "phase1" / (id + ".nii.gz")).string()});
  }
  return cases;
}

MapScore compare_response_maps(const Image& computed, const Image& consensus) {
  if (computed.geometry.size != consensus.geometry.size ||
      computed.data.size() != consensus.data.size())
    throw InputError("response map and consensus map differ in size");
  MapScore s;
  if (consensus.data.empty()) return s;
  const auto [lo, hi] = std::minmax_element(consensus.data.begin(), consensus.data.end());
  s.range = static_cast<double>(*hi) - static_cast<double>(*lo);
  for (std::size_t i = 0; i < computed.data.size(); ++i) {
    const double d =
        std::fabs(static_cast<double>(computed.data[i]) - static_cast<double>(consensus.data[i]));
    if (!(d <= s.max_difference)) s.max_difference = std::isnan(d) ? INFINITY : d;
  }
  return s;
}

MapScore run_response_map_case(const ResponseMapCase& c) {
  const Image image = read_image(c.image);
  return compare_response_maps(filter_image(image.view(), Settings::from_file(c.config)),
                               read_image(c.reference));
}

std::vector<FeatureCase> ibsi2_phase2_cases(const std::string& data_dir) {
  namespace fs = std::filesystem;
  const fs::path d(data_dir);
  std::vector<FeatureCase> cases;
  for (char n = '1'; n <= '9'; ++n)
    for (char letter : {'A', 'B'}) {
      const std::string id = std::string(1, n) + letter;
      const fs::path config = d / "configs" / "ibsi2" / "phase2" / (id + ".json");
      if (fs::exists(config))
        cases.push_back({id, (d / "ct_phantom" / "image.nii.gz").string(),
                         (d / "ct_phantom" / "mask.nii.gz").string(), config.string()});
    }
  return cases;
}

}  // namespace radiomics::ibsi
