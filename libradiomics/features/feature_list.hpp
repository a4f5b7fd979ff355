// A family's features as one table of {FeatureInfo, function} entries; the registry needs the
// FeatureInfo column alone as a constexpr array.
#pragma once
#include <array>
#include <cstddef>

#include "radiomics/registry.hpp"

namespace radiomics {

/// The FeatureInfo column of a table of entries that have an `info` member.
template <class Entry, std::size_t N>
constexpr std::array<FeatureInfo, N> infos_of(const Entry (&entries)[N]) {
  std::array<FeatureInfo, N> infos{};
  for (std::size_t i = 0; i < N; ++i) infos[i] = entries[i].info;
  return infos;
}

}  // namespace radiomics
