// PyRadiomics' shape class. Mesh volume, area, sphericity and the 3D diameter are the IBSI
// morphology family's (marching-cubes mesh of the zero-padded mask, vertices at edge midpoints);
// PyRadiomics' conventions are the PCA covariance divided by N and the maximum 2D diameters,
// which are the largest distances between mesh vertices lying in one axial, coronal or sagittal
// plane.
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <map>
#include <string>

#include "features/morphology.hpp"
#include "pyradiomics/features.hpp"
#include "radiomics/feature_table.hpp"

namespace radiomics::pyradiomics {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double found(const FeatureTable& table, std::string_view tag) { return table.find(tag).value_or(kNaN); }

double cross(const std::array<double, 2>& o, const std::array<double, 2>& a, const std::array<double, 2>& b) {
  return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
}

/// Maximum 2D diameters: the mesh vertices are the midpoints of the grid edges joining an ROI
/// voxel and a background voxel (the mask is zero-padded, so the grid border counts as
/// background). Vertices are grouped by their coordinate along `axis` (vertices on edges along
/// that axis lie on the half-integer planes between voxel layers); the diameter is the largest
/// in-plane distance over all planes.
double max_2d_diameter(const Grid3& grid, const std::vector<std::uint8_t>& mask, int axis) {
  const auto inside = [&](int x, int y, int z) { return grid.contains(x, y, z) && mask[grid.index(x, y, z)] != 0; };
  // Plane key: twice the coordinate along `axis` in voxel units (integers, exact).
  std::map<int, std::vector<std::array<double, 2>>> planes;
  const int u = (axis + 1) % 3, v = (axis + 2) % 3;
  const std::array<double, 3>& s = grid.spacing;
  for (int z = -1; z < grid.size[2]; ++z)
    for (int y = -1; y < grid.size[1]; ++y)
      for (int x = -1; x < grid.size[0]; ++x) {
        const bool here = inside(x, y, z);
        const std::array<int, 3> p{x, y, z};
        for (int e = 0; e < 3; ++e) {
          std::array<int, 3> q = p;
          ++q[static_cast<std::size_t>(e)];
          if (here == inside(q[0], q[1], q[2])) continue;
          // Vertex at p + 0.5 along e, in half-voxel units.
          std::array<int, 3> twice{2 * x, 2 * y, 2 * z};
          twice[static_cast<std::size_t>(e)] += 1;
          planes[twice[static_cast<std::size_t>(axis)]].push_back(
              {twice[static_cast<std::size_t>(u)] * 0.5 * s[static_cast<std::size_t>(u)],
               twice[static_cast<std::size_t>(v)] * 0.5 * s[static_cast<std::size_t>(v)]});
        }
      }
  double best = 0.0;
  for (auto& [key, points] : planes) best = std::max(best, max_planar_distance(std::move(points)));
  return best;
}

}  // namespace

double max_planar_distance(std::vector<std::array<double, 2>> points) {
  if (points.size() < 2) return 0.0;
  // The farthest pair lies on the convex hull (Andrew's monotone chain), so only hull points
  // are compared.
  std::sort(points.begin(), points.end());
  points.erase(std::unique(points.begin(), points.end()), points.end());
  std::vector<std::array<double, 2>> hull(2 * points.size());
  std::size_t k = 0;
  for (const auto& pt : points) {
    while (k >= 2 && cross(hull[k - 2], hull[k - 1], pt) <= 0.0) --k;
    hull[k++] = pt;
  }
  for (std::size_t i = points.size() - 1, lower = k + 1; i-- > 0;) {
    while (k >= lower && cross(hull[k - 2], hull[k - 1], points[i]) <= 0.0) --k;
    hull[k++] = points[i];
  }
  hull.resize(std::max<std::size_t>(k, 1));
  if (points.size() <= 2) hull = points;
  double best = 0.0;
  for (std::size_t i = 0; i < hull.size(); ++i)
    for (std::size_t j = i + 1; j < hull.size(); ++j)
      best = std::max(best, std::hypot(hull[i][0] - hull[j][0], hull[i][1] - hull[j][1]));
  return best;
}

std::vector<double> shape_values(const Roi& roi, const Settings& settings) {
  const std::vector<const Feature*> wanted = class_features(FeatureClass::Shape);
  // The IBSI morphology family: mesh, hull and PCA features (Moran's I and Geary's C are not
  // needed here).
  Settings morph = settings;
  morph.exact_moran_geary = false;
  FeatureTable ibsi;
  morphology::compute(roi, morph, ibsi);
  const double n = static_cast<double>(std::count(roi.morph_mask.begin(), roi.morph_mask.end(), std::uint8_t{1}));
  // IBSI: sample covariance (N - 1); PyRadiomics: divided by N. Axis lengths scale by the root.
  // (A single voxel has no spread either way: its axes stay 0.)
  const double pca_scale = n > 1.0 ? std::sqrt((n - 1.0) / n) : 1.0;

  std::vector<double> values;
  for (const Feature* f : wanted) {
    switch (f->rule) {
      case Rule::Ibsi: values.push_back(found(ibsi, f->ibsi_tag)); break;
      case Rule::AxisLength: values.push_back(found(ibsi, f->ibsi_tag) * pca_scale); break;
      case Rule::Diameter2DSlice: values.push_back(max_2d_diameter(roi.grid, roi.morph_mask, 2)); break;
      case Rule::Diameter2DColumn: values.push_back(max_2d_diameter(roi.grid, roi.morph_mask, 1)); break;
      case Rule::Diameter2DRow: values.push_back(max_2d_diameter(roi.grid, roi.morph_mask, 0)); break;
      default: values.push_back(kNaN); break;
    }
  }
  return values;
}

}  // namespace radiomics::pyradiomics
