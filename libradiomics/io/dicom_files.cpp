#include "io/dicom_files.hpp"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/oflog/oflog.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <mutex>

#include "radiomics/errors.hpp"

namespace radiomics {
namespace {

/// DCMTK logs warnings (and some errors) to stderr; our errors carry what the user needs in one
/// line, so its logging is switched off once for the process.
void silence_dcmtk() {
  static std::once_flag once;
  std::call_once(once, [] { OFLog::configure(OFLogger::OFF_LOG_LEVEL); });
}

std::string trim(std::string s) {
  const auto not_space = [](char c) {
    return c != ' ' && c != '\0' && c != '\t' && c != '\r' && c != '\n';
  };
  while (!s.empty() && !not_space(s.back())) s.pop_back();
  std::size_t first = 0;
  while (first < s.size() && !not_space(s[first])) ++first;
  return s.substr(first);
}

bool has_extension(const std::string& path, std::initializer_list<const char*> extensions) {
  for (const char* e : extensions) {
    const std::string ext(e);
    if (path.size() >= ext.size() && path.compare(path.size() - ext.size(), ext.size(), ext) == 0)
      return true;
  }
  return false;
}

}  // namespace

DcmItem& DicomFile::dataset() const { return *file->getDataset(); }

DicomFile load_dicom(const std::string& path, bool header_only) {
  silence_dcmtk();
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) throw FileNotFound("file not found: " + path);
  if (!std::filesystem::is_regular_file(path, ec))
    throw FileReadError(path + ": not a DICOM file (not a regular file)");
  auto file = std::make_shared<DcmFileFormat>();
  // Values longer than this stay on disk until asked for: a header scan never reads pixel data.
  const Uint32 max_read = header_only ? 4096 : DCM_MaxReadLength;
  const OFCondition status =
      file->loadFile(path.c_str(), EXS_Unknown, EGL_noChange, max_read, ERM_autoDetect);
  if (status.bad()) throw FileReadError(path + ": cannot read as DICOM: " + status.text());
  return DicomFile{path, std::move(file)};
}

std::optional<std::string> dicom_text(DcmItem& item, const DcmTagKey& tag, bool nested) {
  OFString value;
  if (item.findAndGetOFStringArray(tag, value, nested).bad()) return std::nullopt;
  std::string text = trim(value.c_str());
  if (text.empty()) return std::nullopt;
  return text;
}

std::vector<double> dicom_numbers(DcmItem& item, const DcmTagKey& tag, const std::string& path,
                                  bool nested) {
  std::vector<double> out;
  const auto text = dicom_text(item, tag, nested);
  if (!text) return out;
  std::size_t start = 0;
  while (start <= text->size()) {
    const std::size_t end = std::min(text->find('\\', start), text->size());
    const std::string part = trim(text->substr(start, end - start));
    char* stop = nullptr;
    errno = 0;
    const double value = part.empty() ? 0.0 : std::strtod(part.c_str(), &stop);
    if (part.empty() || stop != part.c_str() + part.size() || errno == ERANGE)
      throw InputError(path + ": " + tag_name(tag) + " holds '" + *text +
                       "', not a list of numbers");
    out.push_back(value);
    start = end + 1;
  }
  return out;
}

std::string tag_name(const DcmTagKey& tag) {
  DcmTag named(tag);
  return std::string(tag.toString().c_str()) + " " + named.getTagName();
}

MaskKind mask_kind(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return MaskKind::Labels;
  if (has_extension(path, {".nii", ".nii.gz", ".nrrd", ".nhdr", ".mha", ".mhd", ".hdr", ".img"}))
    return MaskKind::Labels;
  DicomFile dicom;
  try {
    dicom = load_dicom(path, /*header_only=*/true);
  } catch (const Error&) {
    return MaskKind::Labels;  // not DICOM: the image readers give the error
  }
  const auto sop_class = dicom_text(dicom.dataset(), DCM_SOPClassUID);
  if (sop_class == UID_RTStructureSetStorage) return MaskKind::RtStruct;
  if (sop_class == UID_SegmentationStorage) return MaskKind::Seg;
  return MaskKind::Labels;
}

}  // namespace radiomics
