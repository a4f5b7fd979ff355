// The labels of a mask, and the one error for a label that is not there (used by the chain's
// label selection and by multi-label extraction, so the message is the same everywhere).
#pragma once
#include <cstdint>
#include <vector>

#include "core/stored_volumes.hpp"
#include "radiomics/image.hpp"

namespace radiomics {

/// InputError "label N not found in mask; labels present: 1, 3" (or "the mask is empty").
/// `present` as labels_present gives it.
/// The distinct non-zero labels of a byte mask, ascending (labels_present of a 32-bit mask is in
/// radiomics/extractor.hpp).
std::vector<int> labels_present(const ByteLabelMapView& mask);

[[noreturn]] void throw_absent_label(int label, const std::vector<int>& present);

}  // namespace radiomics
