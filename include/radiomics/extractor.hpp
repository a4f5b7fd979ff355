// The one extraction core. The CLI, the Python module and C++ users all call Extractor::run.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "radiomics/feature_table.hpp"
#include "radiomics/image.hpp"
#include "radiomics/settings.hpp"

namespace radiomics {

class Extractor {
 public:
  explicit Extractor(Settings settings);
  const Settings& settings() const { return settings_; }

  /// Runs the whole pipeline on an image and a label mask already in memory.
  /// Throws InputError when the geometry differs, the label is absent, the ROI is empty, ...
  FeatureTable run(const ImageView& image, const LabelMapView& mask) const;

  /// Reads both files, then runs; adds the paths and their checksums to the table.
  FeatureTable run_files(const std::string& image_path, const std::string& mask_path) const;

  /// One table per label of the settings' selection (`labels`, or every label present with
  /// `all_labels`, or just `label`), in the order asked (ascending for "all"). Each table equals
  /// Extractor::run with that label. Every label is checked before any work: an absent one is
  /// an InputError naming the labels present.
  std::vector<FeatureTable> run_labels(const ImageView& image, const LabelMapView& mask) const;

  /// Reads both files once, then run_labels; each table gets the paths and checksums.
  std::vector<FeatureTable> run_files_labels(const std::string& image_path,
                                             const std::string& mask_path) const;

  /// The labels the settings select in `mask` (see run_labels).
  std::vector<int> selected_labels(const LabelMapView& mask) const;

 private:
  /// The pipeline, appending to `out` (which may already hold provenance columns).
  /// `release_inputs`, when given, runs once the ROI's block is cut out: the image and mask are
  /// no longer read after that, so a caller that owns them can free them before the rest runs.
  /// The views may hold the types the files store (images: float, int16, uint16; masks: int32,
  /// uint8); only the ROI's block becomes floating point. Defined and used in extractor.cpp.
  template <class ImageV, class MaskView>
  void extract_into(const ImageV& image, const MaskView& mask, FeatureTable& out,
                    const std::function<void()>& release_inputs = {}) const;

  Settings settings_;
};

/// The distinct non-zero labels of a mask, ascending.
std::vector<int> labels_present(const LabelMapView& mask);

/// Library version ("0.1.0") and git revision of the build.
const char* version();
const char* git_revision();

}  // namespace radiomics
