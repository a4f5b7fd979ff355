// Morphological features: the IBSI digital phantom reference values, analytic meshes (box,
// single voxel, ball, ambiguous faces, complementary configurations, a tunnel), agreement with
// scikit-image's Lewiner tables, mesh closure, and the FFT Moran/Geary sums against the pair loop.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <fstream>
#include <map>
#include <numbers>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <utility>

#include <Eigen/Geometry>

#include "features/morphology.hpp"
#include "features/morphology_mesh.hpp"
#include "support/digital_phantom.hpp"

namespace radiomics {
namespace {

FeatureTable run(const Roi& roi, const Settings& settings = Settings{}) {
  FeatureTable table;
  morphology::compute(roi, settings, table);
  return table;
}

double value(const FeatureTable& table, const std::string& tag) {
  const auto v = table.find(tag);
  EXPECT_TRUE(v.has_value()) << tag;
  return v.value_or(std::numeric_limits<double>::quiet_NaN());
}

/// A grid of `size` voxels with spacing `spacing`, intensity 1 everywhere and empty masks.
Roi empty_roi(std::array<int, 3> size, std::array<double, 3> spacing) {
  Roi roi;
  roi.grid.size = size;
  roi.grid.spacing = spacing;
  roi.intensity.assign(roi.grid.count(), 1.0);
  roi.morph_mask.assign(roi.grid.count(), 0);
  roi.int_mask.assign(roi.grid.count(), 0);
  return roi;
}

void set_voxel(Roi& roi, int x, int y, int z) {
  roi.morph_mask[roi.grid.index(x, y, z)] = 1;
  roi.int_mask[roi.grid.index(x, y, z)] = 1;
}

/// IBSI pass rule (common.md): within tolerance, or within it after rounding to 3 significant digits.
bool within_ibsi_tolerance(double v, double reference, double tolerance) {
  if (std::abs(v - reference) <= tolerance) return true;
  if (v == 0.0 || !std::isfinite(v)) return false;
  const double scale = std::pow(10.0, 2 - std::floor(std::log10(std::abs(v))));
  return std::abs(std::round(v * scale) / scale - reference) <= tolerance;
}

TEST(Morphology, FeatureInfosAreTheIbsiMorphologicalTags) {
  const auto infos = morphology::feature_infos();
  ASSERT_EQ(infos.size(), 25u);
  std::set<std::string_view> tags;
  for (const auto& info : infos) {
    EXPECT_EQ(info.tag.substr(0, 6), "morph_");
    EXPECT_EQ(info.ibsi_id.size(), 4u);
    EXPECT_FALSE(info.formula.empty());
    tags.insert(info.tag);
  }
  EXPECT_EQ(tags.size(), infos.size());
}

TEST(Morphology, DigitalPhantomMatchesEveryReferenceValue) {
  const FeatureTable table = run(test::digital_phantom_roi());
  std::ifstream csv(std::string(RADIOMICS_SOURCE_DIR) + "/ibsi_phantom/reference/digital_phantom.csv");
  ASSERT_TRUE(csv.good());
  std::string line;
  int checked = 0;
  while (std::getline(csv, line)) {
    if (line.rfind("morph_", 0) != 0) continue;
    std::stringstream row(line);
    std::string tag;
    std::string reference;
    std::string tolerance;
    std::getline(row, tag, ',');
    std::getline(row, reference, ',');
    std::getline(row, tolerance, ',');
    const double v = value(table, tag);
    EXPECT_TRUE(within_ibsi_tolerance(v, std::stod(reference), std::stod(tolerance)))
        << tag << " = " << v << ", reference " << reference << " +- " << tolerance;
    ++checked;
  }
  EXPECT_EQ(checked, 25);
  EXPECT_EQ(table.size(), 25u);
  EXPECT_TRUE(table.warnings().empty());
}

TEST(Morphology, DigitalPhantomMeshIsTheReferenceMesh) {
  // The triangulation of non-planar polygons decides volume and area; scikit-image's Lewiner
  // tables (the IBSI reference implementations) give this mesh (consensus values 556, 388).
  const Roi roi = test::digital_phantom_roi();
  const auto mesh = morphology::marching_cubes(roi.grid, roi.morph_mask);
  EXPECT_NEAR(morphology::mesh_volume(mesh), 556.0 + 1.0 / 3.0, 1e-9);
  EXPECT_NEAR(morphology::mesh_area(mesh), 388.07, 0.01);
}

// A box of n^3 voxels (spacing s): the mesh is the box [-s/2, (n - 1/2) s]^3 with every edge
// chamfered by a right triangle of legs s/2 (one per edge cell, n - 1 cells per box edge) and
// every corner cut by a tetrahedron (legs s/2, 1/48 s^3 kept of the 1/8 s^3 corner cube).
TEST(Morphology, BoxOfThreeVoxelsIsAnalytic) {
  const int n = 3;
  const double s = 2.0;
  Roi roi = empty_roi({5, 5, 5}, {s, s, s});
  for (int z = 1; z <= n; ++z)
    for (int y = 1; y <= n; ++y)
      for (int x = 1; x <= n; ++x) set_voxel(roi, x, y, z);
  const FeatureTable t = run(roi);
  const double v = (n * n * n - 12.0 * (n - 1) / 8.0 - 8.0 * 5.0 / 48.0) * s * s * s;
  const double a = (6.0 * (n - 1) * (n - 1) + 6.0 * std::sqrt(2.0) * (n - 1) + std::sqrt(3.0)) * s * s;
  EXPECT_NEAR(value(t, "morph_volume"), v, 1e-9);
  EXPECT_NEAR(value(t, "morph_vol_approx"), n * n * n * s * s * s, 1e-9);
  EXPECT_NEAR(value(t, "morph_area_mesh"), a, 1e-9);
  EXPECT_NEAR(value(t, "morph_av"), a / v, 1e-12);
  EXPECT_NEAR(value(t, "morph_sphericity"), std::cbrt(36.0 * std::numbers::pi * v * v) / a, 1e-12);
  EXPECT_NEAR(value(t, "morph_comp_2"), std::pow(value(t, "morph_sphericity"), 3.0), 1e-12);
  // The bounding box of the mesh is the un-chamfered box of edge n s.
  EXPECT_NEAR(value(t, "morph_vol_dens_aabb"), v / std::pow(n * s, 3.0), 1e-12);
  EXPECT_NEAR(value(t, "morph_area_dens_aabb"), a / (6.0 * n * s * n * s), 1e-12);
  // The chamfered box is convex: it is its own hull.
  EXPECT_NEAR(value(t, "morph_vol_dens_conv_hull"), 1.0, 1e-9);
  EXPECT_NEAR(value(t, "morph_area_dens_conv_hull"), 1.0, 1e-9);
  // Longest chord: from the middle of one face corner's cut to the opposite one, e.g.
  // (-1/2, 0, 0) to (n - 1/2, n - 1, n - 1) voxels.
  EXPECT_NEAR(value(t, "morph_diam"), s * std::sqrt(n * n + 2.0 * (n - 1) * (n - 1)), 1e-9);
  // PCA: per axis, sample variance of {0, s, 2s} repeated 9 times: 9 * 2 s^2 / 26.
  const double lambda = 18.0 * s * s / 26.0;
  EXPECT_NEAR(value(t, "morph_pca_maj_axis"), 4.0 * std::sqrt(lambda), 1e-9);
  EXPECT_NEAR(value(t, "morph_pca_least_axis"), 4.0 * std::sqrt(lambda), 1e-9);
  EXPECT_NEAR(value(t, "morph_pca_elongation"), 1.0, 1e-9);
  EXPECT_NEAR(value(t, "morph_pca_flatness"), 1.0, 1e-9);
  // Sphere of radius 2 sqrt(lambda): A_aee = 4 pi a^2.
  EXPECT_NEAR(value(t, "morph_vol_dens_aee"), v / (4.0 / 3.0 * std::numbers::pi * std::pow(2.0 * std::sqrt(lambda), 3.0)), 1e-9);
  EXPECT_NEAR(value(t, "morph_area_dens_aee"), a / (4.0 * std::numbers::pi * 4.0 * lambda), 1e-9);
  // Uniform intensity 1: no centre of mass shift, integrated intensity = V.
  EXPECT_NEAR(value(t, "morph_com"), 0.0, 1e-12);
  EXPECT_NEAR(value(t, "morph_integ_int"), v, 1e-9);
  // Constant intensities: Moran's I and Geary's C divide by a zero variance.
  EXPECT_TRUE(std::isnan(value(t, "morph_moran_i")));
  EXPECT_TRUE(std::isnan(value(t, "morph_geary_c")));
}

TEST(Morphology, SingleVoxelIsAnOctahedron) {
  Roi roi = empty_roi({1, 1, 1}, {1.0, 1.0, 1.0});  // touches the grid border on all sides
  set_voxel(roi, 0, 0, 0);
  const FeatureTable t = run(roi);
  ASSERT_EQ(t.size(), 25u);
  EXPECT_NEAR(value(t, "morph_volume"), 1.0 / 6.0, 1e-12);
  EXPECT_NEAR(value(t, "morph_area_mesh"), std::sqrt(3.0), 1e-12);
  EXPECT_NEAR(value(t, "morph_diam"), 1.0, 1e-12);
  EXPECT_NEAR(value(t, "morph_vol_dens_conv_hull"), 1.0, 1e-9);
  EXPECT_EQ(value(t, "morph_pca_maj_axis"), 0.0);
  EXPECT_TRUE(std::isnan(value(t, "morph_pca_elongation")));
  EXPECT_TRUE(std::isnan(value(t, "morph_pca_flatness")));
  EXPECT_TRUE(std::isnan(value(t, "morph_vol_dens_aee")));
  EXPECT_TRUE(std::isnan(value(t, "morph_area_dens_aee")));
  EXPECT_TRUE(std::isnan(value(t, "morph_moran_i")));
  EXPECT_TRUE(std::isnan(value(t, "morph_geary_c")));
  for (const auto& [tag, v] : t.values()) EXPECT_FALSE(std::isinf(v)) << tag;
  EXPECT_FALSE(t.warnings().empty());
}

TEST(Morphology, EmptyMaskGivesNaNAndAWarning) {
  const FeatureTable t = run(empty_roi({3, 3, 3}, {1.0, 1.0, 1.0}));
  ASSERT_EQ(t.size(), 25u);
  for (const auto& [tag, v] : t.values()) EXPECT_TRUE(std::isnan(v)) << tag;
  EXPECT_FALSE(t.warnings().empty());
}

TEST(Morphology, BallIsNearlyASphere) {
  const int r = 12;
  const int size = 2 * r + 1;
  Roi roi = empty_roi({size, size, size}, {1.0, 1.0, 1.0});
  for (int z = 0; z < size; ++z)
    for (int y = 0; y < size; ++y)
      for (int x = 0; x < size; ++x)
        if ((x - r) * (x - r) + (y - r) * (y - r) + (z - r) * (z - r) <= r * r) set_voxel(roi, x, y, z);
  const FeatureTable t = run(roi);
  const double ball = 4.0 / 3.0 * std::numbers::pi * r * r * r;
  EXPECT_NEAR(value(t, "morph_volume") / ball, 1.0, 0.02);
  // Marching cubes over a binary mask keeps some staircase, so the area is a little too large.
  EXPECT_GT(value(t, "morph_sphericity"), 0.9);
  EXPECT_LT(value(t, "morph_sphericity"), 1.0);
  EXPECT_NEAR(value(t, "morph_pca_elongation"), 1.0, 1e-9);
  EXPECT_NEAR(value(t, "morph_pca_flatness"), 1.0, 1e-9);
  EXPECT_NEAR(value(t, "morph_diam"), 2.0 * r, 1.0);
  EXPECT_GT(value(t, "morph_vol_dens_conv_hull"), 0.95);
}

/// How often each directed edge (vertex pair) occurs in the mesh's triangles.
std::map<std::pair<int, int>, int> directed_edges(const morphology::Mesh& mesh) {
  std::map<std::pair<int, int>, int> directed;
  for (const auto& f : mesh.faces)
    for (std::size_t k = 0; k < 3; ++k) ++directed[{f[k], f[(k + 1) % 3]}];
  return directed;
}

double six_signed_volume(const morphology::Mesh& mesh) {
  double six_v = 0.0;
  for (const auto& f : mesh.faces)
    six_v += mesh.vertices[static_cast<std::size_t>(f[0])].dot(
        mesh.vertices[static_cast<std::size_t>(f[1])].cross(mesh.vertices[static_cast<std::size_t>(f[2])]));
  return six_v;
}

/// A closed, consistently oriented 2-manifold: every directed edge once, and its reverse once.
void expect_manifold(const morphology::Mesh& mesh) {
  const auto directed = directed_edges(mesh);
  for (const auto& [edge, count] : directed) {
    EXPECT_EQ(count, 1);
    const auto reverse = directed.find({edge.second, edge.first});
    ASSERT_NE(reverse, directed.end());
    EXPECT_EQ(reverse->second, 1);
  }
  EXPECT_GT(six_signed_volume(mesh), 0.0);  // outward normals
}

TEST(Morphology, MeshIsClosedAndOutwardOnRandomMasks) {
  std::mt19937 rng(7);
  for (int trial = 0; trial < 20; ++trial) {
    Roi roi = empty_roi({6, 5, 4}, {0.8, 1.0, 2.5});
    std::bernoulli_distribution in(trial % 2 == 0 ? 0.5 : 0.7);
    for (std::size_t i = 0; i < roi.grid.count(); ++i) roi.morph_mask[i] = in(rng) ? 1 : 0;
    const auto mesh = morphology::marching_cubes(roi.grid, roi.morph_mask);
    // Closed and consistently oriented: every directed edge as often as its reverse. Not always
    // once: Lewiner's tunnel 7.4.2 lays some triangles on cube faces, and where two such cubes
    // share a face the reference mesh (and ours) holds two coincident opposite triangles.
    const auto directed = directed_edges(mesh);
    for (const auto& [edge, count] : directed) {
      const auto reverse = directed.find({edge.second, edge.first});
      ASSERT_NE(reverse, directed.end());
      EXPECT_EQ(reverse->second, count);
    }
    EXPECT_GT(six_signed_volume(mesh), 0.0);  // outward normals
  }
}

TEST(Morphology, SmoothMasksGiveManifoldMeshes) {
  expect_manifold(morphology::marching_cubes(test::digital_phantom_roi().grid, test::digital_phantom_roi().morph_mask));
  const int r = 6;
  Roi ball = empty_roi({2 * r + 1, 2 * r + 1, 2 * r + 1}, {0.7, 1.0, 1.6});
  for (int z = 0; z <= 2 * r; ++z)
    for (int y = 0; y <= 2 * r; ++y)
      for (int x = 0; x <= 2 * r; ++x)
        if ((x - r) * (x - r) + (y - r) * (y - r) + (z - r) * (z - r) <= r * r) set_voxel(ball, x, y, z);
  expect_manifold(morphology::marching_cubes(ball.grid, ball.morph_mask));
}

// Two voxels sharing only an edge. Both cubes around the edge see an ambiguous face (the
// diagonal inside corners); the face's bilinear saddle equals the iso-level, and Lewiner's test
// then joins the inside corners: one hexagon instead of two corner triangles. Such a cube keeps
// 1/6 of the inside face area (3/4 on the ambiguous face + 4 x 1/8) = 5/24 instead of 2/48, and
// its hexagon (area 3 sqrt(3) / 4, four triangles) replaces two triangles of sqrt(3) / 8. So
// V = 2 x 1/6 + 2 x (5/24 - 1/24) = 2/3 and A = 2 sqrt(3) + 2 x (3 sqrt(3) / 4 - sqrt(3) / 4).
TEST(Morphology, AmbiguousFacesJoinTheInsideVoxels) {
  Roi roi = empty_roi({2, 2, 1}, {1.0, 1.0, 1.0});
  set_voxel(roi, 0, 0, 0);
  set_voxel(roi, 1, 1, 0);
  const auto mesh = morphology::marching_cubes(roi.grid, roi.morph_mask);
  EXPECT_NEAR(morphology::mesh_volume(mesh), 2.0 / 3.0, 1e-12);
  EXPECT_NEAR(morphology::mesh_area(mesh), 3.0 * std::sqrt(3.0), 1e-12);
  expect_manifold(mesh);
}

// A 2 x 2 slab (z = 1) with one voxel below a corner, by the ROI volume kept in each cube.
// The slab alone: 2 cube layers x (1/2 + 4 x 1/8 + 4 x 1/48) = 52/24. The extra voxel changes
// the 8 cubes around it: 4 below the slab get one corner (+1/48 each); the diagonal one beside
// it goes from 1 to 2 corners (1/48 -> 1/8); the two beside it from 2 to 3 corners on a face
// (1/8 -> 17/48, the pentagon bulging away from the 3 corners); and the cube under the slab
// from 4 to 5 corners (1/2 -> 31/48). Lewiner gives that five-corner cube the surface of its
// three-corner complement, 1 - 17/48 = 31/48, where the "most ROI volume" fan would keep
// 37/48. V = 52/24 + (4 + 5 + 2 x 11 + 7) / 48 = 71/24.
TEST(Morphology, FiveInsideCornersTakeTheComplementarySurface) {
  Roi roi = empty_roi({2, 2, 2}, {1.0, 1.0, 1.0});
  for (int y = 0; y < 2; ++y)
    for (int x = 0; x < 2; ++x) set_voxel(roi, x, y, 1);
  set_voxel(roi, 0, 0, 0);
  const auto mesh = morphology::marching_cubes(roi.grid, roi.morph_mask);
  EXPECT_NEAR(morphology::mesh_volume(mesh), 71.0 / 24.0, 1e-12);
  expect_manifold(mesh);
}

// Three voxels pairwise diagonal on the faces of one cube: every ambiguous face joins them, and
// Lewiner's interior test (case 7.4.2) opens a tunnel joining the fourth, outside corner to the
// others. Three separate octahedra would give V = 1/2, A = 3 sqrt(3).
TEST(Morphology, ThreeFaceDiagonalVoxelsMeetAroundATunnel) {
  Roi roi = empty_roi({2, 2, 2}, {1.0, 1.0, 1.0});
  set_voxel(roi, 0, 0, 0);
  set_voxel(roi, 1, 1, 0);
  set_voxel(roi, 1, 0, 1);
  const auto mesh = morphology::marching_cubes(roi.grid, roi.morph_mask);
  EXPECT_NEAR(morphology::mesh_volume(mesh), 1.0, 1e-12);
  EXPECT_NEAR(morphology::mesh_area(mesh), 1.5 + 4.5 * std::sqrt(3.0), 1e-12);
}

// Irregular masks at an anisotropic spacing, full of ambiguous faces and both tunnel cases
// (6.1.2 with its centre vertex, 7.4.2). Expected values: an independent model of
// scikit-image's marching_cubes (method "lewiner", level 0.5) built from its lookup tables.
TEST(Morphology, IrregularMasksMatchScikitImageLewinerTables) {
  struct Case {
    int (*in)(int, int, int);
    double volume;
    double area;
  };
  const std::array<Case, 3> cases{{
      {[](int x, int y, int z) { return (x * x + 3 * y + 5 * z + x * y * z) % 3 != 0 ? 1 : 0; }, 138.6081666667,
       281.3746582395},
      {[](int x, int y, int z) { return (x + 2 * y + 4 * z + x * y + y * z) % 3 == 0 ? 1 : 0; }, 17.2900000000,
       182.7641308526},
      {[](int x, int y, int z) { return (7 * x + 11 * y + 13 * z + x * y * z) % 5 < 2 ? 1 : 0; }, 86.0177500000,
       255.2850925229},
  }};
  for (const auto& c : cases) {
    Roi roi = empty_roi({6, 5, 4}, {1.3, 0.7, 1.9});
    for (int z = 0; z < 4; ++z)
      for (int y = 0; y < 5; ++y)
        for (int x = 0; x < 6; ++x)
          if (c.in(x, y, z) != 0) set_voxel(roi, x, y, z);
    const auto mesh = morphology::marching_cubes(roi.grid, roi.morph_mask);
    EXPECT_NEAR(morphology::mesh_volume(mesh), c.volume, 1e-9);
    EXPECT_NEAR(morphology::mesh_area(mesh), c.area, 1e-9);
  }
}

/// Moran's I and Geary's C by the O(n^2) pair loop of the manual.
std::pair<double, double> moran_geary_pairs(const Roi& roi) {
  std::vector<Eigen::Vector3d> pos;
  std::vector<double> x;
  const Grid3& g = roi.grid;
  for (int k = 0; k < g.size[2]; ++k)
    for (int j = 0; j < g.size[1]; ++j)
      for (int i = 0; i < g.size[0]; ++i)
        if (roi.int_mask[g.index(i, j, k)]) {
          pos.emplace_back(i * g.spacing[0], j * g.spacing[1], k * g.spacing[2]);
          x.push_back(roi.intensity[g.index(i, j, k)]);
        }
  double mu = 0.0;
  for (const double v : x) mu += v;
  mu /= static_cast<double>(x.size());
  double sum_w = 0.0, moran = 0.0, geary = 0.0, var = 0.0;
  for (std::size_t k1 = 0; k1 < x.size(); ++k1) {
    var += (x[k1] - mu) * (x[k1] - mu);
    for (std::size_t k2 = 0; k2 < x.size(); ++k2) {
      if (k1 == k2) continue;
      const double w = 1.0 / (pos[k1] - pos[k2]).norm();
      sum_w += w;
      moran += w * (x[k1] - mu) * (x[k2] - mu);
      geary += w * (x[k1] - x[k2]) * (x[k1] - x[k2]);
    }
  }
  const auto n = static_cast<double>(x.size());
  return {n / sum_w * moran / var, (n - 1.0) / (2.0 * sum_w) * geary / var};
}

TEST(Morphology, MoranAndGearyByFftEqualThePairLoop) {
  std::mt19937 rng(11);
  std::uniform_real_distribution<double> intensity(-50.0, 200.0);
  const std::array<std::array<int, 3>, 4> sizes{{{7, 5, 3}, {9, 8, 6}, {4, 11, 2}, {13, 1, 5}}};
  for (const auto& size : sizes) {
    Roi roi = empty_roi(size, {0.7, 1.1, 2.0});
    std::bernoulli_distribution in(0.6);
    for (std::size_t i = 0; i < roi.grid.count(); ++i) {
      roi.intensity[i] = intensity(rng);
      roi.morph_mask[i] = 1;
      roi.int_mask[i] = in(rng) ? 1 : 0;  // re-segmented: differs from the morphological mask
    }
    const auto [moran, geary] = moran_geary_pairs(roi);
    const FeatureTable t = run(roi);
    EXPECT_NEAR(value(t, "morph_moran_i"), moran, 1e-9 * std::max(1.0, std::abs(moran)));
    EXPECT_NEAR(value(t, "morph_geary_c"), geary, 1e-9 * std::abs(geary));
    // The Fourier planes taken one at a time (the chunked path of large ROIs) and on three
    // threads: the same numbers to the bit.
    const auto whole = morphology::moran_geary(roi, 1);
    const auto chunked = morphology::moran_geary(roi, 3, 1);
    EXPECT_EQ(whole, chunked);
    EXPECT_EQ(whole.first, value(t, "morph_moran_i"));
  }
}

TEST(Morphology, MoranAndGearyAreOmittedWithoutTheExactSetting) {
  Settings settings;
  settings.exact_moran_geary = false;
  const FeatureTable t = run(test::digital_phantom_roi(), settings);
  EXPECT_EQ(t.size(), 23u);
  EXPECT_FALSE(t.find("morph_moran_i").has_value());
  EXPECT_FALSE(t.find("morph_geary_c").has_value());
  EXPECT_TRUE(t.find("morph_integ_int").has_value());
}

TEST(Morphology, CentreOfMassShiftUsesTheIntensityMask) {
  // Two voxels along x; the intensity mask keeps only the second one, so the weighted centre
  // sits on it while the geometric centre is halfway: shift = half the spacing.
  Roi roi = empty_roi({2, 1, 1}, {3.0, 1.0, 1.0});
  set_voxel(roi, 0, 0, 0);
  set_voxel(roi, 1, 0, 0);
  roi.int_mask[0] = 0;
  roi.intensity = {10.0, 4.0};
  const FeatureTable t = run(roi);
  EXPECT_NEAR(value(t, "morph_com"), 1.5, 1e-12);
  EXPECT_NEAR(value(t, "morph_integ_int"), value(t, "morph_volume") * 4.0, 1e-12);
}

}  // namespace
}  // namespace radiomics
