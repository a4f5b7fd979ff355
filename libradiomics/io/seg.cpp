#include "io/seg.hpp"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmfg/fgpixmsr.h>
#include <dcmtk/dcmfg/fgplanor.h>
#include <dcmtk/dcmfg/fgplanpo.h>
#include <dcmtk/dcmfg/fgseg.h>
#include <dcmtk/dcmseg/segdoc.h>
#include <dcmtk/dcmseg/segment.h>
#include <dcmtk/dcmseg/segutils.h>

#include <cmath>
#include <memory>
#include <set>
#include <sstream>

#include "io/contours.hpp"
#include "io/dicom_files.hpp"
#include "radiomics/errors.hpp"

namespace radiomics {
namespace {

template <class Group>
Group* frame_group(FGInterface& groups, std::size_t frame, DcmFGTypes::E_FGType type) {
  return dynamic_cast<Group*>(groups.get(static_cast<Uint32>(frame), type));
}

std::string missing(const std::string& path, std::size_t frame, const char* what) {
  return path + ": SEG frame " + std::to_string(frame + 1) + " has no " + what;
}

}  // namespace

Segmentation read_segmentation(const std::string& path) {
  const DicomFile file = load_dicom(path, /*header_only=*/false);
  DcmItem& dataset = file.dataset();
  if (dicom_text(dataset, DCM_SOPClassUID) != std::string(UID_SegmentationStorage))
    throw FileReadError(path + ": not a DICOM Segmentation (SOP Class UID " +
                        dicom_text(dataset, DCM_SOPClassUID).value_or("missing") + ")");
  Segmentation seg;
  seg.frame_of_reference_uid = dicom_text(dataset, DCM_FrameOfReferenceUID).value_or("");
  const auto rows = dicom_numbers(dataset, DCM_Rows, path);
  const auto columns = dicom_numbers(dataset, DCM_Columns, path);
  if (rows.empty() || columns.empty() || rows[0] < 1 || columns[0] < 1)
    throw InputError(path + ": SEG without a valid Rows/Columns");
  seg.rows = static_cast<std::size_t>(rows[0]);
  seg.columns = static_cast<std::size_t>(columns[0]);
  const auto max_fraction = dicom_numbers(dataset, DCM_MaximumFractionalValue, path);
  const std::string type = dicom_text(dataset, DCM_SegmentationType).value_or("missing");
  if (type != "BINARY" && type != "FRACTIONAL")
    throw InputError(path + ": SEG type '" + type + "' is not supported (BINARY or FRACTIONAL)");

  DcmSegmentation* loaded = nullptr;
  const OFCondition status =
      DcmSegmentation::loadDataset(*static_cast<DcmDataset*>(&dataset), loaded);
  std::unique_ptr<DcmSegmentation> doc(loaded);
  if (status.bad() || !doc)
    throw FileReadError(path + ": cannot read as DICOM Segmentation: " + status.text());
  const bool fractional = doc->getSegmentationType() == DcmSegTypes::ST_FRACTIONAL;
  if (!fractional && doc->getSegmentationType() != DcmSegTypes::ST_BINARY)
    throw InputError(path + ": SEG type is neither BINARY nor FRACTIONAL");
  if (fractional && (max_fraction.empty() || !(max_fraction[0] > 0)))
    throw InputError(path + ": fractional SEG without a positive " +
                     tag_name(DCM_MaximumFractionalValue));

  for (std::size_t n = 1; n <= doc->getNumberOfSegments(); ++n) {
    DcmSegment* segment = doc->getSegment(n);
    if (!segment) continue;
    OFString label;
    segment->getSegmentLabel(label);
    std::string text = label.c_str();
    while (!text.empty() && text.back() == ' ') text.pop_back();
    seg.segments.push_back({static_cast<int>(n), text});
  }
  if (seg.segments.empty()) throw InputError(path + ": the segmentation holds no segment");

  FGInterface& groups = doc->getFunctionalGroups();
  const std::size_t n_frames = doc->getNumberOfFrames();
  for (std::size_t f = 0; f < n_frames; ++f) {
    auto* measures = frame_group<FGPixelMeasures>(groups, f, DcmFGTypes::EFG_PIXELMEASURES);
    auto* orientation =
        frame_group<FGPlaneOrientationPatient>(groups, f, DcmFGTypes::EFG_PLANEORIENTPATIENT);
    auto* position = frame_group<FGPlanePosPatient>(groups, f, DcmFGTypes::EFG_PLANEPOSPATIENT);
    auto* segmentation = frame_group<FGSegmentation>(groups, f, DcmFGTypes::EFG_SEGMENTATION);
    if (!measures) throw InputError(missing(path, f, "Pixel Measures (pixel spacing)"));
    if (!orientation) throw InputError(missing(path, f, "Plane Orientation"));
    if (!position) throw InputError(missing(path, f, "Plane Position"));
    if (!segmentation) throw InputError(missing(path, f, "Referenced Segment Number"));
    Float64 spacing_row = 0, spacing_column = 0;
    if (measures->getPixelSpacing(spacing_row, 0).bad() ||
        measures->getPixelSpacing(spacing_column, 1).bad() || !(spacing_row > 0) ||
        !(spacing_column > 0))
      throw InputError(path + ": SEG frame " + std::to_string(f + 1) +
                       ": Pixel Spacing must be two positive numbers");
    std::array<Float64, 6> o{};
    if (orientation->getImageOrientationPatient(o[0], o[1], o[2], o[3], o[4], o[5]).bad())
      throw InputError(missing(path, f, "Image Orientation (Patient)"));
    SegFrame frame;
    if (position->getImagePositionPatient(frame.position[0], frame.position[1], frame.position[2])
            .bad())
      throw InputError(missing(path, f, "Image Position (Patient)"));
    Uint16 number = 0;
    if (segmentation->getReferencedSegmentNumber(number).bad())
      throw InputError(missing(path, f, "Referenced Segment Number"));
    frame.segment = number;
    if (f == 0) {
      seg.pixel_spacing = {spacing_column, spacing_row};
      std::copy(o.begin(), o.end(), seg.orientation.begin());
    } else {
      for (int a = 0; a < 6; ++a)
        if (std::fabs(o[a] - seg.orientation[a]) > 1e-3)
          throw InputError(path + ": SEG frames differ in orientation");
      if (std::fabs(spacing_column - seg.pixel_spacing[0]) > 1e-3 * seg.pixel_spacing[0] ||
          std::fabs(spacing_row - seg.pixel_spacing[1]) > 1e-3 * seg.pixel_spacing[1])
        throw InputError(path + ": SEG frames differ in pixel spacing");
    }

    const DcmIODTypes::Frame* data = doc->getFrame(f);
    if (!data) throw InputError(missing(path, f, "pixel data"));
    const std::size_t pixels = seg.rows * seg.columns;
    frame.inside.assign(pixels, 0);
    if (fractional) {
      if (data->length < pixels)
        throw InputError(path + ": SEG frame " + std::to_string(f + 1) + " is incomplete");
      const double threshold = kFractionalThreshold * max_fraction[0];
      for (std::size_t i = 0; i < pixels; ++i)
        frame.inside[i] = data->pixData[i] >= threshold ? 1 : 0;
    } else {
      std::unique_ptr<DcmIODTypes::Frame> unpacked(DcmSegUtils::unpackBinaryFrame(
          data, static_cast<Uint16>(seg.rows), static_cast<Uint16>(seg.columns)));
      if (!unpacked || unpacked->length < pixels)
        throw InputError(path + ": SEG frame " + std::to_string(f + 1) + " is incomplete");
      for (std::size_t i = 0; i < pixels; ++i) frame.inside[i] = unpacked->pixData[i] ? 1 : 0;
    }
    seg.frames.push_back(std::move(frame));
  }
  return seg;
}

std::vector<std::uint8_t> segment_on_grid(const Segmentation& seg, int number, const Geometry& grid,
                                          const std::string& path) {
  // The SEG's rows and columns must run along the grid's x and y axes, with the grid's spacing.
  for (int a = 0; a < 3; ++a)
    if (std::fabs(seg.orientation[a] - grid.direction[a * 3 + 0]) > 1e-3 ||
        std::fabs(seg.orientation[3 + a] - grid.direction[a * 3 + 1]) > 1e-3)
      throw InputError(path +
                       ": the segmentation's orientation differs from the image's (resampling a "
                       "SEG is not supported)");
  if (std::fabs(seg.pixel_spacing[0] - grid.spacing[0]) > 1e-3 * grid.spacing[0] ||
      std::fabs(seg.pixel_spacing[1] - grid.spacing[1]) > 1e-3 * grid.spacing[1]) {
    std::ostringstream s;
    s << path << ": the segmentation's pixel spacing " << seg.pixel_spacing[0] << " x "
      << seg.pixel_spacing[1] << " mm differs from the image's " << grid.spacing[0] << " x "
      << grid.spacing[1] << " mm (resampling a SEG is not supported)";
    throw InputError(s.str());
  }
  std::vector<std::uint8_t> mask(grid.voxel_count(), 0);
  for (std::size_t f = 0; f < seg.frames.size(); ++f) {
    const SegFrame& frame = seg.frames[f];
    if (frame.segment != number) continue;
    const auto index = patient_to_index(frame.position, grid);
    std::array<long, 3> first{};
    for (int a = 0; a < 3; ++a) {
      first[a] = std::lround(index[a]);
      if (std::fabs(index[a] - static_cast<double>(first[a])) > 0.1)
        throw InputError(
            path + ": SEG frame " + std::to_string(f + 1) +
            " does not lie on the image's voxel grid (resampling a SEG is not supported)");
    }
    for (std::size_t r = 0; r < seg.rows; ++r)
      for (std::size_t c = 0; c < seg.columns; ++c) {
        if (!frame.inside[r * seg.columns + c]) continue;
        const long x = first[0] + static_cast<long>(c), y = first[1] + static_cast<long>(r),
                   z = first[2];
        if (x < 0 || y < 0 || z < 0 || x >= static_cast<long>(grid.size[0]) ||
            y >= static_cast<long>(grid.size[1]) || z >= static_cast<long>(grid.size[2]))
          throw InputError(path + ": segment " + std::to_string(number) +
                           " extends beyond the image (frame " + std::to_string(f + 1) + ")");
        mask[grid.index(static_cast<std::size_t>(x), static_cast<std::size_t>(y),
                        static_cast<std::size_t>(z))] = 1;
      }
  }
  return mask;
}

std::pair<std::size_t, std::size_t> segment_extent(const Segmentation& seg, int number) {
  std::size_t voxels = 0;
  std::set<std::array<long long, 3>> planes;
  for (const SegFrame& frame : seg.frames) {
    if (frame.segment != number) continue;
    std::size_t here = 0;
    for (std::uint8_t v : frame.inside) here += v;
    voxels += here;
    if (here > 0)
      planes.insert({std::llround(frame.position[0] * 100), std::llround(frame.position[1] * 100),
                     std::llround(frame.position[2] * 100)});
  }
  return {voxels, planes.size()};
}

}  // namespace radiomics
