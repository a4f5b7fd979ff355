// DICOM files the tests write themselves with DCMTK: image series (CT, MR, PET) of a synthetic
// volume, RT Structure Sets with hand-made contours, and Segmentations (binary and fractional,
// through dcmseg). Edge cases and broken headers are made by changing single attributes.
#pragma once
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmfg/fgfracon.h>
#include <dcmtk/dcmfg/fgpixmsr.h>
#include <dcmtk/dcmfg/fgplanor.h>
#include <dcmtk/dcmfg/fgplanpo.h>
#include <dcmtk/dcmfg/fgseg.h>
#include <dcmtk/dcmiod/iodmacro.h>
#include <dcmtk/dcmseg/segdoc.h>
#include <dcmtk/dcmseg/segment.h>
#include <dcmtk/oflog/oflog.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "radiomics/image.hpp"

namespace radiomics::test::dicom {

namespace fs = std::filesystem;

inline std::string new_uid() {
  char uid[100];
  return dcmGenerateUniqueIdentifier(uid, SITE_INSTANCE_UID_ROOT);
}

inline std::string decimal(double x) {
  std::ostringstream s;
  s.precision(12);
  s << x;
  return s.str();
}

inline void check(const OFCondition& status, const std::string& what) {
  if (status.bad()) throw std::runtime_error("DICOM test writer: " + what + ": " + status.text());
}

struct SeriesOptions {
  std::string modality = "CT";  ///< CT, MR or PT
  std::string series_uid = new_uid();
  std::string frame_uid = new_uid();
  double slope = 1.0, intercept = 0.0;  ///< stored = round((value - intercept) / slope)
  /// Changes a slice's dataset before it is saved (broken headers, PET tags, ...).
  std::function<void(DcmDataset&, std::size_t z)> edit;
};

/// Writes slice z of `image` (identity direction; position origin + z * spacing[2] along z) as
/// `dir`/slice_ZZZ.dcm, 16-bit signed pixels.
inline void write_series(const fs::path& dir, const Image& image, const SeriesOptions& o = {}) {
  fs::create_directories(dir);
  const Geometry& g = image.geometry;
  const std::string study = new_uid();
  const char* sop_class = o.modality == "PT"   ? UID_PositronEmissionTomographyImageStorage
                          : o.modality == "MR" ? UID_MRImageStorage
                                               : UID_CTImageStorage;
  for (std::size_t z = 0; z < g.size[2]; ++z) {
    DcmFileFormat file;
    DcmDataset& d = *file.getDataset();
    d.putAndInsertString(DCM_SOPClassUID, sop_class);
    d.putAndInsertString(DCM_SOPInstanceUID, new_uid().c_str());
    d.putAndInsertString(DCM_Modality, o.modality.c_str());
    d.putAndInsertString(DCM_PatientName, "Test^Radiomics");
    d.putAndInsertString(DCM_PatientID, "TEST");
    d.putAndInsertString(DCM_StudyInstanceUID, study.c_str());
    d.putAndInsertString(DCM_SeriesInstanceUID, o.series_uid.c_str());
    d.putAndInsertString(DCM_SeriesDescription, ("test " + o.modality).c_str());
    d.putAndInsertString(DCM_FrameOfReferenceUID, o.frame_uid.c_str());
    d.putAndInsertString(DCM_InstanceNumber, std::to_string(z + 1).c_str());
    const std::string position = decimal(g.origin[0]) + "\\" + decimal(g.origin[1]) + "\\" +
                                 decimal(g.origin[2] + static_cast<double>(z) * g.spacing[2]);
    d.putAndInsertString(DCM_ImagePositionPatient, position.c_str());
    d.putAndInsertString(DCM_ImageOrientationPatient, "1\\0\\0\\0\\1\\0");
    d.putAndInsertString(DCM_PixelSpacing,
                         (decimal(g.spacing[1]) + "\\" + decimal(g.spacing[0])).c_str());
    d.putAndInsertString(DCM_SliceThickness, decimal(g.spacing[2]).c_str());
    d.putAndInsertUint16(DCM_SamplesPerPixel, 1);
    d.putAndInsertString(DCM_PhotometricInterpretation, "MONOCHROME2");
    d.putAndInsertUint16(DCM_Rows, static_cast<Uint16>(g.size[1]));
    d.putAndInsertUint16(DCM_Columns, static_cast<Uint16>(g.size[0]));
    d.putAndInsertUint16(DCM_BitsAllocated, 16);
    d.putAndInsertUint16(DCM_BitsStored, 16);
    d.putAndInsertUint16(DCM_HighBit, 15);
    d.putAndInsertUint16(DCM_PixelRepresentation, 1);
    d.putAndInsertString(DCM_RescaleSlope, decimal(o.slope).c_str());
    d.putAndInsertString(DCM_RescaleIntercept, decimal(o.intercept).c_str());
    std::vector<Uint16> pixels(g.size[0] * g.size[1]);
    for (std::size_t i = 0; i < pixels.size(); ++i) {
      const double stored = std::round((image.data[z * pixels.size() + i] - o.intercept) / o.slope);
      pixels[i] = static_cast<Uint16>(static_cast<std::int16_t>(stored));
    }
    d.putAndInsertUint16Array(DCM_PixelData, pixels.data(),
                              static_cast<unsigned long>(pixels.size()));
    if (o.edit) o.edit(d, z);
    char name[32];
    std::snprintf(name, sizeof name, "slice_%03zu.dcm", z);
    check(file.saveFile((dir / name).c_str(), EXS_LittleEndianExplicit), "saving a slice");
  }
}

/// The PET tags of a series in Bq/ml with decay correction to the series start (SUVbw needs
/// weight, dose, half-life and times); `skip` names one tag to leave out.
inline std::function<void(DcmDataset&, std::size_t)> pet_bqml(double weight_kg, double dose_bq,
                                                              double half_life_s,
                                                              const std::string& injection_time,
                                                              const std::string& series_time,
                                                              const DcmTagKey& skip = DcmTagKey()) {
  return [=](DcmDataset& d, std::size_t) {
    d.putAndInsertString(DCM_Units, "BQML");
    d.putAndInsertString(DCM_DecayCorrection, "START");
    d.putAndInsertString(DCM_SeriesDate, "20240102");
    if (skip != DCM_SeriesTime) d.putAndInsertString(DCM_SeriesTime, series_time.c_str());
    if (skip != DCM_PatientWeight)
      d.putAndInsertString(DCM_PatientWeight, decimal(weight_kg).c_str());
    DcmItem* item = nullptr;
    d.findOrCreateSequenceItem(DCM_RadiopharmaceuticalInformationSequence, item);
    if (skip != DCM_RadionuclideTotalDose)
      item->putAndInsertString(DCM_RadionuclideTotalDose, decimal(dose_bq).c_str());
    if (skip != DCM_RadionuclideHalfLife)
      item->putAndInsertString(DCM_RadionuclideHalfLife, decimal(half_life_s).c_str());
    if (skip != DCM_RadiopharmaceuticalStartTime)
      item->putAndInsertString(DCM_RadiopharmaceuticalStartTime, injection_time.c_str());
  };
}

/// One ROI of a structure set: contours as point lists in patient mm.
struct RtRoi {
  int number = 1;
  std::string name;
  std::vector<std::vector<std::array<double, 3>>> contours;
  std::string type = "CLOSED_PLANAR";
  std::string frame_uid;  ///< empty: the structure set's
};

inline void write_rtstruct(const fs::path& path, const std::string& frame_uid,
                           const std::vector<RtRoi>& rois) {
  DcmFileFormat file;
  DcmDataset& d = *file.getDataset();
  d.putAndInsertString(DCM_SOPClassUID, UID_RTStructureSetStorage);
  d.putAndInsertString(DCM_SOPInstanceUID, new_uid().c_str());
  d.putAndInsertString(DCM_Modality, "RTSTRUCT");
  d.putAndInsertString(DCM_PatientName, "Test^Radiomics");
  d.putAndInsertString(DCM_StudyInstanceUID, new_uid().c_str());
  d.putAndInsertString(DCM_SeriesInstanceUID, new_uid().c_str());
  d.putAndInsertString(DCM_StructureSetLabel, "test");
  DcmItem* frame = nullptr;
  d.findOrCreateSequenceItem(DCM_ReferencedFrameOfReferenceSequence, frame);
  frame->putAndInsertString(DCM_FrameOfReferenceUID, frame_uid.c_str());
  for (std::size_t r = 0; r < rois.size(); ++r) {
    const RtRoi& roi = rois[r];
    DcmItem* set = nullptr;
    d.findOrCreateSequenceItem(DCM_StructureSetROISequence, set, static_cast<signed long>(r));
    set->putAndInsertString(DCM_ROINumber, std::to_string(roi.number).c_str());
    set->putAndInsertString(DCM_ROIName, roi.name.c_str());
    set->putAndInsertString(DCM_ReferencedFrameOfReferenceUID,
                            (roi.frame_uid.empty() ? frame_uid : roi.frame_uid).c_str());
    set->putAndInsertString(DCM_ROIGenerationAlgorithm, "MANUAL");
    DcmItem* contour_roi = nullptr;
    d.findOrCreateSequenceItem(DCM_ROIContourSequence, contour_roi, static_cast<signed long>(r));
    contour_roi->putAndInsertString(DCM_ReferencedROINumber, std::to_string(roi.number).c_str());
    for (std::size_t c = 0; c < roi.contours.size(); ++c) {
      DcmItem* contour = nullptr;
      contour_roi->findOrCreateSequenceItem(DCM_ContourSequence, contour,
                                            static_cast<signed long>(c));
      contour->putAndInsertString(DCM_ContourGeometricType, roi.type.c_str());
      contour->putAndInsertString(DCM_NumberOfContourPoints,
                                  std::to_string(roi.contours[c].size()).c_str());
      std::string data;
      for (const auto& p : roi.contours[c])
        for (double v : p) {
          if (!data.empty()) data += '\\';
          data += decimal(v);
        }
      contour->putAndInsertString(DCM_ContourData, data.c_str());
    }
  }
  check(file.saveFile(path.c_str(), EXS_LittleEndianExplicit), "saving an RTSTRUCT");
}

/// A closed rectangle on slice z of `g`, corners given in (continuous) voxel indices.
inline std::vector<std::array<double, 3>> rectangle(const Geometry& g, double i0, double j0,
                                                    double i1, double j1, std::size_t z) {
  const auto at = [&](double i, double j) {
    return std::array<double, 3>{g.origin[0] + i * g.spacing[0], g.origin[1] + j * g.spacing[1],
                                 g.origin[2] + static_cast<double>(z) * g.spacing[2]};
  };
  return {at(i0, j0), at(i1, j0), at(i1, j1), at(i0, j1)};
}

/// One segment of a segmentation: a value per voxel of the grid (0/1 for binary; 0..255 for
/// fractional, against a maximum fractional value of 255).
struct SegSpec {
  std::string label;
  std::vector<std::uint8_t> values;
};

/// Writes a SEG on grid `g` (identity direction): one frame per segment and slice that holds
/// any non-zero value, each with its own plane position.
inline void write_seg(const fs::path& path, const Geometry& g, const std::string& frame_uid,
                      const std::vector<SegSpec>& segments, bool fractional) {
  OFLog::configure(OFLogger::ERROR_LOG_LEVEL);  // dcmseg warns about optional modules
  IODGeneralEquipmentModule::EquipmentInfo equipment("libradiomics tests", "test", "1", "1");
  ContentIdentificationMacro content("1", "TEST", "test segmentation", "Test^Radiomics");
  DcmSegmentation* created = nullptr;
  const auto rows = static_cast<Uint16>(g.size[1]), columns = static_cast<Uint16>(g.size[0]);
  check(fractional
            ? DcmSegmentation::createFractionalSegmentation(
                  created, rows, columns, DcmSegTypes::SFT_PROBABILITY, 255, equipment, content)
            : DcmSegmentation::createBinarySegmentation(created, rows, columns, equipment, content),
        "creating a SEG");
  std::unique_ptr<DcmSegmentation> seg(created);
  seg->getPatient().setPatientName("Test^Radiomics");
  seg->getSeries().setSeriesNumber("1");
  seg->getFrameOfReference().setFrameOfReferenceUID(frame_uid.c_str());
  FGPixelMeasures measures;
  check(measures.setPixelSpacing((decimal(g.spacing[1]) + "\\" + decimal(g.spacing[0])).c_str()),
        "pixel spacing");
  check(measures.setSliceThickness(decimal(g.spacing[2]).c_str()), "slice thickness");
  FGPlaneOrientationPatient orientation;
  check(orientation.setImageOrientationPatient("1", "0", "0", "0", "1", "0"), "orientation");
  check(seg->addForAllFrames(measures), "shared pixel measures");
  check(seg->addForAllFrames(orientation), "shared orientation");
  // Frames are indexed by segment and position (the usual SEG dimension organisation).
  const std::string organisation = new_uid();
  IODMultiframeDimensionModule& dimensions = seg->getDimensions();
  check(dimensions.addDimensionIndex(DCM_ReferencedSegmentNumber, organisation.c_str(),
                                     DCM_SegmentIdentificationSequence, "Segment"),
        "segment dimension");
  check(dimensions.addDimensionIndex(DCM_ImagePositionPatient, organisation.c_str(),
                                     DCM_PlanePositionSequence, "Position"),
        "position dimension");
  auto* organisation_item = new IODMultiframeDimensionModule::DimensionOrganizationItem;
  organisation_item->setDimensionOrganizationUID(organisation.c_str());
  dimensions.getDimensionOrganizationSequence().push_back(organisation_item);
  const std::size_t per_slice = g.size[0] * g.size[1];
  for (const SegSpec& spec : segments) {
    DcmSegment* segment = nullptr;
    check(DcmSegment::create(
              segment, spec.label.c_str(), CodeSequenceMacro("85756007", "SCT", "Tissue"),
              CodeSequenceMacro("108369006", "SCT", "Neoplasm"), DcmSegTypes::SAT_MANUAL),
          "creating a segment");
    Uint16 number = 0;
    check(seg->addSegment(segment, number), "adding a segment");
    for (std::size_t z = 0; z < g.size[2]; ++z) {
      std::vector<Uint8> frame(spec.values.begin() + static_cast<long>(z * per_slice),
                               spec.values.begin() + static_cast<long>((z + 1) * per_slice));
      bool any = false;
      for (Uint8 v : frame) any = any || v != 0;
      if (!any) continue;
      FGPlanePosPatient position;
      check(position.setImagePositionPatient(
                decimal(g.origin[0]).c_str(), decimal(g.origin[1]).c_str(),
                decimal(g.origin[2] + static_cast<double>(z) * g.spacing[2]).c_str()),
            "frame position");
      FGFrameContent frame_content;
      frame_content.setDimensionIndexValues(number, 0);
      frame_content.setDimensionIndexValues(static_cast<Uint32>(z + 1), 1);
      FGSegmentation reference;
      check(reference.setReferencedSegmentNumber(number), "segment reference");
      OFVector<FGBase*> per_frame;
      per_frame.push_back(&position);
      per_frame.push_back(&frame_content);
      per_frame.push_back(&reference);
      check(seg->addFrame(frame.data(), number, per_frame), "adding a frame");
    }
  }
  check(seg->saveFile(path.c_str()), "saving a SEG");
}

}  // namespace radiomics::test::dicom
