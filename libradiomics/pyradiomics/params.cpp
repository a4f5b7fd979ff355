// PyRadiomics parameter files (YAML, read with yaml-cpp) -> libradiomics JSON configuration in
// PyRadiomics mode, and that mode's part of the JSON configuration. The meaning of each
// PyRadiomics key is PyRadiomics' (its documentation, "Customizing the extraction", and
// radiomics/schemas/paramSchema.yaml); kSettingKeys below says what each becomes here.
#include "pyradiomics/params.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>

#include "filters/filters.hpp"
#include "pyradiomics/crosswalk.hpp"
#include "pyradiomics/image_types.hpp"
#include "pyradiomics/settings_keys.hpp"
#include "radiomics/errors.hpp"
#include "radiomics/pyradiomics.hpp"

namespace radiomics::pyradiomics {
namespace {

using nlohmann::json;

[[noreturn]] void fail(const std::string& key, const std::string& what) {
  throw SettingsError("setting '" + key + "': " + what);
}

std::string show(const YAML::Node& node) {
  YAML::Emitter out;
  out << YAML::Flow << node;
  return out.c_str();
}

double number(const YAML::Node& node, const std::string& key) {
  double v = 0.0;
  if (!node.IsScalar() || !YAML::convert<double>::decode(node, v) || !std::isfinite(v))
    fail(key, "expected a number, got " + show(node));
  return v;
}

long long integer(const YAML::Node& node, const std::string& key, long long min, long long max) {
  long long v = 0;
  if (!node.IsScalar() || !YAML::convert<long long>::decode(node, v))
    fail(key, "expected an integer, got " + show(node));
  if (v < min || v > max)
    fail(key, "must be between " + std::to_string(min) + " and " + std::to_string(max) + ", got " + std::to_string(v));
  return v;
}

bool boolean(const YAML::Node& node, const std::string& key) {
  bool v = false;
  if (!node.IsScalar() || !YAML::convert<bool>::decode(node, v)) fail(key, "expected true or false, got " + show(node));
  return v;
}

std::string text(const YAML::Node& node, const std::string& key) {
  if (!node.IsScalar()) fail(key, "expected a string, got " + show(node));
  return node.Scalar();
}

std::vector<double> numbers(const YAML::Node& node, const std::string& key) {
  if (!node.IsSequence()) fail(key, "expected a list of numbers, got " + show(node));
  std::vector<double> out;
  for (std::size_t i = 0; i < node.size(); ++i) out.push_back(number(node[i], key + "[" + std::to_string(i) + "]"));
  return out;
}

// ---------------------------------------------------------------------------------------------
// imageType. Original is the image itself; LoG and Wavelet are IBSI 2 filters ("filtering"),
// whose response maps get PyRadiomics' feature classes (shape excepted) under PyRadiomics' image
// type names. The other filtered image types have no IBSI 2 counterpart.

constexpr const char* kUnmappedImageTypes[] = {"Square",      "SquareRoot", "Logarithm", "Exponential",
                                               "Gradient",    "LBP2D",      "LBP3D"};

struct ImageType {
  std::string name;     ///< Original, LoG or Wavelet
  YAML::Node settings;  ///< its own settings (null or a map): PyRadiomics applies them over `setting`
};

/// Reads imageType, in file order (PyRadiomics' order of the image types' columns).
std::vector<ImageType> read_image_types(const YAML::Node& node) {
  if (!node.IsDefined() || node.IsNull()) return {{"Original", YAML::Node()}};  // PyRadiomics: Original only
  if (!node.IsMap()) fail("imageType", "expected a map of image types, got " + show(node));
  std::vector<ImageType> types;
  for (const auto& item : node) {
    const std::string name = item.first.as<std::string>();
    const std::string key = "imageType." + name;
    if (name == "Original" || name == "LoG" || name == "Wavelet") {
      if (!item.second.IsNull() && !item.second.IsMap()) fail(key, "expected a map of settings or nothing, got " + show(item.second));
      types.push_back({name, item.second});
      continue;
    }
    const bool unmapped = std::any_of(std::begin(kUnmappedImageTypes), std::end(kUnmappedImageTypes),
                                      [&](const char* t) { return name == t; });
    if (unmapped)
      fail(key, "this filtered image type has no counterpart among the IBSI 2 filters; Original, LoG and Wavelet "
                "can be extracted");
    fail(key, "unknown image type (PyRadiomics: Original, LoG, Wavelet, Square, SquareRoot, Logarithm, "
              "Exponential, Gradient, LBP2D, LBP3D)");
  }
  if (types.empty()) fail("imageType", "lists no image type (Original, LoG, Wavelet)");
  return types;
}

/// Settings that configure a filtered image type: its filter's parameters. In `setting` they are
/// defaults for that image type; they never change the rest of the configuration.
const char* image_type_of_filter_key(const std::string& name) {
  if (name == "sigma") return "LoG";
  if (name == "wavelet" || name == "start_level" || name == "level") return "Wavelet";
  return nullptr;
}

/// A filter parameter as PyRadiomics sees it: the image type's own value, else `setting`'s
/// (PyRadiomics passes `setting` updated with the image type's settings to the filter). `key`
/// names where it was found, for errors; an undefined node when neither has it.
struct FilterValue {
  YAML::Node node;
  std::string key;
  bool given() const { return node.IsDefined() && !node.IsNull(); }
};

FilterValue filter_value(const ImageType& type, const YAML::Node& setting, const std::string& name) {
  const YAML::Node& own = type.settings;
  if (own.IsMap() && own[name].IsDefined()) return {own[name], "imageType." + type.name + "." + name};
  if (setting.IsMap() && setting[name].IsDefined()) return {setting[name], "setting." + name};
  return {YAML::Node(), "imageType." + type.name + "." + name};
}

/// LoG: one IBSI 2 LoG filter per sigma. SimpleITK's recursive Gaussian reads beyond the border
/// the edge voxel's value (the nearest boundary); the sigma^2 scale normalisation is applied to
/// the response map in PyRadiomics mode (image_types.hpp).
json log_filters(const ImageType& type, const YAML::Node& setting) {
  const FilterValue sigma = filter_value(type, setting, "sigma");
  if (!sigma.given())
    fail("imageType.LoG", "needs 'sigma', a list of scales in mm (PyRadiomics computes no LoG image without one)");
  if (!sigma.node.IsSequence() || sigma.node.size() == 0)
    fail(sigma.key, "expected a non-empty list of scales in mm, got " + show(sigma.node));
  json filters = json::array();
  std::set<std::string> names;
  for (std::size_t i = 0; i < sigma.node.size(); ++i) {
    const std::string key = sigma.key + "[" + std::to_string(i) + "]";
    const double s = number(sigma.node[i], key);
    if (s <= 0) fail(key, "must be > 0 (a scale in mm), got " + show(sigma.node[i]));
    // Beyond any scanner's field of view; it also keeps the kernel's voxel count an int.
    constexpr double kLargestSigmaMm = 1e5;
    if (s > kLargestSigmaMm) fail(key, "must be at most 1e5 mm (100 m), got " + show(sigma.node[i]));
    const std::string name = log_image_type(python_number_text(sigma.node[i].Scalar(), s));
    if (!names.insert(name).second) fail(key, "is listed twice (" + name + ")");
    filters.push_back({{"type", "log"}, {"sigma", s}, {"dimensions", "3D"}, {"boundary", "nearest"}, {"prefix", name}});
  }
  return filters;
}

/// Wavelet: PyRadiomics' undecimated decomposition (PyWavelets' swtn, periodic) of levels
/// start_level + 1 .. start_level + level (1-based), each giving its detail bands, then the
/// approximation of the last. With force2D the decomposition is in-plane (x, y).
json wavelet_filters(const ImageType& type, const YAML::Node& setting, bool slice_wise) {
  const FilterValue family_value = filter_value(type, setting, "wavelet");
  const std::string wavelet = family_value.given() ? text(family_value.node, family_value.key) : "coif1";
  const std::string family = wavelet == "db1" ? "haar" : wavelet;  // PyWavelets' db1 is the Haar wavelet
  const std::vector<std::string> known = filters::wavelet_families();
  if (std::find(known.begin(), known.end(), family) == known.end())
    fail(family_value.key, "wavelet '" + wavelet + "' has no counterpart among libradiomics' wavelets (haar or db1, "
                           "db2, db3, coif1)");
  const FilterValue start_value = filter_value(type, setting, "start_level");
  const FilterValue level_value = filter_value(type, setting, "level");
  constexpr int kDeepestLevel = 8;  // the IBSI 2 wavelet filters' range
  const long long start = start_value.given() ? integer(start_value.node, start_value.key, 0, kDeepestLevel - 1) : 0;
  const long long levels = level_value.given() ? integer(level_value.node, level_value.key, 1, kDeepestLevel) : 1;
  if (start + levels > kDeepestLevel)
    fail(level_value.key, "start_level + level must be at most " + std::to_string(kDeepestLevel) + ", got " +
                              std::to_string(start + levels));
  const int dimensions = slice_wise ? 2 : 3;
  const auto filter = [&](const std::string& band, long long index) {
    return json{{"type", "wavelet"},         {"wavelet", family},
                {"band", band},              {"level", start + index},
                {"dimensions", slice_wise ? "2D" : "3D"}, {"boundary", "periodic"},
                {"prefix", wavelet_image_type(static_cast<int>(index), band)}};
  };
  json filters = json::array();
  for (long long index = 1; index <= levels; ++index)
    for (const std::string& band : wavelet_detail_bands(dimensions)) filters.push_back(filter(band, index));
  filters.push_back(filter(std::string(static_cast<std::size_t>(dimensions), 'L'), levels));
  return filters;
}

// ---------------------------------------------------------------------------------------------
// featureClass -> "pyradiomics": {"features": [...]}

json read_feature_classes(const YAML::Node& node) {
  if (!node.IsDefined() || node.IsNull()) return "default";  // PyRadiomics: every class
  if (!node.IsMap()) fail("featureClass", "expected a map of feature classes, got " + show(node));
  json list = json::array();
  for (const auto& item : node) {
    const std::string cls = item.first.as<std::string>();
    const std::string key = "featureClass." + cls;
    const auto all = classes();
    const bool known = std::any_of(all.begin(), all.end(), [&](const ClassInfo& c) { return c.name == cls; });
    if (cls == "shape2D")
      fail(key, "the 2D shape class (single-slice ROIs, force2D) has no counterpart; use 'shape'");
    if (!known) fail(key, "unknown feature class (shape, firstorder, glcm, glrlm, glszm, gldm, ngtdm)");
    const YAML::Node& names = item.second;
    if (names.IsNull() || (names.IsSequence() && names.size() == 0)) {
      list.push_back(cls);  // the class's default features
      continue;
    }
    if (!names.IsSequence()) fail(key, "expected a list of feature names or nothing, got " + show(names));
    for (std::size_t i = 0; i < names.size(); ++i) list.push_back(cls + "_" + text(names[i], key));
  }
  return list;
}

// ---------------------------------------------------------------------------------------------
// setting

struct Translator {
  json config = json::object();
  json py = json::object();
  std::vector<std::string> warnings;

  void warn(const std::string& key, const std::string& why) { warnings.push_back("PyRadiomics setting '" + key + "' " + why); }
};

std::string interpolation_method(const YAML::Node& node, const std::string& key) {
  // SimpleITK's interpolator enumeration, by name or value.
  long long code = 0;
  std::string name;
  if (YAML::convert<long long>::decode(node, code)) {
    name = std::to_string(code);
  } else {
    name = text(node, key);
    if (name.rfind("sitk", 0) != 0) name = "sitk" + name;
  }
  if (name == "sitkNearestNeighbor" || name == "1") return "nearest";
  if (name == "sitkLinear" || name == "2") return "linear";
  if (name == "sitkBSpline" || name == "sitkBSpline3" || name == "3") return "cubic";
  fail(key, "interpolator " + show(node) +
                " has no counterpart (sitkNearestNeighbor, sitkLinear and sitkBSpline map onto nearest, "
                "linear and cubic B-spline interpolation)");
}

void translate_settings(const YAML::Node& settings, const std::string& where, Translator& t) {
  if (!settings.IsDefined() || settings.IsNull()) return;
  if (!settings.IsMap()) fail(where, "expected a map of settings, got " + show(settings));
  for (const auto& item : settings) {
    const std::string name = item.first.as<std::string>();
    const std::string key = where + "." + name;
    const YAML::Node& v = item.second;
    const SettingKey* known = find_setting_key(name);
    if (known == nullptr) fail(key, "unknown PyRadiomics setting (docs/pyradiomics.md lists them)");
    if (const char* owner = image_type_of_filter_key(name)) {  // read with the image types
      if (where != "setting" && where != std::string("imageType.") + owner)
        t.warn(key, std::string("changes no value: it configures imageType ") + owner);
      continue;
    }
    if (known->handling == SettingHandling::Warning) {
      t.warn(name, std::string(known->counterpart));
      continue;
    }
    if (name == "binWidth") {
      const double w = number(v, key);
      if (w <= 0) fail(key, "must be > 0, got " + show(v));
      t.config["_binWidth"] = w;
    } else if (name == "binCount") {
      t.config["_binCount"] = integer(v, key, 1, 1000000);
    } else if (name == "label") {
      t.config["label"] = integer(v, key, 1, 2147483647);
    } else if (name == "resampledPixelSpacing") {
      if (v.IsNull()) {
        t.config.erase("_spacing");
        continue;
      }
      const std::vector<double> spacing = numbers(v, key);
      if (spacing.size() != 3) fail(key, "expected [x, y, z] (mm; 0 keeps an axis' spacing), got " + show(v));
      for (double s : spacing)
        if (s < 0) fail(key, "spacings must be >= 0 (0 keeps the original spacing), got " + show(v));
      t.config["_spacing"] = spacing;
    } else if (name == "interpolator") {
      t.config["_interpolator"] = interpolation_method(v, key);
    } else if (name == "resegmentRange") {
      if (v.IsNull()) t.config.erase("_resegmentRange");
      else t.config["_resegmentRange"] = numbers(v, key);
    } else if (name == "resegmentMode") {
      const std::string mode = text(v, key);
      if (mode != "absolute" && mode != "relative" && mode != "sigma")
        fail(key, "expected absolute, relative or sigma, got " + show(v));
      if (mode == "relative")
        fail(key, "'relative' (bounds as fractions of the ROI maximum) has no counterpart; use absolute or sigma");
      t.config["_resegmentMode"] = mode;
    } else if (name == "resegmentShape") {
      if (boolean(v, key))
        fail(key, "true (re-segmenting the shape's mask too) has no counterpart: re-segmentation changes "
                  "the intensity mask only, as in IBSI");
    } else if (name == "minimumROIDimensions") {
      t.py["minimum_roi_dimensions"] = integer(v, key, 1, 3);
    } else if (name == "minimumROISize") {
      if (v.IsNull()) t.py["minimum_roi_size"] = nullptr;
      else t.py["minimum_roi_size"] = integer(v, key, 1, 9223372036854775807LL);
    } else if (name == "force2D") {
      if (boolean(v, key)) t.config["analysis"] = "2D";
      else t.config.erase("analysis");
    } else if (name == "force2Ddimension") {
      if (integer(v, key, 0, 2) != 0)
        fail(key, "only 0 (axial slices, the first array axis) has a counterpart");
    } else if (name == "distances") {
      const std::vector<double> d = numbers(v, key);
      if (d.empty() || std::any_of(d.begin(), d.end(), [](double x) { return x != 1.0; }))
        fail(key, "only [1] has a counterpart (PyRadiomics' larger distances take the neighbours at exactly "
                  "that distance; IBSI scales the 13 directions)");
    } else if (name == "symmetricalGLCM") {
      t.config["texture"]["glcm_symmetric"] = boolean(v, key);
    } else if (name == "weightingNorm") {
      if (v.IsNull()) {
        t.py["merge_directions"] = false;
        continue;
      }
      const std::string norm = text(v, key);
      if (norm == "no_weighting") {
        t.py["merge_directions"] = true;
      } else if (norm == "manhattan" || norm == "euclidean" || norm == "infinity") {
        fail(key, "'" + norm + "' (PyRadiomics' exp(-d^2) weights) has no counterpart; null (average over "
                  "directions) and 'no_weighting' (directions summed) have");
      } else {
        fail(key, "expected null, no_weighting, manhattan, euclidean or infinity, got " + show(v));
      }
    } else if (name == "gldm_a") {
      t.config["texture"]["ngldm_alpha"] = integer(v, key, 0, 1000000);
    } else if (name == "voxelArrayShift") {
      t.py["voxel_array_shift"] = number(v, key);
    } else if (name == "additionalInfo") {
      t.config["diagnostics"] = boolean(v, key);
    } else if (name == "normalize") {
      if (boolean(v, key))
        fail(key, "true (PyRadiomics' whole-image z-score normalisation) has no counterpart");
    } else if (name == "label_channel") {
      if (integer(v, key, 0, 1000000) != 0) fail(key, "only channel 0 has a counterpart (masks have one channel)");
    } else {
      fail(key, "internal: the key is listed but not handled");  // kSettingKeys and this function disagree
    }
  }
}

/// Turns the collected PyRadiomics values into libradiomics JSON keys.
void finish(Translator& t) {
  json& c = t.config;
  // Discretisation: binCount wins over binWidth, as in PyRadiomics; default bin width 25.
  if (c.contains("_binCount")) {
    if (c.contains("_binWidth")) t.warn("binWidth", "is ignored because binCount is set (as in PyRadiomics)");
    c["discretisation"] = {{"method", "fixed_bin_number"}, {"bin_count", c["_binCount"]}};
  } else {
    c["discretisation"] = {{"method", "fixed_bin_size"}, {"bin_width", c.value("_binWidth", json(25.0))}};
  }
  // Resampling: spacing 0 keeps an axis; all zeros is no resampling.
  if (c.contains("_spacing")) {
    const std::vector<double> spacing = c["_spacing"];
    if (std::any_of(spacing.begin(), spacing.end(), [](double s) { return s > 0; }))
      c["interpolation"] = {{"spacing", spacing}, {"method", c.value("_interpolator", json("cubic"))}};
  } else if (c.contains("_interpolator")) {
    t.warn("interpolator", "has no effect without resampledPixelSpacing");
  }
  // Re-segmentation.
  const std::string mode = c.value("_resegmentMode", json("absolute")).get<std::string>();
  if (c.contains("_resegmentRange")) {
    const std::vector<double> r = c["_resegmentRange"];
    const std::string key = "setting.resegmentRange";
    if (r.empty() || r.size() > 2) fail(key, "expected [lower] or [lower, upper]");
    if (mode == "absolute") {
      if (r.size() == 2 && r[0] > r[1]) fail(key, "lower bound is above the upper bound");
      c["resegmentation"] = {{"range", {r[0], r.size() == 2 ? json(r[1]) : json(nullptr)}}};
    } else {  // sigma: mean + r[0] SD .. mean + r[1] SD; IBSI's outlier filter is symmetric
      if (r.size() != 2 || r[0] != -r[1] || r[1] <= 0)
        fail(key, "with resegmentMode sigma only a symmetric range [-k, k] has a counterpart (IBSI outlier "
                  "filtering, mean +- k SD)");
      c["resegmentation"] = {{"outlier_sigma", r[1]}};
    }
  } else if (c.contains("_resegmentMode")) {
    t.warn("resegmentMode", "has no effect without resegmentRange");
  }
  for (const char* k : {"_binCount", "_binWidth", "_spacing", "_interpolator", "_resegmentRange", "_resegmentMode"})
    c.erase(k);
  c["compatibility"] = "pyradiomics";
  c["pyradiomics"] = t.py;
}

// ---------------------------------------------------------------------------------------------
// JSON: the "pyradiomics" object.

std::vector<std::string> parse_feature_list(const json& j) {
  const std::string key = "pyradiomics.features";
  if (j.is_string() && j.get<std::string>() == "default") return {};
  if (!j.is_array() || j.empty())
    fail(key, "expected \"default\" or a non-empty list of feature classes (\"glcm\") and features (\"glcm_Idmn\")");
  std::vector<std::string> out;
  const auto add = [&](const std::string& k) {
    if (std::find(out.begin(), out.end(), k) != out.end()) fail(key, "'" + k + "' is listed twice");
    out.push_back(k);
  };
  for (const json& item : j) {
    if (!item.is_string()) fail(key, "expected strings, got " + item.dump());
    const std::string name = item.get<std::string>();
    const auto all = classes();
    const auto cls = std::find_if(all.begin(), all.end(), [&](const ClassInfo& c) { return c.name == name; });
    if (cls != all.end()) {  // a class: its default features
      for (const Feature& f : features())
        if (f.cls == cls->cls && f.is_default) add(feature_key(f));
      continue;
    }
    const Feature* f = find_feature(name);
    if (f == nullptr) {
      const std::size_t underscore = name.find('_');
      const std::string cls_name = name.substr(0, underscore);
      const bool known_class =
          std::any_of(all.begin(), all.end(), [&](const ClassInfo& c) { return c.name == cls_name; });
      if (!known_class || underscore == std::string::npos)
        fail(key, "unknown feature class in '" + name + "' (shape, firstorder, glcm, glrlm, glszm, gldm, ngtdm)");
      fail(key, "'" + name.substr(underscore + 1) + "' is not a PyRadiomics " + cls_name +
                    " feature (docs/pyradiomics.md lists them)");
    }
    if (f->rule == Rule::Deprecated) fail(key, "'" + name + "' is " + std::string(f->note));
    add(name);
  }
  return out;
}

/// The settings of one image type: `setting`, then the image type's own over it (PyRadiomics:
/// settings.copy().update(custom)). Without a feature list, for comparisons between image types.
Translator translate_for(const YAML::Node& setting, const YAML::Node& own, const std::string& type) {
  Translator t;
  translate_settings(setting, "setting", t);
  translate_settings(own, "imageType." + type, t);
  finish(t);
  return t;
}

json without_discretisation(json config) {
  config.erase("discretisation");
  return config;
}

/// With several image types, one image's processing serves them all, and the filtered images
/// share one discretisation (filtering.discretisation). So an image type's own setting may be
/// its filter's parameters or binWidth / binCount; any other own value that would change the
/// configuration is an error naming it, and a key that changes no value is a warning.
void check_own_settings(const ImageType& type, const YAML::Node& setting, const json& base, Translator& t) {
  if (!type.settings.IsMap()) return;
  for (const auto& item : type.settings) {
    const std::string name = item.first.as<std::string>();
    const std::string key = "imageType." + type.name + "." + name;
    if (const char* owner = image_type_of_filter_key(name)) {
      // Original's are warned about with its other settings (translate_settings).
      if (type.name != owner && type.name != "Original")
        t.warn(key, std::string("changes no value: it configures imageType ") + owner);
      continue;
    }
    const SettingKey* known = find_setting_key(name);
    if (known == nullptr) fail(key, "unknown PyRadiomics setting (docs/pyradiomics.md lists them)");
    if (known->handling == SettingHandling::Warning) {
      if (type.name != "Original") t.warn(key, std::string(known->counterpart));  // Original's: translate() warns
      continue;
    }
    if (name == "binWidth" || name == "binCount") continue;
    YAML::Node one;
    one[name] = item.second;
    if (without_discretisation(translate_for(setting, one, type.name).config) != without_discretisation(base))
      fail(key, "an image type's own value has no counterpart when several image types are extracted: libradiomics "
                "processes the image once for all of them (only binWidth, binCount and the filter's own keys may "
                "differ per image type; put this key in 'setting')");
  }
}

/// The filtered image types -> "filtering": the IBSI 2 filters with PyRadiomics' image type names
/// as column prefixes, in imageType order, and the filtered images' discretisation.
void add_filtered_image_types(const std::vector<ImageType>& types, const YAML::Node& setting, Translator& t) {
  const bool slice_wise = t.config.value("analysis", std::string("3D")) == "2D";
  const json base = translate_for(setting, YAML::Node(), "").config;
  json filters = json::array();
  std::optional<json> discretisation;
  std::string discretisation_of;
  for (const ImageType& type : types) {
    check_own_settings(type, setting, base, t);
    if (type.name == "Original") continue;
    const json own = translate_for(setting, type.settings, type.name).config["discretisation"];
    if (discretisation && *discretisation != own)
      fail("imageType." + type.name, "its binWidth / binCount differ from imageType." + discretisation_of +
                                         "'s; libradiomics discretises every filtered image alike");
    discretisation = own;
    discretisation_of = type.name;
    const json added = type.name == "LoG" ? log_filters(type, setting) : wavelet_filters(type, setting, slice_wise);
    filters.insert(filters.end(), added.begin(), added.end());
  }
  const bool original = std::any_of(types.begin(), types.end(), [](const ImageType& i) { return i.name == "Original"; });
  t.config["filtering"] = {{"original_image", original}, {"discretisation", *discretisation}, {"filters", filters}};
}

/// A filter parameter in `setting` whose image type is not extracted changes no value.
void warn_unused_filter_keys(const std::vector<ImageType>& types, const YAML::Node& setting, Translator& t) {
  if (!setting.IsMap()) return;
  for (const auto& item : setting) {
    const std::string name = item.first.as<std::string>();
    const char* owner = image_type_of_filter_key(name);
    if (owner == nullptr) continue;
    if (std::none_of(types.begin(), types.end(), [&](const ImageType& i) { return i.name == owner; }))
      t.warn(name, std::string("changes no value: it configures imageType ") + owner + ", which is not extracted");
  }
}

/// The translation of a parsed parameter file (translate_parameter_file turns yaml-cpp's
/// exceptions into SettingsError).
Translation translate(const YAML::Node& root) {
  Translator t;
  if (!root.IsMap()) {
    t.py["features"] = "default";
    finish(t);
    return {t.config, t.warnings};
  }
  for (const auto& item : root) {
    const std::string name = item.first.as<std::string>();
    if (name == "voxelSetting")
      fail(name, "voxel-based extraction (feature maps) has no counterpart");
    if (name != "imageType" && name != "featureClass" && name != "setting")
      fail(name, "unknown key (a PyRadiomics parameter file has imageType, featureClass and setting)");
  }
  const YAML::Node& file = root;
  const std::vector<ImageType> types = read_image_types(file["imageType"]);
  // yaml-cpp's node for an absent key throws on most queries: an absent `setting` is a null one.
  const YAML::Node setting = file["setting"].IsDefined() ? file["setting"] : YAML::Node();
  t.py["features"] = read_feature_classes(file["featureClass"]);
  translate_settings(setting, "setting", t);
  // The image's own processing and features: Original's settings win (per-image-type settings).
  for (const ImageType& type : types)
    if (type.name == "Original") translate_settings(type.settings, "imageType.Original", t);
  warn_unused_filter_keys(types, setting, t);
  finish(t);
  const bool filtered = std::any_of(types.begin(), types.end(), [](const ImageType& i) { return i.name != "Original"; });
  if (filtered) add_filtered_image_types(types, setting, t);
  return {t.config, t.warnings};
}

}  // namespace

Translation translate_parameter_file(const std::string& yaml_text) {
  YAML::Node root;
  try {
    root = YAML::Load(yaml_text);
  } catch (const YAML::Exception& e) {
    throw SettingsError(std::string("not a valid PyRadiomics parameter file (YAML): ") + e.what());
  }
  if (!root.IsNull() && !root.IsMap())
    throw SettingsError("not a PyRadiomics parameter file: expected a map with imageType, featureClass and setting");
  try {
    return translate(root);
  } catch (const YAML::Exception& e) {  // e.g. a map or list where a name belongs
    throw SettingsError(std::string("not a valid PyRadiomics parameter file: ") + e.what());
  }
}

/// PyRadiomics discretises the same way everywhere: the keys of the `discretisation` section of
/// `parent` (the configuration, or its filtering section at `prefix`) that would change that, and
/// the method "none", are errors naming the key.
void check_discretisation(const json& parent, const std::string& prefix, const DiscretisationSettings& d) {
  if (parent.contains("discretisation") && parent["discretisation"].is_object())
    for (const char* key : {"lower_bound", "grey_levels"})
      if (parent["discretisation"].contains(key))
        fail(prefix + "discretisation." + key, "is not used with \"compatibility\": \"pyradiomics\" (bins start at "
                                               "a multiple of the bin width, N_g is the highest level present)");
  if (d.method == DiscretisationMethod::None)
    fail(prefix + "discretisation.method", "\"none\" is not available with \"compatibility\": \"pyradiomics\" "
                                           "(PyRadiomics always discretises)");
}

void parse_json(const json& config, Settings& s) {
  // Keys of IBSI mode that have no meaning here are errors, not silent no-ops.
  for (const char* key : {"families", "ivh_discretisation", "morphology"})
    if (config.contains(key))
      fail(key, "is not used with \"compatibility\": \"pyradiomics\" (select features with pyradiomics.features)");
  if (config.contains("texture")) {
    for (const char* key : {"aggregations", "distance_weighting", "glcm_distance", "ngtdm_distance", "ngldm_distance"})
      if (config["texture"].contains(key))
        fail(std::string("texture.") + key, "is not used with \"compatibility\": \"pyradiomics\" (PyRadiomics mode "
                                            "follows PyRadiomics' aggregation and distance 1)");
  }
  if (config.contains("interpolation") && config["interpolation"].is_object() &&
      config["interpolation"].contains("mask_threshold"))
    fail("interpolation.mask_threshold", "is not used with \"compatibility\": \"pyradiomics\" (the mask is "
                                         "resampled by nearest neighbour, as in PyRadiomics)");
  check_discretisation(config, "", s.discretisation);

  if (!config.contains("pyradiomics")) return;
  const json& p = config["pyradiomics"];
  if (!p.is_object()) fail("pyradiomics", "expected an object, got " + p.dump());
  for (const auto& item : p.items()) {
    const std::string key = "pyradiomics." + item.key();
    const json& v = item.value();
    if (item.key() == "features") {
      s.pyradiomics.features = parse_feature_list(v);
    } else if (item.key() == "voxel_array_shift") {
      if (!v.is_number()) fail(key, "expected a number, got " + v.dump());
      s.pyradiomics.voxel_array_shift = v.get<double>();
    } else if (item.key() == "merge_directions") {
      if (!v.is_boolean()) fail(key, "expected true or false, got " + v.dump());
      s.pyradiomics.merge_directions = v.get<bool>();
    } else if (item.key() == "minimum_roi_dimensions") {
      if (!v.is_number_integer() || v.get<long long>() < 1 || v.get<long long>() > 3)
        fail(key, "expected 1, 2 or 3, got " + v.dump());
      s.pyradiomics.minimum_roi_dimensions = v.get<int>();
    } else if (item.key() == "minimum_roi_size") {
      if (v.is_null()) {
        s.pyradiomics.minimum_roi_size.reset();
      } else {
        if (!v.is_number_integer() || v.get<long long>() < 1) fail(key, "expected an integer >= 1 or null, got " + v.dump());
        s.pyradiomics.minimum_roi_size = v.get<long long>();
      }
    } else {
      fail(key, "unknown key (allowed in pyradiomics: features, voxel_array_shift, merge_directions, "
                "minimum_roi_dimensions, minimum_roi_size)");
    }
  }
}

void parse_json_filtering(const json& config, Settings& s) {
  if (!config.contains("filtering") || config["filtering"].is_null()) return;  // null: no filters
  const json& section = config["filtering"];
  for (const char* key : {"families", "ivh_discretisation"})
    if (section.contains(key))
      fail(std::string("filtering.") + key, "is not used with \"compatibility\": \"pyradiomics\" (filtered images get "
                                            "the classes of pyradiomics.features except shape)");
  if (!section.contains("discretisation")) s.filtering.discretisation = s.discretisation;  // PyRadiomics: one binWidth
  check_discretisation(section, "filtering.", s.filtering.discretisation);
  for (std::size_t i = 0; i < s.filtering.filters.size(); ++i) {
    FilterSettings& filter = s.filtering.filters[i];
    const json& given = section["filters"][i];
    const std::string where = "filtering.filters[" + std::to_string(i) + "]";
    const auto* log = std::get_if<LogFilter>(&filter.kind);
    const auto* wavelet = std::get_if<WaveletFilter>(&filter.kind);
    if (log == nullptr && wavelet == nullptr)
      fail(where + ".type", std::string("'") + filter_type_name(filter.kind) +
                                "' has no PyRadiomics image type (log is LoG, wavelet is Wavelet)");
    if (filter.rotation_invariant) fail(where + ".rotation_invariant", "PyRadiomics' filters are not rotation invariant");
    // SimpleITK's recursive Gaussian repeats the edge voxel; PyWavelets' swtn is periodic.
    if (!given.contains("boundary")) filter.boundary = log ? Boundary::Nearest : Boundary::Periodic;
    if (log && !given.contains("dimensions")) filter.volumetric = true;
    if (log && !filter.volumetric) fail(where + ".dimensions", "PyRadiomics' LoG is 3D");
    if (!given.contains("prefix"))
      filter.prefix = log ? log_image_type(python_float_repr(log->sigma_mm)) : wavelet_image_type(wavelet->level, wavelet->band);
    for (std::size_t k = 0; k < i; ++k)
      if (s.filtering.filters[k].prefix == filter.prefix)
        fail(where, "image type '" + filter.prefix + "' is already used by another filter; give one a \"prefix\"");
  }
}

Settings settings_from_parameter_file(const std::string& yaml_text) {
  Translation t = translate_parameter_file(yaml_text);
  // Bytes that are not UTF-8 (a parameter file may hold any) become U+FFFD rather than a
  // serializer exception; the name that holds them is then reported as unknown.
  Settings s = Settings::from_json_text(t.config.dump(-1, ' ', false, json::error_handler_t::replace));
  s.warnings = std::move(t.warnings);
  return s;
}

void adjust_json(json& j, const Settings& s) {
  for (const char* key : {"families", "ivh_discretisation", "morphology"}) j.erase(key);
  if (j.contains("texture"))
    for (const char* key : {"aggregations", "distance_weighting", "glcm_distance", "ngtdm_distance", "ngldm_distance"})
      j["texture"].erase(key);
  // Sections may be null (a stage that is off, in the printed settings).
  if (j.contains("interpolation") && j["interpolation"].is_object()) j["interpolation"].erase("mask_threshold");
  if (j.contains("discretisation"))
    for (const char* key : {"lower_bound", "grey_levels"}) j["discretisation"].erase(key);
  if (j.contains("filtering") && j["filtering"].is_object()) {
    for (const char* key : {"families", "ivh_discretisation"}) j["filtering"].erase(key);
    for (const char* key : {"lower_bound", "grey_levels"}) j["filtering"]["discretisation"].erase(key);
  }
  j["compatibility"] = "pyradiomics";
  json features = s.pyradiomics.features.empty() ? json("default") : json(s.pyradiomics.features);
  j["pyradiomics"] = {{"features", features},
                      {"voxel_array_shift", s.pyradiomics.voxel_array_shift},
                      {"merge_directions", s.pyradiomics.merge_directions},
                      {"minimum_roi_dimensions", s.pyradiomics.minimum_roi_dimensions},
                      {"minimum_roi_size", s.pyradiomics.minimum_roi_size ? json(*s.pyradiomics.minimum_roi_size)
                                                                          : json(nullptr)}};
}

}  // namespace radiomics::pyradiomics
