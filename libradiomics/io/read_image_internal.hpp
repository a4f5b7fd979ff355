// Readers for the library's own use: masks kept in 8-bit labels, and the readers as they were
// before the direct NIfTI reader (for the tests that check that both give the same volumes).
#pragma once
#include <string>

#include <optional>

#include "core/stored_volumes.hpp"
#include "radiomics/image.hpp"

namespace radiomics {

/// read_image / read_label_map of a single file, always through ITK.
Image read_image_through_itk(const std::string& path);
LabelMap read_label_map_through_itk(const std::string& path);

/// A single mask file that stores 8-bit unsigned labels (NIfTI, NRRD, MetaImage), in that type;
/// nullopt for every other mask (then read_label_map reads it as 32-bit labels). Errors as
/// read_label_map.
std::optional<ByteLabelMap> read_byte_label_map(const std::string& path);

/// A single image file that stores 16-bit signed (CT in HU) or unsigned (MR) integers without
/// intensity scaling, in that type; nullopt for every other image (then read_image reads it as
/// float).
std::optional<ShortImage> read_short_image(const std::string& path);
std::optional<UShortImage> read_ushort_image(const std::string& path);

}  // namespace radiomics
