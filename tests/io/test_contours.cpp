// The contour rasterisation rule (libradiomics/io/contours.hpp) on hand-made polygons: voxel
// centres inside by the even-odd rule over every contour of a slice, half-open edges, contours
// outside the image in-plane clipped, and clear errors for contours off the image's slices.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "io/contours.hpp"
#include "radiomics/errors.hpp"

namespace {

using radiomics::Contour;
using radiomics::Geometry;

/// A 10 x 8 x 4 grid, spacing (1, 2, 3) mm, origin (-5, 10, 100): index (i, j, k) is at
/// (-5 + i, 10 + 2 j, 100 + 3 k) mm.
Geometry grid() {
  Geometry g;
  g.size = {10, 8, 4};
  g.spacing = {1.0, 2.0, 3.0};
  g.origin = {-5.0, 10.0, 100.0};
  return g;
}

/// A polygon given in voxel indices (i, j) on slice k, converted to patient mm.
Contour polygon(const std::vector<std::pair<double, double>>& ij, double k) {
  const Geometry g = grid();
  Contour c;
  for (const auto& [i, j] : ij)
    c.points.push_back({g.origin[0] + i * g.spacing[0], g.origin[1] + j * g.spacing[1],
                        g.origin[2] + k * g.spacing[2]});
  return c;
}

/// A rectangle with corners (i0, j0), (i1, j1) in voxel indices.
Contour rectangle(double i0, double j0, double i1, double j1, double k) {
  return polygon({{i0, j0}, {i1, j0}, {i1, j1}, {i0, j1}}, k);
}

/// The mask of slice k as rows of '#' (inside) and '.' (outside), top row j = 0.
std::vector<std::string> picture(const std::vector<std::uint8_t>& mask, std::size_t k) {
  const Geometry g = grid();
  std::vector<std::string> rows;
  for (std::size_t j = 0; j < g.size[1]; ++j) {
    std::string row;
    for (std::size_t i = 0; i < g.size[0]; ++i) row += mask[g.index(i, j, k)] ? '#' : '.';
    rows.push_back(row);
  }
  return rows;
}

/// The voxels inside; the clipping count is checked where it matters.
std::vector<std::uint8_t> rasterise(const std::vector<Contour>& contours, const Geometry& g,
                                    const std::string& roi_name) {
  return radiomics::rasterise_contours(contours, g, roi_name).inside;
}

std::size_t count(const std::vector<std::uint8_t>& mask) {
  std::size_t n = 0;
  for (auto v : mask) n += v;
  return n;
}

TEST(Contours, CentresInsideAPolygonWithHalfOpenEdges) {
  // Corners between voxel centres: centres 2..5 in x, 1..3 in y are inside.
  const auto mask = rasterise({rectangle(1.5, 0.5, 5.5, 3.5, 1)}, grid(), "box");
  const std::vector<std::string> expected{"..........", "..####....", "..####....", "..####....",
                                          "..........", "..........", "..........", ".........."};
  EXPECT_EQ(picture(mask, 1), expected);
  EXPECT_EQ(count(mask), 12u) << "only slice 1";
  // Edges through voxel centres: left and bottom (low index) edges are inside, right and top
  // edges outside, so two rectangles sharing an edge never both take a voxel.
  const auto left = rasterise({rectangle(2, 1, 5, 4, 0)}, grid(), "left");
  const auto right = rasterise({rectangle(5, 1, 8, 4, 0)}, grid(), "right");
  EXPECT_EQ(count(left), 9u);   // i = 2, 3, 4 and j = 1, 2, 3
  EXPECT_EQ(count(right), 9u);  // i = 5, 6, 7
  for (std::size_t n = 0; n < left.size(); ++n) EXPECT_FALSE(left[n] && right[n]) << n;
}

TEST(Contours, NestedContoursCutHolesByTheEvenOddRule) {
  // An outer ring, a hole inside it, and an island inside the hole, all on slice 2.
  const std::vector<Contour> contours{rectangle(-0.5, -0.5, 9.5, 7.5, 2),
                                      rectangle(1.5, 1.5, 7.5, 5.5, 2),
                                      rectangle(3.5, 2.5, 5.5, 4.5, 2)};
  const std::vector<std::string> expected{"##########", "##########", "##......##", "##..##..##",
                                          "##..##..##", "##......##", "##########", "##########"};
  EXPECT_EQ(picture(rasterise(contours, grid(), "ring"), 2), expected);
  // The order of the contours does not matter.
  const std::vector<Contour> reversed(contours.rbegin(), contours.rend());
  EXPECT_EQ(picture(rasterise(reversed, grid(), "ring"), 2), expected);
}

TEST(Contours, SeveralContoursOnOneSliceAndOneSliceOnly) {
  // Two separate islands on slice 3, nothing elsewhere; a triangle's slanted edge.
  const std::vector<Contour> contours{rectangle(-0.5, -0.5, 1.5, 1.5, 3),
                                      polygon({{4.5, 2.5}, {9.5, 2.5}, {9.5, 7.5}}, 3)};
  const auto mask = rasterise(contours, grid(), "islands");
  const std::vector<std::string> expected{"##........", "##........", "..........", ".....#####",
                                          "......####", ".......###", "........##", ".........#"};
  EXPECT_EQ(picture(mask, 3), expected);
  for (std::size_t k = 0; k < 3; ++k)
    for (const std::string& row : picture(mask, k)) EXPECT_EQ(row, "..........") << "slice " << k;
}

TEST(Contours, RoiTouchingTheImageBorderKeepsItsBorderVoxels) {
  // A contour along the outer edge of the image (half a voxel beyond the outer centres) takes
  // every voxel of its slice.
  const auto mask = rasterise({rectangle(-0.5, -0.5, 9.5, 7.5, 0)}, grid(), "all");
  EXPECT_EQ(count(mask), 80u);
}

TEST(Contours, ContourOffTheSlicesIsAnError) {
  // Between slices 1 and 2, below the first slice, above the last one.
  for (double k : {1.5, -1.0, 4.0}) {
    try {
      rasterise({rectangle(1, 1, 3, 3, k)}, grid(), "GTV");
      FAIL() << "no error for slice position " << k;
    } catch (const radiomics::InputError& e) {
      EXPECT_NE(std::string(e.what()).find("'GTV'"), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("not on a slice"), std::string::npos) << e.what();
    }
  }
  // Within the tolerance of a slice plane (rounded decimal strings) is accepted.
  EXPECT_EQ(count(rasterise(
                {rectangle(1.5, 1.5, 3.5, 3.5, 1.0 + 0.5 * radiomics::kContourSliceTolerance)},
                grid(), "GTV")),
            4u);
  // An oblique contour (points on different slices) is off the slices too.
  Contour oblique = rectangle(1, 1, 3, 3, 1);
  oblique.points[2][2] += 3.0;
  EXPECT_THROW(rasterise({oblique}, grid(), "GTV"), radiomics::InputError);
}

TEST(Contours, ContourReachingOutsideTheImageIsClipped) {
  // Corners (5, 2) and (12, 4) on slice 1: the image ends at x index 9.5, so the two points at
  // x = 12 lie outside and only the centres i = 5..9, j = 2..3 are taken.
  const auto clipped = radiomics::rasterise_contours({rectangle(5, 2, 12, 4, 1)}, grid(), "GTV");
  EXPECT_EQ(clipped.points, 4u);
  EXPECT_EQ(clipped.points_outside, 2u);
  const std::vector<std::string> expected{"..........", "..........", ".....#####", ".....#####",
                                          "..........", "..........", "..........", ".........."};
  EXPECT_EQ(picture(clipped.inside, 1), expected);
  EXPECT_EQ(count(clipped.inside), 10u);
  // A body contour around the whole field of view, and a ring whose hole lies inside the image:
  // each slice keeps what the image holds, the hole cut as usual.
  const auto body =
      radiomics::rasterise_contours({rectangle(-20, -30, 40, 50, 0), rectangle(-20, -30, 40, 50, 2),
                                     rectangle(1.5, 1.5, 7.5, 5.5, 2)},
                                    grid(), "BODY");
  EXPECT_EQ(body.points, 12u);
  EXPECT_EQ(body.points_outside, 8u);
  EXPECT_EQ(count(body.inside), 80u + 80u - 24u);
  // Contours touching the image's outer edges (the border ROI) are not clipped.
  EXPECT_EQ(radiomics::rasterise_contours({rectangle(-0.5, -0.5, 9.5, 7.5, 0)}, grid(), "all")
                .points_outside,
            0u);
  // Entirely outside in-plane: nothing inside, every point counted (the caller reports it).
  const auto beside = radiomics::rasterise_contours({rectangle(12, 9, 15, 12, 1)}, grid(), "GTV");
  EXPECT_EQ(count(beside.inside), 0u);
  EXPECT_EQ(beside.points_outside, 4u);
}

TEST(Contours, ContourFarBeyondTheImageIsAnError) {
  // Kilometres away: corrupt coordinates, not a contour drawn on a larger field of view.
  try {
    rasterise({rectangle(5, 2, 1e9, 4, 1)}, grid(), "GTV");
    FAIL() << "no error";
  } catch (const radiomics::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("too far outside the image"), std::string::npos)
        << e.what();
  }
}

TEST(Contours, DegenerateContoursAddNothing) {
  Contour line = polygon({{1, 1}, {5, 1}}, 0);
  EXPECT_EQ(count(rasterise({line}, grid(), "line")), 0u);
}

TEST(Contours, RotatedGridUsesTheDirectionCosines) {
  // The same rectangle on a grid whose x axis points along -x of the patient: voxel i sits at
  // origin - i mm.
  Geometry g = grid();
  g.direction = {-1, 0, 0, 0, 1, 0, 0, 0, -1};
  Contour c;
  for (const auto& [i, j] :
       std::vector<std::pair<double, double>>{{1.5, 0.5}, {5.5, 0.5}, {5.5, 3.5}, {1.5, 3.5}})
    c.points.push_back({g.origin[0] - i, g.origin[1] + 2 * j, g.origin[2] - 3.0});
  const auto mask = rasterise({c}, g, "rotated");
  EXPECT_EQ(count(mask), 12u);
  EXPECT_TRUE(mask[g.index(2, 1, 1)]);
  EXPECT_TRUE(mask[g.index(5, 3, 1)]);
  EXPECT_FALSE(mask[g.index(6, 3, 1)]);
}

}  // namespace
