// The one extraction core. The CLI, the Python module and C++ users all call Extractor::run.
#pragma once
#include <cstdint>
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
  Settings settings_;
};

/// The distinct non-zero labels of a mask, ascending.
std::vector<int> labels_present(const LabelMapView& mask);

/// Library version ("0.1.0") and git revision of the build.
const char* version();
const char* git_revision();

}  // namespace radiomics
