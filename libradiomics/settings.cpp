// JSON configuration -> typed Settings. Every key is handled once here, with its type check and
// range; docs/configuration.md describes the same keys for users. An unknown key, a wrong type or
// an out-of-range value is a SettingsError whose message names the key ("texture.glcm_distance").
#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "pyradiomics/params.hpp"
#include "filters/filters.hpp"
#include "preprocess/resource_limits.hpp"
#include "radiomics/errors.hpp"
#include "radiomics/pyradiomics.hpp"
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
  check_keys(j, where, {"method", "bin_width", "bin_count", "lower_bound", "grey_levels"});
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
    unused_by_method("grey_levels");
  }
  if (d.method != DiscretisationMethod::FixedBinNumber) unused_by_method("bin_count");
  if (j.contains("bin_width")) d.bin_width = get_positive(j["bin_width"], key_path(where, "bin_width"));
  if (j.contains("bin_count"))
    d.bin_count = get_int(j["bin_count"], key_path(where, "bin_count"), 1, 1000000);
  if (j.contains("lower_bound") && !j["lower_bound"].is_null())
    d.lower_bound = get_number(j["lower_bound"], key_path(where, "lower_bound"));
  if (j.contains("grey_levels")) {
    const std::string rule = get_string(j["grey_levels"], key_path(where, "grey_levels"));
    if (rule == "highest_present") d.grey_levels = GreyLevelCount::HighestPresent;
    else if (rule == "resegmentation_range") d.grey_levels = GreyLevelCount::ResegmentationRange;
    else
      fail(key_path(where, "grey_levels"),
           "unknown rule '" + rule + "' (highest_present, resegmentation_range)");
  }
  return d;
}

/// `every_key`: also the optional keys that are unset, as null (see settings_json).
json discretisation_to_json(const DiscretisationSettings& d, bool every_key) {
  json j;
  switch (d.method) {
    case DiscretisationMethod::None: j["method"] = "none"; break;
    case DiscretisationMethod::FixedBinSize:
      j["method"] = "fixed_bin_size";
      j["bin_width"] = d.bin_width;
      if (d.lower_bound) j["lower_bound"] = *d.lower_bound;
      else if (every_key) j["lower_bound"] = nullptr;
      j["grey_levels"] = d.grey_levels == GreyLevelCount::HighestPresent ? "highest_present"
                                                                         : "resegmentation_range";
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
  // PyRadiomics mode also takes 0: keep that axis' spacing (PyRadiomics' resampledPixelSpacing).
  const bool zero_keeps = s.compatibility == Compatibility::PyRadiomics;
  const auto spacing = [&](const json& v, const std::string& key) {
    return zero_keeps && v.is_number() && v.get<double>() == 0.0 ? 0.0 : get_spacing(v, key);
  };
  if (sp.is_number()) {
    const double v = spacing(sp, "interpolation.spacing");
    s.interpolation.spacing = {v, v, v};
  } else if (sp.is_array() && sp.size() == 3) {
    for (int a = 0; a < 3; ++a)
      s.interpolation.spacing[static_cast<std::size_t>(a)] =
          spacing(sp[static_cast<std::size_t>(a)], "interpolation.spacing[" + std::to_string(a) + "]");
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

/// A family by its registry name ("glcm").
Family family_named(const std::string& name, const std::string& key) {
  const auto all = families();
  const auto match =
      std::find_if(all.begin(), all.end(), [&](const FamilyInfo& f) { return f.name == name; });
  if (match != all.end()) return match->family;
  std::string list;
  for (const FamilyInfo& f : all) list += (list.empty() ? "" : ", ") + std::string(f.name);
  fail(key, "unknown family '" + name + "' (" + list + ")");
}

void parse_families(const json& j, Settings& s) {
  if (j.is_string() && j.get<std::string>() == "all") {
    s.families.clear();
    return;
  }
  if (!j.is_array() || j.empty()) fail("families", "expected \"all\" or a non-empty list of family names");
  for (const auto& item : j)
    s.families.push_back(family_named(get_string(item, "families"), "families"));
}

// ----- Filtering (IBSI 2): the "filtering" section; docs/filters.md describes every key. -----

/// Shortest decimal form of a number for column prefixes: 1.5 -> "1.5", 5.0 -> "5".
std::string short_number(double v) {
  char buf[32];
  const auto result = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, result.ptr);
}

const char* pooling_name(Pooling p) { return p == Pooling::Max ? "max" : "mean"; }

/// The families a response map may get: intensity-based ones (morphology and local intensity
/// belong to the image itself).
bool allowed_on_response_maps(Family f) {
  return f != Family::Morphology && f != Family::LocalIntensity;
}

/// The Laws kernel of a filter: 2-character 1D kernel names, one per filtered axis.
std::string parse_laws_kernel(const json& j, const std::string& key, int dims) {
  const std::string kernel = get_string(j, key);
  const char* known = "L5, E5, S5, W5, R5, L3, E3, S3";
  if (kernel.size() % 2 != 0)
    fail(key, "'" + kernel + "' is not a sequence of 1D kernels (" + known + ")");
  for (std::size_t i = 0; i < kernel.size(); i += 2)
    if (filters::laws_kernel(kernel.substr(i, 2)).empty())
      fail(key,
           "unknown Laws kernel '" + kernel.substr(i, 2) + "' in '" + kernel + "' (" + known + ")");
  if (static_cast<int>(kernel.size() / 2) != dims)
    fail(key, "'" + kernel + "' has " + std::to_string(kernel.size() / 2) + " 1D kernels; a " +
                  std::to_string(dims) + "D filter needs " + std::to_string(dims) +
                  " (one per axis, x first)");
  return kernel;
}

FilterSettings parse_filter(const json& j, const std::string& where, bool slice_wise) {
  if (!j.is_object()) fail(where, "expected an object with a \"type\", got " + j.dump());
  if (!j.contains("type"))
    fail(key_path(where, "type"), "missing (mean, log, laws, gabor, wavelet, simoncelli)");
  const std::string type = get_string(j["type"], key_path(where, "type"));
  const auto key = [&](const char* k) { return key_path(where, k); };
  FilterSettings f;
  std::initializer_list<const char*> common = {"type", "dimensions", "boundary", "prefix"};
  std::vector<const char*> allowed(common);
  const auto allow = [&](std::initializer_list<const char*> keys) {
    allowed.insert(allowed.end(), keys);
  };
  if (type == "mean")
    allow({"support"});
  else if (type == "log")
    allow({"sigma", "truncate"});
  else if (type == "laws")
    allow({"kernel", "energy", "delta", "rotation_invariant", "pooling"});
  else if (type == "gabor")
    allow({"sigma", "gamma", "lambda", "theta", "theta_step", "rotation_invariant", "pooling"});
  else if (type == "wavelet")
    allow({"wavelet", "band", "level", "rotation_invariant", "pooling"});
  else if (type == "simoncelli")
    allow({"level"});
  else
    fail(key("type"),
         "unknown filter '" + type + "' (mean, log, laws, gabor, wavelet, simoncelli)");
  for (const auto& item : j.items())
    if (std::find_if(allowed.begin(), allowed.end(),
                     [&](const char* a) { return item.key() == a; }) == allowed.end()) {
      std::string list;
      for (const char* a : allowed) list += std::string(list.empty() ? "" : ", ") + a;
      fail(key_path(where, item.key().c_str()),
           "unknown key for a " + type + " filter (allowed: " + list + ")");
    }
  const auto required = [&](const char* k) -> const json& {
    if (!j.contains(k)) fail(key(k), std::string("required for a ") + type + " filter");
    return j[k];
  };

  f.volumetric = !slice_wise;
  if (j.contains("dimensions")) {
    const std::string d = get_string(j["dimensions"], key("dimensions"));
    if (d == "2D")
      f.volumetric = false;
    else if (d == "3D")
      f.volumetric = true;
    else
      fail(key("dimensions"), "expected \"2D\" (per axial slice) or \"3D\", got \"" + d + "\"");
  }
  const int dims = f.volumetric ? 3 : 2;
  if (j.contains("boundary")) {
    const std::string b = get_string(j["boundary"], key("boundary"));
    if (b == "zero")
      f.boundary = Boundary::Zero;
    else if (b == "nearest")
      f.boundary = Boundary::Nearest;
    else if (b == "periodic")
      f.boundary = Boundary::Periodic;
    else if (b == "mirror")
      f.boundary = Boundary::Mirror;
    else
      fail(key("boundary"),
           "unknown boundary condition '" + b + "' (zero, nearest, periodic, mirror)");
  }
  if (j.contains("rotation_invariant"))
    f.rotation_invariant = get_bool(j["rotation_invariant"], key("rotation_invariant"));
  f.pooling = type == "laws" ? Pooling::Max : Pooling::Mean;
  if (j.contains("pooling")) {
    const std::string p = get_string(j["pooling"], key("pooling"));
    if (p == "max")
      f.pooling = Pooling::Max;
    else if (p == "mean")
      f.pooling = Pooling::Mean;
    else
      fail(key("pooling"), "unknown pooling '" + p + "' (max, mean)");
  }

  if (type == "mean") {
    const int m = get_int(required("support"), key("support"), 1, 1001);
    if (m % 2 == 0)
      fail(key("support"),
           "must be odd (the kernel is centred on a voxel), got " + std::to_string(m));
    f.kind = MeanFilter{m};
  } else if (type == "log") {
    LogFilter l;
    l.sigma_mm = get_positive(required("sigma"), key("sigma"));
    if (j.contains("truncate")) l.truncate = get_positive(j["truncate"], key("truncate"));
    f.kind = l;
  } else if (type == "laws") {
    LawsFilter l;
    l.kernel = parse_laws_kernel(required("kernel"), key("kernel"), dims);
    if (j.contains("energy")) l.energy = get_bool(j["energy"], key("energy"));
    if (j.contains("delta")) {
      if (!l.energy) fail(key("delta"), "is used only with \"energy\": true");
      l.delta = get_int(j["delta"], key("delta"), 0, 500);
    }
    f.kind = l;
  } else if (type == "gabor") {
    GaborFilter g;
    g.sigma_mm = get_positive(required("sigma"), key("sigma"));
    g.gamma = get_positive(required("gamma"), key("gamma"));
    g.lambda_mm = get_positive(required("lambda"), key("lambda"));
    if (j.contains("theta")) g.theta_deg = get_number(j["theta"], key("theta"));
    if (j.contains("theta_step") && !j["theta_step"].is_null()) {
      g.theta_step_deg = get_positive(j["theta_step"], key("theta_step"));
      if (*g.theta_step_deg > 360) fail(key("theta_step"), "must be at most 360 degrees");
    }
    if (f.rotation_invariant && !f.volumetric)
      fail(key("rotation_invariant"),
           "a 2D Gabor filter acts in the axial plane only; pool orientations with \"theta_step\"");
    f.kind = g;
  } else if (type == "wavelet") {
    WaveletFilter w;
    w.wavelet = get_string(required("wavelet"), key("wavelet"));
    const auto names = filters::wavelet_families();
    if (std::find(names.begin(), names.end(), w.wavelet) == names.end()) {
      std::string list;
      for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
      fail(key("wavelet"), "unknown wavelet '" + w.wavelet + "' (" + list + ")");
    }
    w.band = get_string(required("band"), key("band"));
    if (w.band.find_first_not_of("LH") != std::string::npos ||
        static_cast<int>(w.band.size()) != dims)
      fail(key("band"), "'" + w.band + "' is not a band of a " + std::to_string(dims) +
                            "D filter: " + std::to_string(dims) +
                            " letters L (low-pass) or H (high-pass), x first, e.g. " +
                            (dims == 3 ? "\"LLH\"" : "\"LH\""));
    if (j.contains("level")) w.level = get_int(j["level"], key("level"), 1, 8);
    f.kind = w;
  } else {
    SimoncelliFilter s;
    if (j.contains("level")) s.level = get_int(j["level"], key("level"), 1, 8);
    f.kind = s;
  }
  // Pooling is a mistake where nothing is pooled.
  const bool pools =
      f.rotation_invariant || (type == "gabor" && std::get<GaborFilter>(f.kind).theta_step_deg);
  if (j.contains("pooling") && !pools)
    fail(key("pooling"), type == "gabor"
                             ? "is used only with \"theta_step\" or \"rotation_invariant\": true"
                             : "is used only with \"rotation_invariant\": true");

  f.prefix = default_filter_prefix(f, slice_wise);
  if (j.contains("prefix")) {
    f.prefix = get_string(j["prefix"], key("prefix"));
    if (f.prefix.empty() ||
        f.prefix.find_first_not_of(
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-") !=
            std::string::npos)
      fail(key("prefix"), "expected letters, digits, '_', '.' or '-', got \"" + f.prefix + "\"");
  }
  return f;
}

void parse_filtering(const json& j, Settings& s) {
  check_keys(j, "filtering",
             {"filters", "original_image", "families", "discretisation", "ivh_discretisation"});
  FilteringSettings& f = s.filtering;
  if (j.contains("original_image"))
    f.original_image = get_bool(j["original_image"], "filtering.original_image");
  if (j.contains("families")) {
    const json& fams = j["families"];
    if (!fams.is_array() || fams.empty())
      fail("filtering.families", "expected a non-empty list of family names, got " + fams.dump());
    f.families.clear();
    for (const auto& item : fams) {
      const Family family =
          family_named(get_string(item, "filtering.families"), "filtering.families");
      if (!allowed_on_response_maps(family))
        fail("filtering.families",
             "'" + std::string(family_info(family).name) +
                 "' is computed on the image itself only, not on response maps");
      f.families.push_back(family);
    }
  }
  if (j.contains("discretisation"))
    f.discretisation = parse_discretisation(j["discretisation"], "filtering.discretisation");
  if (j.contains("ivh_discretisation"))
    f.ivh_discretisation =
        parse_discretisation(j["ivh_discretisation"], "filtering.ivh_discretisation");
  if (j.contains("filters")) {
    const json& list = j["filters"];
    if (!list.is_array())
      fail("filtering.filters", "expected a list of filters, got " + list.dump());
    for (std::size_t i = 0; i < list.size(); ++i) {
      const std::string where = "filtering.filters[" + std::to_string(i) + "]";
      FilterSettings filter = parse_filter(list[i], where, s.slice_wise);
      for (const FilterSettings& other : f.filters)
        if (other.prefix == filter.prefix)
          fail(where, "column prefix '" + filter.prefix +
                          "' is already used by another filter; give one of them a \"prefix\"");
      f.filters.push_back(std::move(filter));
    }
  }
  if (!f.original_image && f.filters.empty())
    fail("filtering.original_image", "false leaves nothing to compute: no filters are configured");
}

json filter_to_json(const FilterSettings& f, bool every_key) {
  json j;
  j["type"] = filter_type_name(f.kind);
  j["dimensions"] = f.volumetric ? "3D" : "2D";
  j["boundary"] = boundary_name(f.boundary);
  if (const auto* m = std::get_if<MeanFilter>(&f.kind)) j["support"] = m->support;
  if (const auto* l = std::get_if<LogFilter>(&f.kind)) {
    j["sigma"] = l->sigma_mm;
    j["truncate"] = l->truncate;
  }
  if (const auto* l = std::get_if<LawsFilter>(&f.kind)) {
    j["kernel"] = l->kernel;
    j["energy"] = l->energy;
    if (l->energy) j["delta"] = l->delta;
  }
  if (const auto* g = std::get_if<GaborFilter>(&f.kind)) {
    j["sigma"] = g->sigma_mm;
    j["gamma"] = g->gamma;
    j["lambda"] = g->lambda_mm;
    j["theta"] = g->theta_deg;
    if (g->theta_step_deg) j["theta_step"] = *g->theta_step_deg;
    else if (every_key) j["theta_step"] = nullptr;
  }
  if (const auto* w = std::get_if<WaveletFilter>(&f.kind)) {
    j["wavelet"] = w->wavelet;
    j["band"] = w->band;
    j["level"] = w->level;
  }
  if (const auto* s = std::get_if<SimoncelliFilter>(&f.kind)) j["level"] = s->level;
  const bool pooling_capable = std::holds_alternative<LawsFilter>(f.kind) ||
                               std::holds_alternative<GaborFilter>(f.kind) ||
                               std::holds_alternative<WaveletFilter>(f.kind);
  if (pooling_capable && (f.volumetric || !std::holds_alternative<GaborFilter>(f.kind)))
    j["rotation_invariant"] = f.rotation_invariant;
  const bool pools = f.rotation_invariant || (std::holds_alternative<GaborFilter>(f.kind) &&
                                              std::get<GaborFilter>(f.kind).theta_step_deg);
  if (pools) j["pooling"] = pooling_name(f.pooling);
  j["prefix"] = f.prefix;
  return j;
}

json filtering_to_json(const FilteringSettings& f, bool every_key) {
  json fams = json::array();
  for (Family family : f.families) fams.push_back(std::string(family_info(family).name));
  json filters = json::array();
  for (const FilterSettings& filter : f.filters) filters.push_back(filter_to_json(filter, every_key));
  return {{"original_image", f.original_image},
          {"families", fams},
          {"discretisation", discretisation_to_json(f.discretisation, every_key)},
          {"ivh_discretisation", discretisation_to_json(f.ivh_discretisation, every_key)},
          {"filters", filters}};
}

/// One label of "label". 0 is refused: it is the background of every label map (labels_present
/// and "all" skip it), so a ROI of label 0 would be everything outside the segmentations.
int get_label(const json& j) {
  constexpr int kMin = -2147483647, kMax = 2147483647;
  const int v = get_int(j, "label", kMin, kMax);
  if (v == 0)
    fail("label", "0 is the background (the voxels outside every ROI), not a ROI; choose a label other than 0");
  return v;
}

/// "label": one integer, a list of integers, or "all".
void parse_label(const json& j, Settings& s) {
  if (j.is_string()) {
    if (j.get<std::string>() != "all") fail("label", "expected an integer, a list of integers or \"all\", got " + j.dump());
    s.all_labels = true;
    return;
  }
  if (!j.is_array()) {
    s.label = get_label(j);
    return;
  }
  if (j.empty()) fail("label", "the list of labels is empty");
  s.labels.clear();
  for (const json& item : j) {
    const int v = get_label(item);
    if (std::find(s.labels.begin(), s.labels.end(), v) != s.labels.end())
      fail("label", "label " + std::to_string(v) + " is listed twice");
    s.labels.push_back(v);
  }
  s.label = s.labels.front();
  if (s.labels.size() == 1) s.labels.clear();
}

}  // namespace

void Settings::select_labels(const std::string& text, const std::string& key) {
  json j;
  if (text == "all") {
    j = "all";
  } else {
    j = json::array();
    std::size_t start = 0;
    while (start <= text.size()) {
      const std::size_t comma = std::min(text.find(',', start), text.size());
      const std::string item = text.substr(start, comma - start);
      std::size_t used = 0;
      long long v = 0;
      try {
        v = std::stoll(item, &used);
      } catch (const std::exception&) {
        used = 0;
      }
      if (item.empty() || used != item.size())
        throw SettingsError("setting '" + key + "': expected a label, a comma-separated list of "
                            "labels (1,3,7) or \"all\", got \"" + text + "\"");
      j.push_back(v);
      start = comma + 1;
    }
  }
  Settings parsed;
  try {
    parse_label(j, parsed);
  } catch (const SettingsError& e) {
    std::string message = e.what();
    const std::string from = "setting 'label'";
    if (message.rfind(from, 0) == 0) message = "setting '" + key + "'" + message.substr(from.size());
    throw SettingsError(message);
  }
  label = parsed.label;
  labels = parsed.labels;
  all_labels = parsed.all_labels;
}

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

/// Column prefix of a filter (docs/filters.md, "Column names"). Stable: changing it renames
/// users' columns.
std::string default_filter_prefix(const FilterSettings& f, bool slice_wise_analysis) {
  std::string p;
  const bool pools = f.rotation_invariant || (std::holds_alternative<GaborFilter>(f.kind) &&
                                              std::get<GaborFilter>(f.kind).theta_step_deg);
  if (const auto* m = std::get_if<MeanFilter>(&f.kind)) p = "mean_m" + std::to_string(m->support);
  if (const auto* l = std::get_if<LogFilter>(&f.kind)) p = "log_s" + short_number(l->sigma_mm);
  if (const auto* l = std::get_if<LawsFilter>(&f.kind))
    p = "laws_" + l->kernel + (l->energy ? "_e" + std::to_string(l->delta) : "");
  if (const auto* g = std::get_if<GaborFilter>(&f.kind)) {
    p = "gabor_s" + short_number(g->sigma_mm) + "_g" + short_number(g->gamma) + "_l" +
        short_number(g->lambda_mm) + "_t" + short_number(g->theta_deg);
    if (g->theta_step_deg) p += "_ts" + short_number(*g->theta_step_deg);
  }
  if (const auto* w = std::get_if<WaveletFilter>(&f.kind))
    p = "wav_" + w->wavelet + "_l" + std::to_string(w->level) + "_" + w->band;
  if (const auto* s = std::get_if<SimoncelliFilter>(&f.kind))
    p = "simoncelli_l" + std::to_string(s->level);
  if (f.rotation_invariant) p += "_ri";
  if (pools) p += std::string("_") + pooling_name(f.pooling);
  if (f.volumetric == slice_wise_analysis) p += f.volumetric ? "_3D" : "_2D";
  return p;
}

Settings Settings::for_response_maps() const {
  Settings s = *this;
  s.families = filtering.families;
  s.discretisation = filtering.discretisation;
  s.ivh_discretisation = filtering.ivh_discretisation;
  return s;
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
             {"analysis", "modality", "round_intensities", "label", "diagnostics", "threads", "interpolation",
              "resegmentation", "discretisation", "ivh_discretisation", "families", "texture",
              "morphology", "compatibility", "pyradiomics", "filtering", "memory_limit_gb"});
  Settings s;
  if (j.contains("compatibility")) {
    const std::string c = get_string(j["compatibility"], "compatibility");
    if (c == "pyradiomics") s.compatibility = Compatibility::PyRadiomics;
    else if (c != "ibsi") fail("compatibility", "expected \"ibsi\" or \"pyradiomics\", got \"" + c + "\"");
  }
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
  if (j.contains("label")) parse_label(j["label"], s);
  if (j.contains("diagnostics")) s.diagnostics = get_bool(j["diagnostics"], "diagnostics");
  if (j.contains("threads")) s.threads = get_int(j["threads"], "threads", 0, 1024);
  if (j.contains("memory_limit_gb") && !j["memory_limit_gb"].is_null())
    s.memory_limit_gb = get_positive(j["memory_limit_gb"], "memory_limit_gb");
  if (j.contains("interpolation")) parse_interpolation(j["interpolation"], s);
  if (j.contains("resegmentation")) parse_resegmentation(j["resegmentation"], s);
  // Defaults that suit the modality's units (docs/configuration.md, "Defaults"): CT intensities
  // are calibrated HU, so bins of 25 HU mean the same in every scan and the IVH can use the
  // integer HU; other modalities have arbitrary units, where only a fixed bin number is sure to
  // give a sensible number of grey levels.
  if (s.modality == "CT") {
    s.discretisation = DiscretisationSettings::fixed_bin_size(25.0);
    s.ivh_discretisation = DiscretisationSettings::none();
  }
  // PyRadiomics mode defaults to PyRadiomics' bin width of 25.
  if (s.compatibility == Compatibility::PyRadiomics) s.discretisation = DiscretisationSettings::fixed_bin_size(25.0);
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
  if (s.compatibility == Compatibility::PyRadiomics) pyradiomics::parse_json(j, s);
  else if (j.contains("pyradiomics")) fail("pyradiomics", "needs \"compatibility\": \"pyradiomics\"");
  // After "analysis", which sets the filters' default dimensions.
  if (j.contains("filtering") && !j["filtering"].is_null()) parse_filtering(j["filtering"], s);
  if (s.compatibility == Compatibility::PyRadiomics) pyradiomics::parse_json_filtering(j, s);
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
  const auto ends_with = [&](const char* suffix) {
    const std::string s(suffix);
    return path.size() >= s.size() && path.compare(path.size() - s.size(), s.size(), s) == 0;
  };
  try {
    if (ends_with(".yaml") || ends_with(".yml")) return pyradiomics::settings_from_parameter_file(text);
    return from_json_text(text);
  } catch (const SettingsError& e) {
    throw SettingsError(path + ": " + e.what());
  }
}

namespace {

/// The settings as JSON. `every_key` false gives the canonical form that digest() hashes: it
/// leaves out the stages that are off and the optional keys that are unset, as it always has,
/// so that the settings_digest of a configuration stays what it was in earlier results tables.
/// `every_key` true is what `radiomics settings` prints: every key, with null for a stage that
/// is off (interpolation, filtering) and for an unset optional value; it parses back to the
/// same settings.
json settings_json(const Settings& s, bool every_key) {
  json j;
  j["analysis"] = s.slice_wise ? "2D" : "3D";
  j["modality"] = s.modality;
  j["round_intensities"] = s.rounds_intensities();
  if (s.all_labels) j["label"] = "all";
  else if (s.labels.size() > 1) j["label"] = s.labels;
  else j["label"] = s.label;
  j["diagnostics"] = s.diagnostics;
  j["threads"] = s.threads;
  if (every_key) j["compatibility"] = "ibsi";  // PyRadiomics mode: adjust_json sets it
  if (s.interpolation.enabled) {
    const char* methods[] = {"nearest", "linear", "cubic"};
    j["interpolation"] = {{"spacing", s.interpolation.spacing},
                          {"method", methods[static_cast<int>(s.interpolation.method)]},
                          {"mask_threshold", s.interpolation.mask_threshold}};
  } else if (every_key) {
    j["interpolation"] = nullptr;
  }
  const ResegmentationSettings& r = s.resegmentation;
  json reseg = json::object();
  if (r.lower || r.upper)
    reseg["range"] = {r.lower ? json(*r.lower) : json(nullptr), r.upper ? json(*r.upper) : json(nullptr)};
  else if (every_key)
    reseg["range"] = nullptr;
  if (r.outlier_sigma) reseg["outlier_sigma"] = *r.outlier_sigma;
  else if (every_key) reseg["outlier_sigma"] = nullptr;
  if (!reseg.empty()) j["resegmentation"] = reseg;
  j["discretisation"] = discretisation_to_json(s.discretisation, every_key);
  j["ivh_discretisation"] = discretisation_to_json(s.ivh_discretisation, every_key);
  json fams = json::array();
  for (int f = 0; f < kFamilyCount; ++f)
    if (s.family_enabled(static_cast<Family>(f))) fams.push_back(std::string(family_info(static_cast<Family>(f)).name));
  j["families"] = fams;
  json aggs = json::array();
  for (Aggregation a : s.effective_aggregations()) aggs.push_back(aggregation_name(a));
  const char* weights[] = {"none", "manhattan", "euclidean", "chebyshev"};
  const TextureSettings& t = s.texture;
  j["texture"] = {{"aggregations", aggs},
                  {"glcm_distance", t.glcm_distance},
                  {"glcm_symmetric", t.glcm_symmetric},
                  {"ngtdm_distance", t.ngtdm_distance},
                  {"ngldm_distance", t.ngldm_distance},
                  {"ngldm_alpha", t.ngldm_alpha},
                  {"distance_weighting", weights[static_cast<int>(t.distance_weighting)]}};
  j["morphology"] = {{"exact_moran_geary", s.exact_moran_geary}};
  // Without filters the filtering section's own defaults (response-map families and
  // discretisations) have no effect, so the stage shows as off.
  if (!s.filtering.filters.empty()) j["filtering"] = filtering_to_json(s.filtering, every_key);
  else if (every_key) j["filtering"] = nullptr;
  if (s.memory_limit_gb) j["memory_limit_gb"] = *s.memory_limit_gb;
  else if (every_key) j["memory_limit_gb"] = nullptr;
  if (s.compatibility == Compatibility::PyRadiomics) pyradiomics::adjust_json(j, s);
  return j;
}

}  // namespace

std::string Settings::to_json_text(int indent) const { return settings_json(*this, true).dump(indent); }

std::string Settings::digest() const {
  // FNV-1a 64-bit of the canonical JSON: stable across runs and platforms, enough to tell
  // two configurations apart in a results table (not a security hash).
  Settings values_only = *this;
  values_only.memory_limit_gb.reset();
  std::uint64_t h = 1469598103934665603ULL;
  // Neither the memory limit (whether an extraction runs) nor the number of threads (how fast)
  // changes a value: both are left out.
  values_only.threads = 0;
  for (unsigned char c : settings_json(values_only, false).dump()) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

}  // namespace radiomics
