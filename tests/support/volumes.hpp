// Small synthetic images and masks for bad-input and end-to-end tests.
#pragma once
#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include <unistd.h>

#include "radiomics/image.hpp"

namespace radiomics::test {

inline Geometry cube_geometry(std::size_t n, double spacing = 1.0) {
  Geometry g;
  g.size = {n, n, n};
  g.spacing = {spacing, spacing, spacing};
  return g;
}

/// An n^3 image with a smooth pattern of integer intensities.
inline Image pattern_image(std::size_t n) {
  Image im;
  im.geometry = cube_geometry(n);
  im.data.resize(im.geometry.voxel_count());
  for (std::size_t z = 0; z < n; ++z)
    for (std::size_t y = 0; y < n; ++y)
      for (std::size_t x = 0; x < n; ++x)
        im.data[im.geometry.index(x, y, z)] = static_cast<float>((x * 7 + y * 3 + z * 5) % 11);
  return im;
}

/// A mask with `label` inside a centred box of half-width r (voxels), 0 elsewhere.
inline LabelMap box_mask(std::size_t n, int r, int label = 1) {
  LabelMap m;
  m.geometry = cube_geometry(n);
  m.data.assign(m.geometry.voxel_count(), 0);
  const int c = static_cast<int>(n) / 2;
  for (std::size_t z = 0; z < n; ++z)
    for (std::size_t y = 0; y < n; ++y)
      for (std::size_t x = 0; x < n; ++x)
        if (std::abs(static_cast<int>(x) - c) <= r && std::abs(static_cast<int>(y) - c) <= r &&
            std::abs(static_cast<int>(z) - c) <= r)
          m.data[m.geometry.index(x, y, z)] = label;
  return m;
}

inline Image as_image(const LabelMap& m) {
  Image im;
  im.geometry = m.geometry;
  for (auto v : m.data) im.data.push_back(static_cast<float>(v));
  return im;
}

/// A fresh temporary folder for one test, removed when the test program exits. The name carries
/// the process id: two test runs on one machine (a CI host running two checkouts, a developer's
/// build beside CI) must never share, and wipe, each other's files.
inline std::filesystem::path temp_dir(const std::string& name) {
  struct Cleanup {
    std::vector<std::filesystem::path> dirs;
    ~Cleanup() {
      std::error_code ec;
      for (const auto& d : dirs) std::filesystem::remove_all(d, ec);
    }
  };
  static Cleanup cleanup;
  const auto dir = std::filesystem::temp_directory_path() /
                   ("radiomics_test_" + name + "_" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  cleanup.dirs.push_back(dir);
  return dir;
}

}  // namespace radiomics::test
