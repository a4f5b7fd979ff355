// ROI files (RTSTRUCT, SEG) as binary masks on an image's grid, ROI selection by name or number,
// and the ROI listing of `radiomics rois`.
#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "io/contours.hpp"
#include "io/dicom_files.hpp"
#include "io/roi_masks.hpp"
#include "io/rtstruct.hpp"
#include "io/seg.hpp"
#include "radiomics/dicom.hpp"
#include "radiomics/errors.hpp"

namespace radiomics {
namespace {

/// (number, name) of each ROI of a file, in file order.
using RoiNames = std::vector<std::pair<int, std::string>>;

std::string list_names(const RoiNames& rois) {
  std::string out;
  for (const auto& [number, name] : rois)
    out += (out.empty() ? "" : ", ") + std::to_string(number) + " '" + name + "'";
  return out;
}

std::optional<int> as_integer(const std::string& text) {
  if (text.empty() || text.size() > 9) return std::nullopt;
  std::size_t start = text[0] == '-' ? 1 : 0;
  if (start == text.size()) return std::nullopt;
  for (std::size_t i = start; i < text.size(); ++i)
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
  return std::stoi(text);
}

/// Indices into `rois` of the selection: "all", names (exact), or ROI numbers.
std::vector<std::size_t> resolve(const RoiNames& rois, const std::vector<std::string>& selection,
                                 const std::string& path) {
  std::vector<std::size_t> out;
  if (selection.empty()) {
    if (rois.size() == 1) return {0};
    throw InputError(
        path + " holds " + std::to_string(rois.size()) +
        " ROIs; choose with --roi NAME|NUMBER|all (Python: roi=): " + list_names(rois));
  }
  if (selection.size() == 1 && selection.front() == "all") {
    for (std::size_t i = 0; i < rois.size(); ++i) out.push_back(i);
    return out;
  }
  for (const std::string& wanted : selection) {
    std::vector<std::size_t> by_name;
    for (std::size_t i = 0; i < rois.size(); ++i)
      if (rois[i].second == wanted) by_name.push_back(i);
    if (by_name.size() > 1)
      throw InputError(path + ": ROI name '" + wanted + "' is used by " +
                       std::to_string(by_name.size()) +
                       " ROIs; select by number: " + list_names(rois));
    std::optional<std::size_t> found;
    if (by_name.size() == 1) {
      found = by_name.front();
    } else if (const auto number = as_integer(wanted)) {
      for (std::size_t i = 0; i < rois.size(); ++i)
        if (rois[i].first == *number) found = i;
    }
    if (!found)
      throw InputError(path + ": no ROI '" + wanted + "'; ROIs present: " + list_names(rois));
    if (std::find(out.begin(), out.end(), *found) != out.end())
      throw InputError(path + ": ROI '" + wanted + "' is selected twice");
    out.push_back(*found);
  }
  return out;
}

LabelMap as_label_map(const std::vector<std::uint8_t>& inside, const Geometry& grid, int label) {
  LabelMap m;
  m.geometry = grid;
  m.data.resize(inside.size());
  for (std::size_t i = 0; i < inside.size(); ++i) m.data[i] = inside[i] ? label : 0;
  return m;
}

/// Voxels and slices (z indices with at least one voxel) of a mask.
template <class Predicate>
std::pair<std::size_t, std::size_t> count_voxels_and_slices(const Geometry& g, Predicate inside) {
  std::size_t voxels = 0, slices = 0;
  const std::size_t per_slice = g.size[0] * g.size[1];
  for (std::size_t z = 0; z < g.size[2]; ++z) {
    std::size_t here = 0;
    for (std::size_t i = z * per_slice; i < (z + 1) * per_slice; ++i) here += inside(i) ? 1 : 0;
    voxels += here;
    slices += here > 0 ? 1 : 0;
  }
  return {voxels, slices};
}

void check_frame_of_reference(const std::string& roi_uid, const SeriesImage& image,
                              const std::string& what) {
  if (!roi_uid.empty() && !image.frame_of_reference_uid.empty() &&
      roi_uid != image.frame_of_reference_uid)
    throw InputError(what + " is in Frame of Reference " + roi_uid + ", the image in " +
                     image.frame_of_reference_uid + ": it was not drawn on this image");
}

using Visit = std::function<void(RoiMask&&)>;

void rtstruct_masks(const std::string& path, const SeriesImage& image,
                    const std::vector<std::string>& selection, int label, const Visit& visit,
                    EmptyRoi empty) {
  const std::vector<StructureSetRoi> rois = read_structure_set(path);
  RoiNames names;
  for (const auto& r : rois) names.emplace_back(r.number, r.name);
  for (std::size_t i : resolve(names, selection, path)) {
    const StructureSetRoi& roi = rois[i];
    // "all" means every ROI with an area: POINT and OPEN contours (markers, isocentres) have none.
    if (roi.contours.empty() && selection.size() == 1 && selection.front() == "all") continue;
    check_frame_of_reference(roi.frame_of_reference_uid, image, path + ": ROI '" + roi.name + "'");
    if (roi.contours.empty())
      throw InputError(path + ": ROI '" + roi.name +
                       "' has no closed planar contour (nothing to rasterise)");
    const RasterisedContours r = rasterise_contours(roi.contours, image.image.geometry, roi.name);
    const std::string outside = std::to_string(r.points_outside) + " of " +
                                std::to_string(r.points) +
                                " contour points lie outside it in-plane";
    // An empty ROI would only fail later, in the extraction, without its name.
    if (empty == EmptyRoi::Error &&
        std::find(r.inside.begin(), r.inside.end(), 1) == r.inside.end())
      throw InputError(path + ": ROI '" + roi.name + "' covers no voxel of the image" +
                       (r.points_outside > 0 ? " once clipped to it (" + outside + ")"
                                             : " (no voxel centre lies inside its contours)"));
    RoiMask mask;
    mask.number = roi.number;
    mask.name = roi.name;
    mask.mask = as_label_map(r.inside, image.image.geometry, label);
    // Clipping is the useful reading of an ROI drawn beyond the field of view (a body contour, a
    // CT contour on a smaller PET field), but the features then describe only the part imaged.
    if (r.points_outside > 0) mask.warnings.push_back("ROI clipped to the image: " + outside);
    visit(std::move(mask));
  }
}

void seg_masks(const std::string& path, const SeriesImage& image,
               const std::vector<std::string>& selection, int label, const Visit& visit) {
  const Segmentation seg = read_segmentation(path);
  check_frame_of_reference(seg.frame_of_reference_uid, image, path);
  RoiNames names;
  for (const auto& s : seg.segments) names.emplace_back(s.number, s.label);
  for (std::size_t i : resolve(names, selection, path)) {
    const auto inside = segment_on_grid(seg, seg.segments[i].number, image.image.geometry, path);
    RoiMask mask;
    mask.number = seg.segments[i].number;
    mask.name = seg.segments[i].label;
    mask.mask = as_label_map(inside, image.image.geometry, label);
    visit(std::move(mask));
  }
}

/// Distinct contour planes of an RTSTRUCT ROI, without an image: positions along each contour's
/// own normal (Newell's method), to 0.01 mm.
std::size_t contour_planes(const StructureSetRoi& roi) {
  std::set<long long> planes;
  for (const Contour& c : roi.contours) {
    std::array<double, 3> n{0, 0, 0};
    for (std::size_t i = 0; i < c.points.size(); ++i) {
      const auto& a = c.points[i];
      const auto& b = c.points[(i + 1) % c.points.size()];
      n[0] += (a[1] - b[1]) * (a[2] + b[2]);
      n[1] += (a[2] - b[2]) * (a[0] + b[0]);
      n[2] += (a[0] - b[0]) * (a[1] + b[1]);
    }
    const double length = std::sqrt(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);
    if (!(length > 0)) continue;
    // The normal's sign follows the winding; fix it by the sign of its largest component.
    std::size_t largest = 0;
    for (std::size_t a = 1; a < 3; ++a)
      if (std::fabs(n[a]) > std::fabs(n[largest])) largest = a;
    const double sign = n[largest] < 0 ? -1.0 : 1.0;
    const double along =
        sign * (n[0] * c.points[0][0] + n[1] * c.points[0][1] + n[2] * c.points[0][2]) / length;
    planes.insert(std::llround(along * 100.0));
  }
  return planes.size();
}

}  // namespace

bool is_roi_file(const std::string& path) { return mask_kind(path) != MaskKind::Labels; }

std::vector<std::string> parse_roi_list(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = std::min(text.find(',', start), text.size());
    std::string item = text.substr(start, end - start);
    while (!item.empty() && item.back() == ' ') item.pop_back();
    while (!item.empty() && item.front() == ' ') item.erase(item.begin());
    if (item.empty()) throw InputError("empty ROI name in the ROI list '" + text + "'");
    out.push_back(item);
    start = end + 1;
  }
  return out;
}

void for_each_roi_mask(const std::string& mask_path, const SeriesImage& image,
                       const std::vector<std::string>& selection, int label,
                       const std::function<void(RoiMask&&)>& visit, EmptyRoi empty) {
  switch (mask_kind(mask_path)) {
    case MaskKind::RtStruct:
      return rtstruct_masks(mask_path, image, selection, label, visit, empty);
    case MaskKind::Seg:
      return seg_masks(mask_path, image, selection, label, visit);
    case MaskKind::Labels:
      break;
  }
  throw InputError(
      mask_path +
      ": not a DICOM RTSTRUCT or SEG file; ROIs by name need one (for a label map, use the label)");
}

std::vector<RoiMask> read_roi_masks(const std::string& mask_path, const SeriesImage& image,
                                    const std::vector<std::string>& selection, int label) {
  std::vector<RoiMask> out;
  for_each_roi_mask(mask_path, image, selection, label,
                    [&](RoiMask&& roi) { out.push_back(std::move(roi)); });
  return out;
}

std::vector<RoiInfo> list_rois(const std::string& mask_path, const std::string& image_path,
                               const std::string& series_uid) {
  std::vector<RoiInfo> out;
  const MaskKind kind = mask_kind(mask_path);
  if (kind == MaskKind::Labels) {
    const LabelMap labels = read_label_map(mask_path);
    std::set<std::int32_t> values(labels.data.begin(), labels.data.end());
    values.erase(0);
    for (std::int32_t value : values) {
      const auto [voxels, slices] = count_voxels_and_slices(
          labels.geometry, [&](std::size_t i) { return labels.data[i] == value; });
      out.push_back({value, std::to_string(value), slices, voxels});
    }
    return out;
  }
  if (!image_path.empty()) {
    const SeriesImage image = read_image_series(image_path, series_uid);
    for_each_roi_mask(
        mask_path, image, {"all"}, 1,
        [&](RoiMask&& roi) {
          const auto [voxels, slices] = count_voxels_and_slices(
              roi.mask.geometry, [&](std::size_t i) { return roi.mask.data[i] != 0; });
          out.push_back({roi.number, roi.name, slices, voxels});
        },
        EmptyRoi::Keep);
    return out;
  }
  if (kind == MaskKind::RtStruct) {
    for (const StructureSetRoi& roi : read_structure_set(mask_path))
      out.push_back({roi.number, roi.name, contour_planes(roi), std::nullopt});
    return out;
  }
  const Segmentation seg = read_segmentation(mask_path);
  for (const auto& s : seg.segments) {
    const auto [voxels, slices] = segment_extent(seg, s.number);
    out.push_back({s.number, s.label, slices, voxels});
  }
  return out;
}

}  // namespace radiomics
