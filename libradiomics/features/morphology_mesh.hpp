// Geometry behind the mesh-based morphological features (IBSI manual, "Mesh-based
// representation"): a marching-cubes surface of a binary mask and its convex hull (Qhull).
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include <Eigen/Core>

#include "core/roi.hpp"

namespace radiomics::morphology {

/// A closed triangle mesh; every face normal points out of the ROI (right-hand rule).
struct Mesh {
  std::vector<Eigen::Vector3d> vertices;  ///< mm, relative to the centre of voxel (0, 0, 0)
  std::vector<std::array<int, 3>> faces;  ///< indices into vertices
};

/// Marching cubes at iso-level 0.5 over `mask` zero-padded by one voxel on every side, so the
/// mesh is closed even where the ROI touches the grid border. Vertices lie at edge midpoints,
/// plus the cube centre in the rare tunnel configurations. The triangulation reproduces
/// scikit-image's Lewiner marching cubes on 0/1 masks (the IBSI reference implementations).
Mesh marching_cubes(const Grid3& grid, const std::vector<std::uint8_t>& mask);

/// Mesh volume V = |sum_k a.(b x c) / 6| (IBSI RNU0; signed tetrahedra with the origin).
double mesh_volume(const Mesh& mesh);
/// Mesh area A = sum_k |ab x ac| / 2 (IBSI C0JK).
double mesh_area(const Mesh& mesh);

struct ConvexHull {
  double volume = 0.0;
  double area = 0.0;
  std::vector<Eigen::Vector3d> vertices;  ///< the hull's vertex set X_vx,convex
};

/// Convex hull of a 3D point set (Qhull); nullopt when the points span less than 3 dimensions.
std::optional<ConvexHull> convex_hull(const std::vector<Eigen::Vector3d>& points);

}  // namespace radiomics::morphology
