// The `_libradiomics` extension module: a thin layer over the C++ core, nothing more. Every
// extraction goes through radiomics::Extractor, exactly as the CLI's does, so Python and CSV
// values are the same numbers. The friendly API (paths or arrays, dict configs, cohorts, pandas)
// lives in libradiomics/__init__.py; this file only converts types, releases the GIL around the
// work and maps the library's typed errors to Python exceptions.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "output/csv_table.hpp"
#include "radiomics/radiomics.hpp"

namespace py = pybind11;

namespace {

using radiomics::Aggregation;
using radiomics::FeatureTable;
using radiomics::Settings;

/// A feature table as a dict in the CSV's column order: non-feature columns (strings), then
/// `warnings` joined with "; " as the CSV writer does, then the feature values (floats).
py::dict to_dict(const FeatureTable& table) {
  py::dict out;
  for (const auto& [name, value] : table.info()) out[py::str(name)] = py::str(value);
  std::string warnings;
  for (const auto& w : table.warnings()) warnings += (warnings.empty() ? "" : "; ") + w;
  out["warnings"] = py::str(warnings);
  for (const auto& [tag, value] : table.values()) out[py::str(tag)] = py::float_(value);
  return out;
}

/// The settings of one call: a copy, so that a per-case label selection ("3", "1,3,7", "all")
/// never changes the caller's object.
Settings with_labels(Settings settings, const std::optional<std::string>& label) {
  if (label) settings.select_labels(*label);
  return settings;
}

/// Runs the extractor without the GIL, so that Python threads extract in parallel. Nothing in
/// the lambda may touch a Python object. One dict per label of the selection.
template <class Work>
py::list run_released(Work&& work) {
  std::vector<FeatureTable> tables;
  {
    py::gil_scoped_release release;
    tables = work();
  }
  py::list rows;
  for (const FeatureTable& t : tables) rows.append(to_dict(t));
  return rows;
}

py::list extract_files(const Settings& settings, const std::string& image_path,
                       const std::string& mask_path, const std::optional<std::string>& label) {
  const radiomics::Extractor extractor(with_labels(settings, label));
  return run_released([&] { return extractor.run_files_labels(image_path, mask_path); });
}

/// One cohort case through the batch engine of `radiomics batch` (same rows, same errors): the
/// rows of its labels, or one row whose `error` says why the case failed. Never raises for the
/// case's own problems.
py::list extract_case(const Settings& settings, const std::string& image_path, const std::string& mask_path,
                      const std::string& label, const std::string& config, const std::string& roi,
                      const std::string& series) {
  radiomics::BatchCase c;
  c.image = image_path;
  c.mask = mask_path;
  c.label = label;
  c.config = config;
  c.roi = roi;
  c.series = series;
  return run_released([&] { return radiomics::extract_case(c, settings); });
}

/// A manifest read as `radiomics batch` reads it (relative paths resolved against its folder):
/// one dict per case with id, image, mask, label and config when given, then the other columns.
py::list read_manifest(const std::string& path) {
  py::list rows;
  for (const radiomics::BatchCase& c : radiomics::read_manifest(path)) {
    py::dict row;
    row["id"] = c.id;
    row["image"] = c.image;
    row["mask"] = c.mask;
    if (!c.label.empty()) row["label"] = c.label;
    if (!c.config.empty()) row["config"] = c.config;
    if (!c.roi.empty()) row["roi"] = c.roi;
    if (!c.series.empty()) row["series"] = c.series;
    for (const auto& [name, value] : c.columns) row[py::str(name)] = value;
    rows.append(row);
  }
  return rows;
}

/// RTSTRUCT/SEG masks by ROI (or a chosen DICOM series): one dict per ROI, `roi` first.
py::list extract_rois(const Settings& settings, const std::string& image_path, const std::string& mask_path,
                      const std::vector<std::string>& rois, const std::string& series_uid,
                      const std::optional<std::string>& label) {
  const radiomics::Extractor extractor(with_labels(settings, label));
  std::vector<FeatureTable> tables;
  {
    py::gil_scoped_release release;
    tables = radiomics::extract_rois(extractor, image_path, mask_path, rois, series_uid);
  }
  py::list out;
  for (const FeatureTable& table : tables) out.append(to_dict(table));
  return out;
}

/// The ROIs of an RTSTRUCT/SEG or the labels of a label map, as dicts.
py::list list_rois(const std::string& mask_path, const std::string& image_path, const std::string& series_uid) {
  py::list out;
  for (const radiomics::RoiInfo& roi : radiomics::list_rois(mask_path, image_path, series_uid)) {
    py::dict row;
    row["number"] = roi.number;
    row["name"] = roi.name;
    row["slices"] = roi.slices;
    row["voxels"] = roi.voxels ? py::object(py::int_(*roi.voxels)) : py::object(py::none());
    out.append(row);
  }
  return out;
}

/// Checks that `a` is a C-contiguous 3D array of T, the layout the core reads in place:
/// numpy's [z, y, x] with x fastest is the core's x + nx * (y + ny * z). Conversions are the
/// Python layer's job (done once, explicitly); here a wrong layout is a programming error.
template <class T>
const T* checked_data(const py::array& a, const char* what) {
  if (!py::isinstance<py::array_t<T, py::array::c_style>>(a))
    throw py::type_error(std::string(what) + ": expected a C-contiguous " +
                         py::str(py::dtype::of<T>()).cast<std::string>() + " array");
  if (a.ndim() != 3)
    throw py::value_error(std::string(what) + ": expected a 3D array (z, y, x), got " +
                          std::to_string(a.ndim()) + " dimensions");
  return static_cast<const T*>(a.data());
}

radiomics::Geometry geometry_of(const py::array& a, const std::array<double, 3>& spacing,
                                const std::array<double, 3>& origin,
                                const std::array<double, 9>& direction) {
  radiomics::Geometry g;
  g.size = {static_cast<std::size_t>(a.shape(2)), static_cast<std::size_t>(a.shape(1)),
            static_cast<std::size_t>(a.shape(0))};
  g.spacing = spacing;
  g.origin = origin;
  g.direction = direction;
  return g;
}

/// Extraction from arrays read in place (no copy): `image` float32 and `mask` int32, both
/// C-contiguous [z, y, x]. The py::array arguments keep the buffers alive during the call.
py::list extract_arrays(const Settings& settings, const py::array& image, const py::array& mask,
                        const std::array<double, 3>& spacing, const std::array<double, 3>& origin,
                        const std::array<double, 9>& direction, const std::optional<std::string>& label) {
  const float* image_data = checked_data<float>(image, "image");
  const std::int32_t* mask_data = checked_data<std::int32_t>(mask, "mask");
  for (py::ssize_t d = 0; d < 3; ++d)
    if (image.shape(d) != mask.shape(d))
      throw radiomics::InputError(
          "image and mask differ in geometry: shape (" + std::to_string(image.shape(0)) + ", " +
          std::to_string(image.shape(1)) + ", " + std::to_string(image.shape(2)) + ") vs (" +
          std::to_string(mask.shape(0)) + ", " + std::to_string(mask.shape(1)) + ", " +
          std::to_string(mask.shape(2)) + ")");
  const radiomics::Geometry geometry = geometry_of(image, spacing, origin, direction);
  const radiomics::ImageView image_view{image_data, geometry};
  const radiomics::LabelMapView mask_view{mask_data, geometry};
  const radiomics::Extractor extractor(with_labels(settings, label));
  return run_released([&] { return extractor.run_labels(image_view, mask_view); });
}

/// A response map as a new C-contiguous float32 array [z, y, x].
py::array_t<float> to_array(const radiomics::Image& map) {
  const auto& size = map.geometry.size;
  py::array_t<float> out({static_cast<py::ssize_t>(size[2]), static_cast<py::ssize_t>(size[1]),
                          static_cast<py::ssize_t>(size[0])});
  std::copy(map.data.begin(), map.data.end(), out.mutable_data());
  return out;
}

/// The response map of filter `index` of the settings over an image file (GIL released).
py::array_t<float> filter_file(const Settings& settings, const std::string& image_path,
                               std::size_t index) {
  radiomics::Image map;
  {
    py::gil_scoped_release release;
    map = radiomics::filter_image(radiomics::read_image(image_path).view(), settings, index);
  }
  return to_array(map);
}

/// The response map of filter `index` over a float32 C-contiguous [z, y, x] array (GIL released).
py::array_t<float> filter_array(const Settings& settings, const py::array& image,
                                const std::array<double, 3>& spacing, std::size_t index) {
  const radiomics::ImageView view{
      checked_data<float>(image, "image"),
      geometry_of(image, spacing, {0, 0, 0}, {1, 0, 0, 0, 1, 0, 0, 0, 1})};
  radiomics::Image map;
  {
    py::gil_scoped_release release;
    map = radiomics::filter_image(view, settings, index);
  }
  return to_array(map);
}

/// The aggregation names (tag suffixes without the leading underscore) of a texture family.
py::list aggregation_names(const radiomics::FamilyInfo& family) {
  py::list names;
  if (!family.textured) return names;
  const auto add = [&](Aggregation a) { names.append(std::string(radiomics::aggregation_suffix(a)).substr(1)); };
  if (family.directional) {
    for (Aggregation a : {Aggregation::Avg2D, Aggregation::Comb2D, Aggregation::Avg2_5D,
                          Aggregation::Comb2_5D, Aggregation::Avg3D, Aggregation::Comb3D})
      add(a);
  } else {
    for (Aggregation a : {Aggregation::Slice2D, Aggregation::Merged2_5D, Aggregation::Volume3D}) add(a);
  }
  return names;
}

/// The registry as a list of dicts, one per feature, in IBSI order.
py::list features() {
  py::list out;
  for (const radiomics::FamilyInfo& family : radiomics::families()) {
    const py::list aggregations = aggregation_names(family);
    for (const radiomics::FeatureInfo& f : family.features) {
      py::dict row;
      row["tag"] = py::str(std::string(f.tag));
      row["ibsi_id"] = py::str(std::string(f.ibsi_id));
      row["family"] = py::str(std::string(family.name));
      row["name"] = py::str(std::string(f.name));
      row["formula"] = py::str(std::string(f.formula));
      row["aggregations"] = py::list(aggregations);  // a copy per row: callers may edit it
      out.append(row);
    }
  }
  return out;
}

/// Library errors become the built-in exceptions a Python user expects, with the same message.
/// InputError and SettingsError get their own ValueError subclasses so callers can tell them
/// apart; FileNotFound and FileReadError map to the built-in OSError family.
void register_errors(py::module_& m) {
  py::register_exception<radiomics::InputError>(m, "InputError", PyExc_ValueError);
  py::register_exception<radiomics::SettingsError>(m, "SettingsError", PyExc_ValueError);
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const radiomics::FileNotFound& e) {
      PyErr_SetString(PyExc_FileNotFoundError, e.what());
    } catch (const radiomics::FileReadError& e) {
      PyErr_SetString(PyExc_OSError, e.what());
    }
  });
}

}  // namespace

PYBIND11_MODULE(_libradiomics, m) {
  m.doc() = "Bindings of the libradiomics C++ core; use the `libradiomics` package instead.";
  register_errors(m);

  py::class_<Settings>(m, "Settings",
                       "Typed settings of one extraction (parsed JSON configuration).")
      .def(py::init<>())
      .def_static("from_json_text", &Settings::from_json_text, py::arg("json_text"))
      .def_static("from_file", &Settings::from_file, py::arg("path"))
      .def_readonly("label", &Settings::label)
      .def("several_labels", &Settings::several_labels)
      .def_property_readonly("filter_prefixes",
                             [](const Settings& s) {
                               std::vector<std::string> prefixes;
                               for (const auto& f : s.filtering.filters)
                                 prefixes.push_back(f.prefix);
                               return prefixes;
                             })
      .def("to_json_text", &Settings::to_json_text, py::arg("indent") = -1)
      .def("digest", &Settings::digest);

  m.def("extract_files", &extract_files, py::arg("settings"), py::arg("image_path"),
        py::arg("mask_path"), py::arg("label") = py::none(),
        "Reads an image and a mask file and extracts their features, one dict per label of the "
        "selection \"3\", \"1,3,7\" or \"all\" (GIL released).");
  m.def("extract_arrays", &extract_arrays, py::arg("settings"), py::arg("image"), py::arg("mask"),
        py::arg("spacing"), py::arg("origin"), py::arg("direction"), py::arg("label") = py::none(),
        "Extracts features of a float32 image and an int32 mask, C-contiguous [z, y, x], read in "
        "place, one dict per label of the selection (GIL released).");
  m.def("extract_case", &extract_case, py::arg("settings"), py::arg("image_path"), py::arg("mask_path"),
        py::arg("label") = "", py::arg("config") = "", py::arg("roi") = "", py::arg("series") = "",
        "One cohort case from files through the engine of `radiomics batch`: a list of rows (one "
        "per label), or one row with `error` (GIL released).");
  m.def(
      "batch_columns",
      [](const std::vector<std::vector<std::string>>& rows) {
        // The rows by their keys in order: before "warnings" the non-feature columns, after it
        // the feature tags (a failed case's row has no "warnings": only non-feature columns).
        radiomics::csv::Columns columns;
        for (const auto& keys : rows) {
          radiomics::FeatureTable t;
          const auto warnings = std::find(keys.begin(), keys.end(), "warnings");
          for (auto k = keys.begin(); k != warnings; ++k) t.add_info(*k, "");
          if (warnings != keys.end())
            for (auto k = warnings + 1; k != keys.end(); ++k) t.add(*k, 0.0);
          columns.extend(t);
        }
        return columns.names();
      },
      py::arg("rows"), "The columns of rows, given by their keys, in the order of `radiomics batch`'s CSV.");
  m.def("read_manifest", &read_manifest, py::arg("path"),
        "A batch manifest as `radiomics batch` reads it: one dict per case.");
  m.def("extract_rois", &extract_rois, py::arg("settings"), py::arg("image_path"), py::arg("mask_path"),
        py::arg("rois"), py::arg("series_uid"), py::arg("label") = py::none(),
        "Extracts the features of ROIs of an RTSTRUCT/SEG mask, one dict per ROI (GIL released).");
  m.def("list_rois", &list_rois, py::arg("mask_path"), py::arg("image_path") = "", py::arg("series_uid") = "",
        "The ROIs of an RTSTRUCT/SEG file or the labels of a label map.");
  m.def("is_roi_file", &radiomics::is_roi_file, py::arg("path"),
        "True for a DICOM RTSTRUCT or SEG file.");
  m.def("filter_file", &filter_file, py::arg("settings"), py::arg("image_path"), py::arg("index"),
        "Response map of one configured filter over an image file, as float32 [z, y, x].");
  m.def("filter_array", &filter_array, py::arg("settings"), py::arg("image"), py::arg("spacing"),
        py::arg("index"), "Response map of one configured filter over a float32 [z, y, x] array.");
  m.def("filter_index", &radiomics::filter_index, py::arg("settings"), py::arg("prefix"),
        "Index of the filter with a column prefix.");
  m.def("features", &features, "Every feature of the registry, in IBSI order.");
  m.def("version", &radiomics::version);
  m.def("git_revision", &radiomics::git_revision);
}
