// Readers for the library's own use: masks kept in 8-bit labels, and the readers as they were
// before the direct NIfTI reader (for the tests that check that both give the same volumes).
#pragma once
#include <string>

#include <variant>

#include "core/stored_volumes.hpp"
#include "radiomics/image.hpp"

namespace radiomics {

/// read_image / read_label_map of a single file, always through ITK.
Image read_image_through_itk(const std::string& path);
LabelMap read_label_map_through_itk(const std::string& path);

/// An image as read_image reads it, or, for a single file of unscaled 16-bit signed (CT in HU)
/// or unsigned (MR) integers, in that type; the header is read once.
using StoredImage = std::variant<Image, ShortImage, UShortImage>;
StoredImage read_image_stored(const std::string& path);

/// A mask as read_label_map reads it, or, for a single file of 8-bit unsigned labels, in that
/// type (a quarter of 32-bit labels' memory).
using StoredLabelMap = std::variant<LabelMap, ByteLabelMap>;
StoredLabelMap read_label_map_stored(const std::string& path);

}  // namespace radiomics
