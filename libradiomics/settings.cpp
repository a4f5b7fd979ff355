// JSON configuration -> typed Settings. Every key is handled once here, with its type check and
// range; docs/configuration.md describes the same keys for users. An unknown key, a wrong type or
// an out-of-range value is a SettingsError whose message names the key ("texture.glcm_distance").
#include <algorithm>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "preprocess/resource_limits.hpp"
#include "radiomics/errors.hpp"
#include "radiomics/registry.hpp"
#include "radiomics/settings.hpp"

namespace radiomics {
namespace {

using nlohmann::json;

/// Name of an aggregation in configuration files: its tag suffix without the underscore.
const char* aggregation_name(Aggregation a) { return aggregation_suffix(a) + 1; }

[[noreturn]] void fail(const std::string& key, const std::string& what) {
  throw SettingsError("setting '" + key + "': " + what);
}

std::string type_name(const json& j) { return j.type_name(); }

/// Rejects keys of `object` that are not in `allowed`, naming the first unknown one.
void check_keys(const json& object, const std::string& where,
                std::initializer_list<const char*> allowed) {
  if (!object.is_object()) fail(where, "expected an object, got " + type_name(object));
  for (const auto& item : object.items()) {
    bool known = false;
    for (const char* a : allowed) known = known || item.key() == a;
    if (!known) {
      std::string list;
      for (const char* a : allowed) list += std::string(list.empty() ? "" : ", ") + a;
      fail(where.empty() ? item.key() : where + "." + item.key(),
           "unknown key (allowed" + std::string(where.empty() ? "" : " in " + where) + ": " +
               list + ")");
    }
  }
}

std::string key_path(const std::string& where, const char* key) {
  return where.empty() ? key : where + "." + key;
}

double get_number(const json& j, const std::string& key) {
  if (!j.is_number()) fail(key, "expected a number, got " + type_name(j));
  const double v = j.get<double>();
  if (!std::isfinite(v)) fail(key, "must be finite");
  return v;
}

double get_positive(const json& j, const std::string& key) {
  const double v = get_number(j, key);
  if (v <= 0) fail(key, "must be > 0, got " + j.dump());
  return v;
}

/// A voxel spacing in mm: positive and within the plausible range (1 um to 1 m).
double get_spacing(const json& j, const std::string& key) {
  const double v = get_positive(j, key);
  if (!plausible_spacing(v))
    fail(key, "must be between 0.001 and 1000 mm (the plausible range, 1 um to 1 m), got " + j.dump());
  return v;
}

int get_int(const json& j, const std::string& key, int min_value, int max_value) {
  if (!j.is_number_integer()) fail(key, "expected an integer, got " + j.dump());
  const auto v = j.get<long long>();
  if (v < min_value || v > max_value)
    fail(key, "must be between " + std::to_string(min_value) + " and " +
                  std::to_string(max_value) + ", got " + std::to_string(v));
  return static_cast<int>(v);
}

bool get_bool(const json& j, const std::string& key) {
  if (!j.is_boolean()) fail(key, "expected true or false, got " + j.dump());
  return j.get<bool>();
}

std::string get_string(const json& j, const std::string& key) {
  if (!j.is_string()) fail(key, "expected a string, got " + j.dump());
  return j.get<std::string>();
}

DiscretisationSettings parse_discretisation(const json& j, const std::string& where) {
  check_keys(j, where, {"method", "bin_width", "bin_count", "lower_bound"});
  DiscretisationSettings d;
  if (!j.contains("method")) fail(key_path(where, "method"), "missing (none, fixed_bin_size or fixed_bin_number)");
  const std::string method = get_string(j["method"], key_path(where, "method"));
  if (method == "none") {
    d.method = DiscretisationMethod::None;
  } else if (method == "fixed_bin_size") {
    d.method = DiscretisationMethod::FixedBinSize;
    if (!j.contains("bin_width")) fail(key_path(where, "bin_width"), "required for fixed_bin_size");
  } else if (method == "fixed_bin_number") {
    d.method = DiscretisationMethod::FixedBinNumber;
    if (!j.contains("bin_count")) fail(key_path(where, "bin_count"), "required for fixed_bin_number");
  } else {
    fail(key_path(where, "method"),
         "unknown method '" + method + "' (none, fixed_bin_size, fixed_bin_number)");
  }
  // A key that the chosen method does not use is a mistake in the configuration, not a no-op.
  const auto unused_by_method = [&](const char* key) {
    if (j.contains(key)) fail(key_path(where, key), "is not used by method '" + method + "'");
  };
  if (d.method != DiscretisationMethod::FixedBinSize) {
    unused_by_method("bin_width");
    unused_by_method("lower_bound");
  }
  if (d.method != DiscretisationMethod::FixedBinNumber) unused_by_method("bin_count");
  if (j.contains("bin_width")) d.bin_width = get_positive(j["bin_width"], key_path(where, "bin_width"));
  if (j.contains("bin_count"))
    d.bin_count = get_int(j["bin_count"], key_path(where, "bin_count"), 1, 1000000);
  if (j.contains("lower_bound") && !j["lower_bound"].is_null())
    d.lower_bound = get_number(j["lower_bound"], key_path(where, "lower_bound"));
  return d;
}

json discretisation_to_json(const DiscretisationSettings& d) {
  json j;
  switch (d.method) {
    case DiscretisationMethod::None: j["method"] = "none"; break;
    case DiscretisationMethod::FixedBinSize:
      j["method"] = "fixed_bin_size";
      j["bin_width"] = d.bin_width;
      if (d.lower_bound) j["lower_bound"] = *d.lower_bound;
      break;
    case DiscretisationMethod::FixedBinNumber:
      j["method"] = "fixed_bin_number";
      j["bin_count"] = d.bin_count;
      break;
  }
  return j;
}

void parse_interpolation(const json& j, Settings& s) {
  if (j.is_null()) return;
  check_keys(j, "interpolation", {"spacing", "method", "mask_threshold"});
  s.interpolation.enabled = true;
  if (!j.contains("spacing")) fail("interpolation.spacing", "missing (a number or [x, y, z] in mm)");
  const json& sp = j["spacing"];
  if (sp.is_number()) {
    const double v = get_spacing(sp, "interpolation.spacing");
    s.interpolation.spacing = {v, v, v};
  } else if (sp.is_array() && sp.size() == 3) {
    for (int a = 0; a < 3; ++a)
      s.interpolation.spacing[static_cast<std::size_t>(a)] =
          get_spacing(sp[static_cast<std::size_t>(a)], "interpolation.spacing[" + std::to_string(a) + "]");
  } else {
    fail("interpolation.spacing", "expected a number or an array of 3 numbers, got " + sp.dump());
  }
  if (j.contains("method")) {
    const std::string m = get_string(j["method"], "interpolation.method");
    if (m == "nearest") s.interpolation.method = InterpolationMethod::Nearest;
    else if (m == "linear") s.interpolation.method = InterpolationMethod::Linear;
    else if (m == "cubic") s.interpolation.method = InterpolationMethod::Cubic;
    else fail("interpolation.method", "unknown method '" + m + "' (nearest, linear, cubic)");
  }
  if (j.contains("mask_threshold")) {
    const double t = get_number(j["mask_threshold"], "interpolation.mask_threshold");
    if (t <= 0 || t > 1) fail("interpolation.mask_threshold", "must be in (0, 1], got " + j["mask_threshold"].dump());
    s.interpolation.mask_threshold = t;
  }
}

void parse_resegmentation(const json& j, Settings& s) {
  if (j.is_null()) return;
  check_keys(j, "resegmentation", {"range", "outlier_sigma"});
  if (j.contains("range") && !j["range"].is_null()) {
    const json& r = j["range"];
    if (!r.is_array() || r.size() != 2)
      fail("resegmentation.range", "expected [lower, upper] (either may be null), got " + r.dump());
    if (!r[0].is_null()) s.resegmentation.lower = get_number(r[0], "resegmentation.range[0]");
    if (!r[1].is_null()) s.resegmentation.upper = get_number(r[1], "resegmentation.range[1]");
    if (s.resegmentation.lower && s.resegmentation.upper &&
        *s.resegmentation.lower > *s.resegmentation.upper)
      fail("resegmentation.range", "lower bound is above the upper bound: " + r.dump());
  }
  if (j.contains("outlier_sigma") && !j["outlier_sigma"].is_null())
    s.resegmentation.outlier_sigma = get_positive(j["outlier_sigma"], "resegmentation.outlier_sigma");
}

void parse_texture(const json& j, Settings& s) {
  check_keys(j, "texture", {"aggregations", "glcm_distance", "glcm_symmetric", "ngtdm_distance",
                            "ngldm_distance", "ngldm_alpha", "distance_weighting"});
  TextureSettings& t = s.texture;
  if (j.contains("aggregations")) {
    const json& a = j["aggregations"];
    if (a.is_string() && a.get<std::string>() == "all") {
      t.aggregations.assign(std::begin(kAllAggregations), std::end(kAllAggregations));
    } else if (a.is_array()) {
      for (const auto& item : a) {
        const std::string name = get_string(item, "texture.aggregations");
        const auto* match = std::find_if(std::begin(kAllAggregations), std::end(kAllAggregations),
                                         [&](Aggregation g) { return name == aggregation_name(g); });
        if (match != std::end(kAllAggregations)) t.aggregations.push_back(*match);
        else
          fail("texture.aggregations", "unknown aggregation '" + name +
                                           "' (2D_avg, 2D_comb, 2_5D_avg, 2_5D_comb, 3D_avg, "
                                           "3D_comb, 2D, 2_5D, 3D, or \"all\")");
      }
    } else {
      fail("texture.aggregations", "expected \"all\" or a list, got " + a.dump());
    }
  }
  if (j.contains("glcm_distance")) t.glcm_distance = get_int(j["glcm_distance"], "texture.glcm_distance", 1, 100);
  if (j.contains("glcm_symmetric")) t.glcm_symmetric = get_bool(j["glcm_symmetric"], "texture.glcm_symmetric");
  if (j.contains("ngtdm_distance")) t.ngtdm_distance = get_int(j["ngtdm_distance"], "texture.ngtdm_distance", 1, 100);
  if (j.contains("ngldm_distance")) t.ngldm_distance = get_int(j["ngldm_distance"], "texture.ngldm_distance", 1, 100);
  if (j.contains("ngldm_alpha")) t.ngldm_alpha = get_int(j["ngldm_alpha"], "texture.ngldm_alpha", 0, 1000000);
  if (j.contains("distance_weighting")) {
    const std::string w = get_string(j["distance_weighting"], "texture.distance_weighting");
    if (w == "none") t.distance_weighting = DistanceWeighting::None;
    else if (w == "manhattan") t.distance_weighting = DistanceWeighting::Manhattan;
    else if (w == "euclidean") t.distance_weighting = DistanceWeighting::Euclidean;
    else if (w == "chebyshev") t.distance_weighting = DistanceWeighting::Chebyshev;
    else fail("texture.distance_weighting", "unknown weighting '" + w + "' (none, manhattan, euclidean, chebyshev)");
  }
}

void parse_families(const json& j, Settings& s) {
  if (j.is_string() && j.get<std::string>() == "all") {
    s.families.clear();
    return;
  }
  if (!j.is_array() || j.empty()) fail("families", "expected \"all\" or a non-empty list of family names");
  for (const auto& item : j) {
    const std::string name = get_string(item, "families");
    // The family names are the registry's.
    const auto all = families();
    const auto match = std::find_if(all.begin(), all.end(), [&](const FamilyInfo& f) { return f.name == name; });
    if (match != all.end()) {
      s.families.push_back(match->family);
      continue;
    }
    std::string list;
    for (const FamilyInfo& f : all) list += (list.empty() ? "" : ", ") + std::string(f.name);
    fail("families", "unknown family '" + name + "' (" + list + ")");
  }
}

}  // namespace

const char* aggregation_suffix(Aggregation a) {
  switch (a) {
    case Aggregation::Avg2D: return "_2D_avg";
    case Aggregation::Comb2D: return "_2D_comb";
    case Aggregation::Avg2_5D: return "_2_5D_avg";
    case Aggregation::Comb2_5D: return "_2_5D_comb";
    case Aggregation::Avg3D: return "_3D_avg";
    case Aggregation::Comb3D: return "_3D_comb";
    case Aggregation::Slice2D: return "_2D";
    case Aggregation::Merged2_5D: return "_2_5D";
    case Aggregation::Volume3D: return "_3D";
  }
  return "";
}


bool Settings::family_enabled(Family f) const {
  if (families.empty()) return true;
  for (Family g : families)
    if (g == f) return true;
  return false;
}

bool Settings::rounds_intensities() const {
  return round_intensities.value_or(modality == "CT");
}

std::vector<Aggregation> Settings::effective_aggregations() const {
  if (!texture.aggregations.empty()) return texture.aggregations;
  if (slice_wise)
    return {Aggregation::Avg2D, Aggregation::Comb2D, Aggregation::Avg2_5D, Aggregation::Comb2_5D,
            Aggregation::Slice2D, Aggregation::Merged2_5D};
  return {Aggregation::Avg3D, Aggregation::Comb3D, Aggregation::Volume3D};
}

Settings Settings::from_json_text(const std::string& json_text) {
  json j;
  // A key given twice in one object is an error (JSON parsers otherwise keep the last silently).
  std::vector<std::vector<std::string>> keys_per_object;
  std::string duplicate;
  const json::parser_callback_t reject_duplicates = [&](int, json::parse_event_t event, json& parsed) {
    if (event == json::parse_event_t::object_start) keys_per_object.emplace_back();
    if (event == json::parse_event_t::object_end && !keys_per_object.empty()) keys_per_object.pop_back();
    if (event == json::parse_event_t::key && !keys_per_object.empty()) {
      auto& seen = keys_per_object.back();
      const std::string key = parsed.get<std::string>();
      if (std::find(seen.begin(), seen.end(), key) != seen.end() && duplicate.empty()) duplicate = key;
      seen.push_back(key);
    }
    return true;
  };
  try {
    j = json::parse(json_text, reject_duplicates);
  } catch (const json::exception& e) {
    // parse_error for syntax, out_of_range for numbers such as 1e400.
    throw SettingsError(std::string("configuration is not valid JSON: ") + e.what());
  }
  if (!duplicate.empty()) fail(duplicate, "given more than once");
  check_keys(j, "",
             {"analysis", "modality", "round_intensities", "label", "diagnostics", "interpolation",
              "resegmentation", "discretisation", "ivh_discretisation", "families", "texture",
              "morphology", "memory_limit_gb"});
  Settings s;
  if (j.contains("analysis")) {
    const std::string a = get_string(j["analysis"], "analysis");
    if (a == "2D") s.slice_wise = true;
    else if (a == "3D") s.slice_wise = false;
    else fail("analysis", "expected \"2D\" (slice-wise) or \"3D\" (volumetric), got \"" + a + "\"");
  }
  if (j.contains("modality")) {
    s.modality = get_string(j["modality"], "modality");
    if (s.modality != "CT" && s.modality != "MR" && s.modality != "PET" && s.modality != "generic")
      fail("modality", "expected CT, MR, PET or generic, got \"" + s.modality + "\"");
  }
  if (j.contains("round_intensities")) s.round_intensities = get_bool(j["round_intensities"], "round_intensities");
  if (j.contains("label")) s.label = get_int(j["label"], "label", -2147483647, 2147483647);
  if (j.contains("diagnostics")) s.diagnostics = get_bool(j["diagnostics"], "diagnostics");
  if (j.contains("memory_limit_gb")) s.memory_limit_gb = get_positive(j["memory_limit_gb"], "memory_limit_gb");
  if (j.contains("interpolation")) parse_interpolation(j["interpolation"], s);
  if (j.contains("resegmentation")) parse_resegmentation(j["resegmentation"], s);
  if (j.contains("discretisation")) s.discretisation = parse_discretisation(j["discretisation"], "discretisation");
  if (j.contains("ivh_discretisation"))
    s.ivh_discretisation = parse_discretisation(j["ivh_discretisation"], "ivh_discretisation");
  if (j.contains("families")) parse_families(j["families"], s);
  if (j.contains("texture")) parse_texture(j["texture"], s);
  if (j.contains("morphology")) {
    check_keys(j["morphology"], "morphology", {"exact_moran_geary"});
    if (j["morphology"].contains("exact_moran_geary"))
      s.exact_moran_geary = get_bool(j["morphology"]["exact_moran_geary"], "morphology.exact_moran_geary");
  }
  // Contradictions between sections.
  for (Aggregation a : s.texture.aggregations) {
    const bool three_d = a == Aggregation::Avg3D || a == Aggregation::Comb3D || a == Aggregation::Volume3D;
    if (s.slice_wise && three_d)
      fail("texture.aggregations", std::string("3D aggregation '") + aggregation_name(a) +
                                       "' contradicts \"analysis\": \"2D\"");
  }
  return s;
}

Settings Settings::from_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    std::ifstream probe(path);
    throw FileNotFound("configuration file not found: " + path);
  }
  // Read at most 16 MiB: a configuration is a few hundred bytes, and a device such as /dev/zero
  // would otherwise be read until memory runs out.
  constexpr std::size_t kMaxConfigBytes = std::size_t{16} << 20;
  std::string text;
  char chunk[1 << 16];
  while (text.size() <= kMaxConfigBytes && in.read(chunk, sizeof chunk).gcount() > 0)
    text.append(chunk, static_cast<std::size_t>(in.gcount()));
  if (text.size() > kMaxConfigBytes)
    throw SettingsError(path + ": configuration is not valid JSON: larger than 16 MiB (is it the right file?)");
  try {
    return from_json_text(text);
  } catch (const SettingsError& e) {
    throw SettingsError(path + ": " + e.what());
  }
}

std::string Settings::to_json_text() const {
  json j;
  j["analysis"] = slice_wise ? "2D" : "3D";
  j["modality"] = modality;
  j["round_intensities"] = rounds_intensities();
  j["label"] = label;
  j["diagnostics"] = diagnostics;
  if (interpolation.enabled) {
    const char* methods[] = {"nearest", "linear", "cubic"};
    j["interpolation"] = {{"spacing", interpolation.spacing},
                          {"method", methods[static_cast<int>(interpolation.method)]},
                          {"mask_threshold", interpolation.mask_threshold}};
  }
  json reseg = json::object();
  if (resegmentation.lower || resegmentation.upper)
    reseg["range"] = {resegmentation.lower ? json(*resegmentation.lower) : json(nullptr),
                      resegmentation.upper ? json(*resegmentation.upper) : json(nullptr)};
  if (resegmentation.outlier_sigma) reseg["outlier_sigma"] = *resegmentation.outlier_sigma;
  if (!reseg.empty()) j["resegmentation"] = reseg;
  j["discretisation"] = discretisation_to_json(discretisation);
  j["ivh_discretisation"] = discretisation_to_json(ivh_discretisation);
  json fams = json::array();
  for (int f = 0; f < kFamilyCount; ++f)
    if (family_enabled(static_cast<Family>(f))) fams.push_back(std::string(family_info(static_cast<Family>(f)).name));
  j["families"] = fams;
  json aggs = json::array();
  for (Aggregation a : effective_aggregations()) aggs.push_back(aggregation_name(a));
  const char* weights[] = {"none", "manhattan", "euclidean", "chebyshev"};
  j["texture"] = {{"aggregations", aggs},
                  {"glcm_distance", texture.glcm_distance},
                  {"glcm_symmetric", texture.glcm_symmetric},
                  {"ngtdm_distance", texture.ngtdm_distance},
                  {"ngldm_distance", texture.ngldm_distance},
                  {"ngldm_alpha", texture.ngldm_alpha},
                  {"distance_weighting", weights[static_cast<int>(texture.distance_weighting)]}};
  j["morphology"] = {{"exact_moran_geary", exact_moran_geary}};
  if (memory_limit_gb) j["memory_limit_gb"] = *memory_limit_gb;
  return j.dump();
}

std::string Settings::digest() const {
  // FNV-1a 64-bit of the canonical JSON: stable across runs and platforms, enough to tell
  // two configurations apart in a results table (not a security hash).
  // The memory limit decides whether an extraction runs, never a value: it is left out.
  Settings values_only = *this;
  values_only.memory_limit_gb.reset();
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : values_only.to_json_text()) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

}  // namespace radiomics
