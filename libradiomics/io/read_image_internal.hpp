// The readers as they were before the direct NIfTI reader, for the tests that check that both
// give the same volumes and geometry.
#pragma once
#include <string>

#include "radiomics/image.hpp"

namespace radiomics {

/// read_image / read_label_map of a single file, always through ITK.
Image read_image_through_itk(const std::string& path);
LabelMap read_label_map_through_itk(const std::string& path);

}  // namespace radiomics
