// A small synthetic DICOM study written by the tests (C++, the CLI tests and, through the
// write_dicom_cases program, the Python tests): a CT series, an RTSTRUCT whose ROIs are the
// rasterisation edge cases (a hole with an island, several contours on one slice, one slice
// only, the image border, a marker without area), and binary and fractional SEGs. Each ROI's
// expected mask is computed here independently of the library: its rectangles have corners
// between voxel centres, so a centre is inside a rectangle exactly when it lies strictly
// between the corners, and the even-odd rule is a parity count.
#pragma once
#include <array>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <system_error>
#include <vector>

#include <unistd.h>

#include "support/dicom_writer.hpp"

namespace radiomics::test::dicom {

struct DicomCases {
  fs::path series, rtstruct, seg, seg_fractional;
  Geometry grid;
  std::string frame_uid;
  /// Expected voxels (1 inside) of each RTSTRUCT ROI with an area and each SEG segment, by name.
  std::map<std::string, std::vector<std::uint8_t>> expected;
  /// RTSTRUCT ROI names with an area, in file order; the marker (no area) comes after them.
  std::vector<std::string> roi_names;
};

/// Rectangle corners (i0, j0, i1, j1) in voxel indices on a slice.
using Box = std::array<double, 4>;

inline DicomCases write_dicom_cases(const fs::path& dir) {
  DicomCases c;
  fs::create_directories(dir);
  c.series = dir / "ct";
  c.rtstruct = dir / "rtstruct.dcm";
  c.seg = dir / "seg.dcm";
  c.seg_fractional = dir / "seg_fractional.dcm";
  Geometry& g = c.grid;
  g.size = {12, 10, 6};
  g.spacing = {1.0, 1.5, 2.0};
  g.origin = {-6.0, 20.0, -5.0};
  Image image;
  image.geometry = g;
  for (std::size_t z = 0; z < g.size[2]; ++z)
    for (std::size_t y = 0; y < g.size[1]; ++y)
      for (std::size_t x = 0; x < g.size[0]; ++x)
        image.data.push_back(-100.0f + 13.0f * static_cast<float>((x * 7 + y * 3 + z * 5) % 17));
  SeriesOptions options;
  options.intercept = -1024;  // stored values are HU + 1024, as scanners write them
  c.frame_uid = options.frame_uid;
  write_series(c.series, image, options);

  // Each ROI: rectangles per slice; the even-odd rule over all rectangles of a slice.
  const std::vector<std::pair<std::string, std::map<std::size_t, std::vector<Box>>>> shapes{
      {"box",
       {{1, {{2.5, 1.5, 7.5, 6.5}}}, {2, {{2.5, 1.5, 7.5, 6.5}}}, {3, {{2.5, 1.5, 7.5, 6.5}}}}},
      {"ring with island",
       {{2, {{0.5, 0.5, 10.5, 8.5}, {2.5, 2.5, 8.5, 6.5}, {4.5, 3.5, 6.5, 5.5}}},
        {3, {{0.5, 0.5, 10.5, 8.5}, {2.5, 2.5, 8.5, 6.5}}}}},
      {"two islands", {{3, {{0.5, 0.5, 3.5, 3.5}, {6.5, 4.5, 10.5, 8.5}}}}},
      {"one slice", {{5, {{3.5, 3.5, 6.5, 5.5}}}}},
      {"border", {{0, {{-0.5, -0.5, 11.5, 9.5}}}}},
  };
  std::vector<RtRoi> rois;
  int number = 1;
  for (const auto& [name, slices] : shapes) {
    RtRoi roi;
    roi.number = number++ * 10;  // numbers that are not positions
    roi.name = name;
    std::vector<std::uint8_t> mask(g.voxel_count(), 0);
    for (const auto& [z, boxes] : slices)
      for (const Box& b : boxes) {
        roi.contours.push_back(rectangle(g, b[0], b[1], b[2], b[3], z));
        for (std::size_t y = 0; y < g.size[1]; ++y)
          for (std::size_t x = 0; x < g.size[0]; ++x)
            if (b[0] < static_cast<double>(x) && static_cast<double>(x) < b[2] &&
                b[1] < static_cast<double>(y) && static_cast<double>(y) < b[3])
              mask[g.index(x, y, z)] ^= 1;
      }
    c.expected[name] = mask;
    c.roi_names.push_back(name);
    rois.push_back(roi);
  }
  RtRoi marker;
  marker.number = 99;
  marker.name = "marker";
  marker.type = "POINT";
  marker.contours.push_back({{g.origin[0] + 3, g.origin[1] + 3, g.origin[2] + 2 * g.spacing[2]}});
  rois.push_back(marker);
  write_rtstruct(c.rtstruct, c.frame_uid, rois);

  // SEG: "box" again and "two islands" as binary segments; a fractional one with a gradient.
  write_seg(c.seg, g, c.frame_uid,
            {{"box", c.expected["box"]}, {"islands", c.expected["two islands"]}}, false);
  c.expected["islands"] = c.expected["two islands"];
  std::vector<std::uint8_t> fractions(g.voxel_count(), 0), over_half(g.voxel_count(), 0);
  for (std::size_t z = 1; z < 4; ++z)
    for (std::size_t y = 0; y < g.size[1]; ++y)
      for (std::size_t x = 0; x < g.size[0]; ++x) {
        const auto value = static_cast<std::uint8_t>(std::min<std::size_t>(255, x * 25 + y * 3));
        fractions[g.index(x, y, z)] = value;
        over_half[g.index(x, y, z)] = value >= 128 ? 1 : 0;  // fraction >= 0.5 of 255
      }
  write_seg(c.seg_fractional, g, c.frame_uid, {{"gradient", fractions}}, true);
  c.expected["gradient"] = over_half;
  return c;
}

/// The study of a test program, written once into a folder of its own (ctest runs test
/// processes in parallel, so the folder name carries the process id) and removed at exit.
class SharedStudy {
 public:
  explicit SharedStudy(const std::string& name)
      : dir_(fs::temp_directory_path() /
             ("radiomics_test_" + name + "_" + std::to_string(::getpid()))),
        cases_(write_dicom_cases(dir_)) {}
  ~SharedStudy() {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  SharedStudy(const SharedStudy&) = delete;
  SharedStudy& operator=(const SharedStudy&) = delete;
  const DicomCases& cases() const { return cases_; }

 private:
  fs::path dir_;
  DicomCases cases_;
};

}  // namespace radiomics::test::dicom
