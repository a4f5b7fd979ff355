// Loading DICOM files through DCMTK (dcmdata): one place that silences DCMTK's logging, turns
// its conditions into radiomics errors naming the file, and reads attributes as text or numbers.
// Used by the RTSTRUCT, SEG and series-header readers; nothing here parses DICOM by hand.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

class DcmFileFormat;
class DcmItem;
class DcmTagKey;

namespace radiomics {

/// A loaded DICOM file. `header_only` leaves large values (pixel data) unread on disk.
struct DicomFile {
  std::string path;
  std::shared_ptr<DcmFileFormat> file;
  DcmItem& dataset() const;
};

/// Loads `path`; throws FileNotFound, or FileReadError naming the file and DCMTK's reason.
DicomFile load_dicom(const std::string& path, bool header_only);

/// The attribute as trimmed text (all values joined by '\'), or nullopt when absent or empty.
/// `nested`: also search inside sequences (the first occurrence).
std::optional<std::string> dicom_text(DcmItem& item, const DcmTagKey& tag, bool nested = false);

/// Numeric values of a DS/IS/US/... attribute, or an empty vector when absent. Throws InputError
/// naming `path` and the tag for a value that is not a number.
std::vector<double> dicom_numbers(DcmItem& item, const DcmTagKey& tag, const std::string& path,
                                  bool nested = false);

/// "(0028,0030) PixelSpacing": how errors name an attribute.
std::string tag_name(const DcmTagKey& tag);

/// What a mask path holds: a label map image (NIfTI, NRRD, ...), an RTSTRUCT or a SEG.
enum class MaskKind { Labels, RtStruct, Seg };

/// Decides from the file itself: a single file that DCMTK reads as an RT Structure Set or a
/// Segmentation is one of those; anything else (other extensions, folders) is a label map.
MaskKind mask_kind(const std::string& path);

}  // namespace radiomics
