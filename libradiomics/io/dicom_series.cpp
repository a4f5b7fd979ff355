#include "io/dicom_series.hpp"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcpixel.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmdata/dcvrda.h>
#include <dcmtk/dcmdata/dcvrdt.h>
#include <dcmtk/dcmdata/dcvrtm.h>
#include <dcmtk/dcmdata/dcxfer.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>

#include "io/dicom_files.hpp"
#include "io/nifti_check.hpp"
#include "radiomics/errors.hpp"

namespace radiomics {
namespace {

namespace fs = std::filesystem;
using Vec3 = std::array<double, 3>;

double dot(const Vec3& a, const Vec3& b) { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }
Vec3 cross(const Vec3& a, const Vec3& b) {
  return {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
}

std::string number(double x) {
  std::ostringstream s;
  s << x;
  return s.str();
}

/// What one slice file says about itself.
struct Slice {
  std::string path;
  std::string series_uid, frame_of_reference_uid, modality, description;
  std::size_t rows = 0, columns = 0;
  std::array<double, 2> pixel_spacing{};  // as stored: (between rows, between columns)
  std::array<double, 6> orientation{};
  Vec3 position{};
  double along_normal = 0;
  DicomFile file;  // header only; kept for the PET tags of the first slice
};

/// The attribute's numbers, exactly `count` of them; InputError naming file and tag otherwise.
std::vector<double> required_numbers(DcmItem& item, const DcmTagKey& tag, const std::string& path,
                                     std::size_t count) {
  std::vector<double> values = dicom_numbers(item, tag, path);
  if (values.empty()) throw InputError(path + ": " + tag_name(tag) + " is missing");
  if (values.size() != count)
    throw InputError(path + ": " + tag_name(tag) + " holds " + std::to_string(values.size()) +
                     " values, " + std::to_string(count) + " expected");
  for (double v : values)
    if (!std::isfinite(v)) throw InputError(path + ": " + tag_name(tag) + " is not finite");
  return values;
}

/// Pixel data must be there in full: DCMTK reads headers only, so the last byte the header
/// promises is fetched from disk; a truncated file fails here instead of giving ITK garbage.
void check_pixel_data(DcmItem& item, const std::string& path, std::size_t rows,
                      std::size_t columns) {
  DcmElement* pixels = nullptr;
  if (item.findAndGetElement(DCM_PixelData, pixels).bad() || pixels == nullptr)
    throw InputError(path + ": image without pixel data " + tag_name(DCM_PixelData));
  const auto samples = dicom_numbers(item, DCM_SamplesPerPixel, path);
  if (!samples.empty() && samples.front() != 1)
    throw InputError(path + ": " + number(samples.front()) +
                     " samples per pixel (colour images are not supported; scalar images only)");
  const auto frames = dicom_numbers(item, DCM_NumberOfFrames, path);
  if (!frames.empty() && frames.front() > 1)
    throw InputError(path + ": multi-frame image (" + number(frames.front()) +
                     " frames); give a series of single-frame slices");
  const auto bits = dicom_numbers(item, DCM_BitsAllocated, path);
  if (bits.empty() || (bits.front() != 8 && bits.front() != 16 && bits.front() != 32))
    throw InputError(path + ": " + tag_name(DCM_BitsAllocated) + " must be 8, 16 or 32");
  auto* dataset = dynamic_cast<DcmDataset*>(&item);
  const DcmXfer xfer(dataset ? dataset->getOriginalXfer() : EXS_LittleEndianImplicit);
  if (xfer.isEncapsulated()) return;  // compressed: the codec checks its own stream
  const double expected =
      static_cast<double>(rows) * static_cast<double>(columns) * bits.front() / 8.0;
  const double declared = pixels->getLength();
  Uint8 last = 0;
  if (declared < expected || expected < 1 ||
      pixels->getPartialValue(&last, static_cast<Uint32>(expected - 1), 1).bad())
    throw FileReadError(path + ": pixel data is incomplete (" + number(expected) +
                        " bytes expected for " + std::to_string(rows) + " x " +
                        std::to_string(columns) +
                        " pixels; the file is truncated or its header is wrong)");
}

/// Part 10 files carry "DICM" after a 128-byte preamble.
bool has_dicom_preamble(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char magic[4] = {};
  return in.seekg(128) && in.read(magic, 4) && std::string(magic, 4) == "DICM";
}

std::optional<Slice> read_slice(const std::string& path) {
  DicomFile file;
  try {
    file = load_dicom(path, /*header_only=*/true);
  } catch (const Error&) {
    // Not DICOM (a README, a thumbnail) is not part of any series; a DICOM file that does not
    // load (cut short, corrupt) is an error: skipping it would leave a gap in the series.
    if (has_dicom_preamble(path))
      throw FileReadError(path + ": DICOM file cannot be read (truncated or corrupt)");
    return std::nullopt;
  }
  DcmItem& d = file.dataset();
  if (!d.tagExists(DCM_PixelData)) return std::nullopt;  // RTSTRUCT, DICOMDIR, reports
  Slice s;
  s.path = path;
  s.series_uid = dicom_text(d, DCM_SeriesInstanceUID).value_or("");
  if (s.series_uid.empty())
    throw InputError(path + ": " + tag_name(DCM_SeriesInstanceUID) + " is missing");
  s.frame_of_reference_uid = dicom_text(d, DCM_FrameOfReferenceUID).value_or("");
  s.modality = dicom_text(d, DCM_Modality).value_or("");
  s.description = dicom_text(d, DCM_SeriesDescription).value_or("");
  const auto rows = required_numbers(d, DCM_Rows, path, 1);
  const auto columns = required_numbers(d, DCM_Columns, path, 1);
  if (rows[0] < 1 || columns[0] < 1)
    throw InputError(path + ": image has " + number(rows[0]) + " x " + number(columns[0]) +
                     " pixels");
  s.rows = static_cast<std::size_t>(rows[0]);
  s.columns = static_cast<std::size_t>(columns[0]);
  const auto spacing = required_numbers(d, DCM_PixelSpacing, path, 2);
  for (double v : spacing)
    if (!(v > 0))
      throw InputError(path + ": " + tag_name(DCM_PixelSpacing) + " is " + number(spacing[0]) +
                       "\\" + number(spacing[1]) + " (must be > 0)");
  s.pixel_spacing = {spacing[0], spacing[1]};
  const auto orientation = required_numbers(d, DCM_ImageOrientationPatient, path, 6);
  std::copy(orientation.begin(), orientation.end(), s.orientation.begin());
  const auto position = required_numbers(d, DCM_ImagePositionPatient, path, 3);
  s.position = {position[0], position[1], position[2]};
  check_pixel_data(d, path, s.rows, s.columns);
  s.file = std::move(file);
  return s;
}

std::string describe(const std::vector<Slice>& slices) {
  const Slice& s = slices.front();
  return s.series_uid + " (" + (s.modality.empty() ? "?" : s.modality) + ", " +
         std::to_string(slices.size()) + " files" +
         (s.description.empty() ? "" : ", \"" + s.description + "\"") + ")";
}

/// Seconds from 1970 of a DICOM date (DA) and time (TM); nullopt when either does not parse.
std::optional<double> seconds_of(const std::string& date, const std::string& time) {
  OFDate d;
  OFTime t;
  if (DcmDate::getOFDateFromString(OFString(date.c_str()), d).bad()) return std::nullopt;
  if (DcmTime::getOFTimeFromString(OFString(time.c_str()), t).bad()) return std::nullopt;
  const auto days = std::chrono::sys_days(
      std::chrono::year_month_day(std::chrono::year(static_cast<int>(d.getYear())),
                                  std::chrono::month(d.getMonth()), std::chrono::day(d.getDay())));
  return static_cast<double>(days.time_since_epoch().count()) * 86400.0 + t.getTimeInSeconds();
}

/// The factor that turns PET activity concentration into SUVbw (docs/user_guide.md, "DICOM"):
///   SUVbw = C [Bq/ml] * weight [g] / (injected dose [Bq] * 2^(-dt / half-life)),
/// dt from the injection to the series time, when the images are decay-corrected to the series
/// start (Decay Correction START); dt = 0 when they are decay-corrected to the administration
/// (ADMIN). Units GML are SUV already (factor 1).
double pet_suv_factor(const Slice& first) {
  DcmItem& d = first.file.dataset();
  const std::string& path = first.path;
  const auto units = dicom_text(d, DCM_Units);
  if (!units)
    throw InputError(path + ": PET image without " + tag_name(DCM_Units) +
                     ": cannot tell whether it is in SUV");
  if (*units == "GML") return 1.0;
  if (*units != "BQML")
    throw InputError(path + ": PET units " + *units +
                     " cannot be converted to SUV (GML or BQML expected)");
  const auto need = [&](const DcmTagKey& tag, bool nested) {
    const auto values = dicom_numbers(d, tag, path, nested);
    if (values.empty())
      throw InputError(path + ": PET in BQML needs " + tag_name(tag) +
                       " to compute SUVbw; it is missing");
    if (!(values.front() > 0) || !std::isfinite(values.front()))
      throw InputError(path + ": " + tag_name(tag) + " is " + number(values.front()) +
                       " (must be > 0 to compute SUVbw)");
    return values.front();
  };
  const double weight_g = need(DCM_PatientWeight, false) * 1000.0;
  const double dose_bq = need(DCM_RadionuclideTotalDose, true);
  const double half_life_s = need(DCM_RadionuclideHalfLife, true);
  const std::string decay = dicom_text(d, DCM_DecayCorrection).value_or("");
  double decay_s = 0;
  if (decay == "START") {
    const auto series_date = dicom_text(d, DCM_SeriesDate);
    const auto series_time = dicom_text(d, DCM_SeriesTime);
    if (!series_date || !series_time)
      throw InputError(path + ": PET in BQML needs " + tag_name(DCM_SeriesDate) + " and " +
                       tag_name(DCM_SeriesTime) + " to decay-correct the dose; missing");
    const auto scan = seconds_of(*series_date, *series_time);
    std::optional<double> injection;
    if (const auto start = dicom_text(d, DCM_RadiopharmaceuticalStartDateTime, true);
        start && start->size() >= 8)
      injection = seconds_of(start->substr(0, 8), start->size() > 8 ? start->substr(8) : "000000");
    else if (const auto start_time = dicom_text(d, DCM_RadiopharmaceuticalStartTime, true))
      injection = seconds_of(*series_date, *start_time);
    else
      throw InputError(path + ": PET in BQML needs " + tag_name(DCM_RadiopharmaceuticalStartTime) +
                       " (or the Start DateTime) to decay-correct the dose; missing");
    if (!scan || !injection)
      throw InputError(path + ": PET series or injection date/time does not parse");
    decay_s = *scan - *injection;
    // Only a time of day is known: an injection "after" the scan was the day before.
    if (decay_s < 0 && !dicom_text(d, DCM_RadiopharmaceuticalStartDateTime, true))
      decay_s += 86400.0;
    if (decay_s < 0) throw InputError(path + ": PET injection is after the series start");
  } else if (decay != "ADMIN") {
    throw InputError(path + ": PET " + tag_name(DCM_DecayCorrection) + " '" + decay +
                     "' is not supported for SUV conversion (START or ADMIN expected)");
  }
  const double decayed_dose = dose_bq * std::exp2(-decay_s / half_life_s);
  return weight_g / decayed_dose;
}

/// Checks that every slice agrees with the first and that positions along the normal are
/// distinct and evenly spaced; sorts the slices by position.
void check_geometry(std::vector<Slice>& slices, DicomSeries& series) {
  const Slice& first = slices.front();
  const Vec3 row{first.orientation[0], first.orientation[1], first.orientation[2]};
  const Vec3 column{first.orientation[3], first.orientation[4], first.orientation[5]};
  const Vec3 normal = cross(row, column);
  if (std::fabs(dot(row, row) - 1) > 1e-3 || std::fabs(dot(column, column) - 1) > 1e-3 ||
      std::fabs(dot(row, column)) > 1e-3)
    throw InputError(first.path + ": " + tag_name(DCM_ImageOrientationPatient) +
                     " is not two orthogonal unit vectors");
  for (Slice& s : slices) {
    if (s.rows != first.rows || s.columns != first.columns)
      throw InputError(s.path + ": " + std::to_string(s.rows) + " x " + std::to_string(s.columns) +
                       " pixels, but " + first.path + " has " + std::to_string(first.rows) + " x " +
                       std::to_string(first.columns));
    for (int a = 0; a < 2; ++a)
      if (std::fabs(s.pixel_spacing[a] - first.pixel_spacing[a]) >
          kSliceSpacingTolerance * first.pixel_spacing[a])
        throw InputError(s.path + ": pixel spacing differs from the other slices of the series");
    for (int a = 0; a < 6; ++a)
      if (std::fabs(s.orientation[a] - first.orientation[a]) > 1e-3)
        throw InputError(s.path +
                         ": image orientation differs from the other slices of the series");
    s.along_normal = dot(s.position, normal);
  }
  std::sort(slices.begin(), slices.end(),
            [](const Slice& a, const Slice& b) { return a.along_normal < b.along_normal; });

  const double min_pixel = std::min(first.pixel_spacing[0], first.pixel_spacing[1]);
  if (slices.size() == 1) {
    const auto thickness =
        dicom_numbers(slices.front().file.dataset(), DCM_SliceThickness, first.path);
    if (thickness.empty() || !(thickness.front() > 0))
      throw InputError(first.path + ": a single slice needs a positive " +
                       tag_name(DCM_SliceThickness) + " to give its voxels a depth");
    series.slice_spacing = thickness.front();
  } else {
    std::vector<double> gaps;
    for (std::size_t i = 1; i < slices.size(); ++i)
      gaps.push_back(slices[i].along_normal - slices[i - 1].along_normal);
    std::vector<double> sorted = gaps;
    std::nth_element(sorted.begin(), sorted.begin() + static_cast<long>(sorted.size() / 2),
                     sorted.end());
    const double spacing = sorted[sorted.size() / 2];
    for (std::size_t i = 0; i < gaps.size(); ++i) {
      const Slice& a = slices[i];
      const Slice& b = slices[i + 1];
      if (gaps[i] <= kSliceSpacingTolerance * std::max(spacing, min_pixel))
        throw InputError(
            a.path + " and " + b.path + " are at the same position (" + number(a.along_normal) +
            " mm along the slice normal): duplicate slices, or several series in one folder");
      if (std::fabs(gaps[i] - spacing) > kSliceSpacingTolerance * spacing)
        throw InputError(series.folder + ": slices are not evenly spaced: " + number(gaps[i]) +
                         " mm between " + b.path + " and " + a.path + " where the series has " +
                         number(spacing) +
                         " mm (a missing slice?); a uniform grid would misplace voxels");
    }
    series.slice_spacing = spacing;
  }
  // Each slice origin must lie on the line through the first one along the normal; otherwise the
  // stack is sheared (gantry tilt) and a rectangular grid would misplace it.
  for (const Slice& s : slices) {
    const Vec3 d{s.position[0] - slices.front().position[0],
                 s.position[1] - slices.front().position[1],
                 s.position[2] - slices.front().position[2]};
    const double in_row = dot(d, row), in_column = dot(d, column);
    if (std::hypot(in_row, in_column) > kSliceSpacingTolerance * 10 * min_pixel)
      throw InputError(s.path + ": slice origin is shifted " +
                       number(std::hypot(in_row, in_column)) +
                       " mm within the slice plane from the first slice (gantry tilt or sheared "
                       "stack is not supported)");
  }
  series.rows = first.rows;
  series.columns = first.columns;
  series.pixel_spacing = {first.pixel_spacing[1],
                          first.pixel_spacing[0]};  // DICOM stores (row, column)
  series.origin = slices.front().position;
  series.direction = {row[0],    column[0], normal[0], row[1],   column[1],
                      normal[1], row[2],    column[2], normal[2]};
}

}  // namespace

DicomSeries scan_dicom_series(const std::string& folder, const std::string& series_uid) {
  std::error_code ec;
  if (!fs::exists(folder, ec)) throw FileNotFound("file not found: " + folder);
  std::vector<std::string> paths;
  for (const auto& entry : fs::directory_iterator(folder, ec))
    if (entry.is_regular_file(ec)) paths.push_back(entry.path().string());
  if (ec) throw FileReadError(folder + ": cannot list the folder: " + ec.message());
  std::sort(paths.begin(), paths.end());

  std::map<std::string, std::vector<Slice>> by_series;
  for (const std::string& path : paths)
    if (auto slice = read_slice(path)) by_series[slice->series_uid].push_back(std::move(*slice));
  if (by_series.empty()) throw FileReadError(folder + ": folder holds no DICOM series");

  std::string list;
  for (const auto& [uid, slices] : by_series) list += (list.empty() ? "" : "; ") + describe(slices);
  std::vector<Slice>* chosen = nullptr;
  if (!series_uid.empty()) {
    const auto it = by_series.find(series_uid);
    if (it == by_series.end())
      throw InputError(folder + ": no DICOM series " + series_uid + " here; the folder holds " +
                       list);
    chosen = &it->second;
  } else if (by_series.size() > 1) {
    throw InputError(folder + ": folder holds " + std::to_string(by_series.size()) +
                     " DICOM series; choose one with --series UID (Python: series=): " + list);
  } else {
    chosen = &by_series.begin()->second;
  }

  std::vector<Slice>& slices = *chosen;
  DicomSeries series;
  series.folder = folder;
  series.series_uid = slices.front().series_uid;
  series.modality = slices.front().modality;
  series.frame_of_reference_uid = slices.front().frame_of_reference_uid;
  for (const Slice& s : slices)
    if (s.frame_of_reference_uid != series.frame_of_reference_uid)
      throw InputError(s.path +
                       ": Frame of Reference UID differs from the other slices of the series");
  check_voxel_count(folder, static_cast<double>(slices.front().rows) *
                                static_cast<double>(slices.front().columns) *
                                static_cast<double>(slices.size()));
  check_geometry(slices, series);
  if (series.modality == "PT") series.intensity_factor = pet_suv_factor(slices.front());
  for (const Slice& s : slices) series.files.push_back(s.path);
  return series;
}

}  // namespace radiomics
