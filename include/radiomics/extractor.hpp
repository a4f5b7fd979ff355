// The one extraction core. The CLI, the Python module and C++ users all call Extractor::run.
#pragma once
#include <functional>
#include <string>

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

 private:
  /// The pipeline, appending to `out` (which may already hold provenance columns).
  /// `release_inputs`, when given, runs once the ROI is prepared: the image and mask are no
  /// longer read after that, so a caller that owns them can free them before the families run.
  void extract_into(const ImageView& image, const LabelMapView& mask, FeatureTable& out,
                    const std::function<void()>& release_inputs = {}) const;

  Settings settings_;
};

/// Library version ("0.1.0") and git revision of the build.
const char* version();
const char* git_revision();

}  // namespace radiomics
