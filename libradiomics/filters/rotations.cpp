#include "filters/rotations.hpp"

#include <algorithm>
#include <array>
#include <cstddef>

namespace radiomics::filters {
namespace {

int permutation_sign(const std::vector<int>& p) {
  int inversions = 0;
  for (std::size_t i = 0; i < p.size(); ++i)
    for (std::size_t j = i + 1; j < p.size(); ++j)
      if (p[i] > p[j]) ++inversions;
  return inversions % 2 == 0 ? 1 : -1;
}

std::vector<Kernel1D> rotate(const std::vector<Kernel1D>& kernels, const std::vector<int>& p,
                             const std::vector<int>& s) {
  std::vector<Kernel1D> out(kernels.size());
  for (std::size_t a = 0; a < kernels.size(); ++a) {
    const Kernel1D& source = kernels[static_cast<std::size_t>(p[a])];
    out[a] = s[a] < 0 ? reversed(source) : source;
  }
  return out;
}

}  // namespace

std::vector<SeparableSet> right_angle_rotations(const SeparableSet& set) {
  const std::size_t d = set.kernels.size();
  std::vector<int> p(d);
  for (std::size_t a = 0; a < d; ++a) p[a] = static_cast<int>(a);
  std::vector<SeparableSet> out;
  do {
    for (unsigned signs = 0; signs < (1U << d); ++signs) {
      std::vector<int> s(d);
      int sign_product = 1;
      for (std::size_t a = 0; a < d; ++a) {
        s[a] = (signs >> a) & 1U ? -1 : 1;
        sign_product *= s[a];
      }
      if (permutation_sign(p) * sign_product != 1) continue;  // reflections are not rotations
      SeparableSet rotated{rotate(set.kernels, p, s), set.pre_filter.empty()
                                                          ? std::vector<Kernel1D>{}
                                                          : rotate(set.pre_filter, p, s)};
      if (std::find(out.begin(), out.end(), rotated) == out.end())
        out.push_back(std::move(rotated));
    }
  } while (std::next_permutation(p.begin(), p.end()));
  return out;
}

void Pool::add(std::vector<float> response) {
  ++count_;
  if (pooled_.empty()) {
    pooled_ = std::move(response);
    return;
  }
  for_each_voxel_block(pooled_.size(), threads_, [&](std::size_t begin, std::size_t end) {
    if (method_ == Pooling::Max) {
      for (std::size_t i = begin; i < end; ++i) pooled_[i] = std::max(pooled_[i], response[i]);
    } else {
      for (std::size_t i = begin; i < end; ++i) pooled_[i] += response[i];
    }
  });
}

std::vector<float> Pool::result() && {
  if (method_ == Pooling::Mean && count_ > 1) {
    const float scale = 1.0F / static_cast<float>(count_);
    for_each_voxel_block(pooled_.size(), threads_, [&](std::size_t begin, std::size_t end) {
      for (std::size_t i = begin; i < end; ++i) pooled_[i] *= scale;
    });
  }
  return std::move(pooled_);
}

}  // namespace radiomics::filters
