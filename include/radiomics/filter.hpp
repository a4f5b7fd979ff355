// Response maps of the IBSI 2 filters of a configuration, on an image's own grid: what
// `radiomics filter` writes and Python's libradiomics.filter returns. (Feature extraction
// filters the interpolated, re-segmented image instead; see Extractor.)
#pragma once
#include <cstddef>
#include <string>

#include "radiomics/image.hpp"
#include "radiomics/settings.hpp"

namespace radiomics {

/// The response map of filter `index` of settings.filtering.filters over the whole image: same
/// size, spacing, origin and direction, float intensities. Nothing else of the chain is applied,
/// except the rounding of intensities the settings ask for (CT). Throws SettingsError when the
/// index is out of range, InputError when the image cannot take the filter.
Image filter_image(const ImageView& image, const Settings& settings, std::size_t index = 0);

/// The index of the filter whose column prefix is `prefix`; a SettingsError lists the prefixes
/// when there is none.
std::size_t filter_index(const Settings& settings, const std::string& prefix);

}  // namespace radiomics
