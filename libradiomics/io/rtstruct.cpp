#include "io/rtstruct.hpp"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmrt/drtstrct.h>

#include <cmath>
#include <map>

#include "io/dicom_files.hpp"
#include "radiomics/errors.hpp"

namespace radiomics {
namespace {

std::string text_of(OFCondition status, const OFString& value) {
  if (status.bad()) return {};
  std::string s = value.c_str();
  while (!s.empty() && (s.back() == ' ' || s.back() == '\0')) s.pop_back();
  return s;
}

/// Calls `visit` on each item of a dcmrt sequence. (dcmrt's gotoNextItem() still succeeds when it
/// steps past the last item, so the loop asks getCurrentItem() instead.)
template <class Sequence, class Visit>
void for_each_item(Sequence& sequence, Visit visit) {
  if (sequence.gotoFirstItem().bad()) return;
  typename Sequence::Item* item = nullptr;
  while (sequence.getCurrentItem(item).good() && item != nullptr) {
    visit(*item);
    sequence.gotoNextItem();
  }
}

/// The contours of one ROI Contour Sequence item.
void read_contours(DRTROIContourSequence::Item& item, StructureSetRoi& roi,
                   const std::string& path) {
  for_each_item(item.getContourSequence(), [&](DRTContourSequence::Item& c) {
    OFString type_text;
    const std::string type = text_of(c.getContourGeometricType(type_text), type_text);
    if (type != "CLOSED_PLANAR") {
      ++roi.other_contours;
      return;
    }
    OFVector<Float64> data;
    if (c.getContourData(data).bad() || data.size() % 3 != 0)
      throw InputError(path + ": ROI '" + roi.name +
                       "': Contour Data (3006,0050) is not a list of x\\y\\z triplets");
    Sint32 declared = 0;
    if (c.getNumberOfContourPoints(declared).good() && declared >= 0 &&
        static_cast<std::size_t>(declared) * 3 != data.size())
      throw InputError(path + ": ROI '" + roi.name + "': a contour declares " +
                       std::to_string(declared) + " points but holds " +
                       std::to_string(data.size() / 3));
    Contour contour;
    contour.points.reserve(data.size() / 3);
    for (std::size_t i = 0; i + 2 < data.size(); i += 3) {
      const std::array<double, 3> p{data[i], data[i + 1], data[i + 2]};
      if (!std::isfinite(p[0]) || !std::isfinite(p[1]) || !std::isfinite(p[2]))
        throw InputError(path + ": ROI '" + roi.name + "': a contour point is not finite");
      contour.points.push_back(p);
    }
    roi.contours.push_back(std::move(contour));
  });
}

}  // namespace

std::vector<StructureSetRoi> read_structure_set(const std::string& path) {
  const DicomFile file = load_dicom(path, /*header_only=*/false);
  if (dicom_text(file.dataset(), DCM_SOPClassUID) != std::string(UID_RTStructureSetStorage))
    throw FileReadError(path + ": not a DICOM RT Structure Set (SOP Class UID " +
                        dicom_text(file.dataset(), DCM_SOPClassUID).value_or("missing") + ")");
  DRTStructureSetIOD rtstruct;
  // dcmrt reads what is there and reports missing type 1 attributes; the ROI and contour
  // sequences we need are checked item by item below, so a lenient read is enough.
  rtstruct.read(file.dataset());
  // dcmrt stops reading a sequence at an item it cannot read; every item must have arrived, or an
  // ROI (or its contours) would be missing without a word.
  const auto check_complete = [&](const DcmTagKey& tag, std::size_t read) {
    DcmSequenceOfItems* raw = nullptr;
    if (file.dataset().findAndGetSequence(tag, raw).good() && raw != nullptr && raw->card() != read)
      throw InputError(path + ": " + tag_name(tag) + " holds " + std::to_string(raw->card()) +
                       " items, but only " + std::to_string(read) + " could be read");
  };
  check_complete(DCM_StructureSetROISequence, rtstruct.getStructureSetROISequence().getNumberOfItems());
  check_complete(DCM_ROIContourSequence, rtstruct.getROIContourSequence().getNumberOfItems());

  std::vector<StructureSetRoi> rois;
  std::map<int, std::size_t> by_number;
  for_each_item(rtstruct.getStructureSetROISequence(), [&](DRTStructureSetROISequence::Item& item) {
    StructureSetRoi roi;
    Sint32 number = 0;
    if (item.getROINumber(number).bad())
      throw InputError(path +
                       ": an item of the Structure Set ROI Sequence has no ROI Number (3006,0022)");
    roi.number = number;
    OFString text;
    roi.name = text_of(item.getROIName(text), text);
    roi.frame_of_reference_uid = text_of(item.getReferencedFrameOfReferenceUID(text), text);
    if (by_number.count(roi.number))
      throw InputError(path + ": ROI Number " + std::to_string(roi.number) + " is used twice");
    by_number[roi.number] = rois.size();
    rois.push_back(std::move(roi));
  });
  if (rois.empty()) throw InputError(path + ": the structure set holds no ROI");

  for_each_item(rtstruct.getROIContourSequence(), [&](DRTROIContourSequence::Item& item) {
    Sint32 number = 0;
    if (item.getReferencedROINumber(number).bad()) return;
    const auto it = by_number.find(number);
    if (it == by_number.end())
      throw InputError(path + ": contours refer to ROI Number " + std::to_string(number) +
                       ", which the Structure Set ROI Sequence does not define");
    read_contours(item, rois[it->second], path);
  });
  return rois;
}

}  // namespace radiomics
