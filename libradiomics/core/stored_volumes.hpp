// Volumes kept in the type their file stores, for the file-based extraction: they are read
// whole, and only the ROI's block becomes floating point (preprocess/prepare_roi.cpp). The
// public API's Image (float) and LabelMap (32-bit) serve everything else.
#pragma once
#include <cstdint>

#include "radiomics/image.hpp"

namespace radiomics {

/// A mask whose file stores 8-bit labels (almost every segmentation): a 512 x 512 x 300 mask
/// takes 79 MB instead of 315 MB as 32-bit labels.
using ByteLabelMap = Volume<std::uint8_t>;
using ByteLabelMapView = VolumeView<std::uint8_t>;

/// An image whose file stores 16-bit signed integers (CT in HU): 157 MB for a 512 x 512 x 300 CT
/// instead of 315 MB of floats.
using ShortImage = Volume<std::int16_t>;
using ShortImageView = VolumeView<std::int16_t>;
/// The same for 16-bit unsigned integers (many MR scanners).
using UShortImage = Volume<std::uint16_t>;
using UShortImageView = VolumeView<std::uint16_t>;

}  // namespace radiomics
