// Several ROIs of one RTSTRUCT/SEG in one pass: the image is read once, each ROI's mask goes
// through the one Extractor::run, and the row is prefixed with the ROI and the provenance that
// Extractor::run_files records, so that each row equals the row of a single-ROI run.
#include "io/checksum.hpp"
#include "io/roi_masks.hpp"
#include "radiomics/dicom.hpp"
#include "radiomics/errors.hpp"

namespace radiomics {
namespace {

/// `roi` columns first, then the same provenance columns as Extractor::run_files, then the row;
/// the mask's warnings (an ROI clipped to the image) before the extraction's.
FeatureTable with_provenance(std::vector<std::pair<std::string, std::string>> leading,
                             const FeatureTable& row,
                             const std::vector<std::string>& mask_warnings = {}) {
  FeatureTable out;
  for (auto& [name, value] : leading) out.add_info(std::move(name), std::move(value));
  for (const auto& [name, value] : row.info()) out.add_info(name, value);
  for (const auto& [tag, value] : row.values()) out.add(tag, value);
  for (const auto& w : mask_warnings) out.warn(w);
  for (const auto& w : row.warnings()) out.warn(w);
  return out;
}

}  // namespace

std::vector<FeatureTable> extract_rois(const Extractor& extractor, const std::string& image_path,
                                       const std::string& mask_path,
                                       const std::vector<std::string>& selection,
                                       const std::string& series_uid) {
  const SeriesImage image = read_image_series(image_path, series_uid);
  const std::vector<std::pair<std::string, std::string>> provenance{
      {"image", image_path},
      {"mask", mask_path},
      {"image_sha256", sha256_file(image_path)},
      {"mask_sha256", sha256_file(mask_path)}};
  std::vector<FeatureTable> rows;
  if (!is_roi_file(mask_path)) {
    if (!selection.empty())
      throw InputError(mask_path +
                       ": ROIs by name or number need an RTSTRUCT or SEG mask; this is a label map "
                       "(choose its label instead)");
    const LabelMap mask = read_label_map(mask_path);
    rows.push_back(with_provenance(provenance, extractor.run(image.image.view(), mask.view())));
    return rows;
  }
  // One mask in memory at a time: a structure set may hold dozens of ROIs.
  for_each_roi_mask(mask_path, image, selection, extractor.settings().label, [&](RoiMask&& roi) {
    auto leading = provenance;
    leading.insert(leading.begin(),
                   {{"roi", roi.name}, {"roi_number", std::to_string(roi.number)}});
    rows.push_back(with_provenance(
        std::move(leading), extractor.run(image.image.view(), roi.mask.view()), roi.warnings));
  });
  if (rows.empty())
    throw InputError(mask_path + ": no ROI with an area (only points or open contours)");
  return rows;
}

}  // namespace radiomics
