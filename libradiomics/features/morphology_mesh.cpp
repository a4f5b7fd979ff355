#include "features/morphology_mesh.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <unordered_map>
#include <utility>

#include <Eigen/Geometry>

extern "C" {
#include <libqhull_r/qhull_ra.h>
}

namespace radiomics::morphology {
namespace {

// Cube corner c sits at offset (c & 1, (c >> 1) & 1, (c >> 2) & 1) from the cube's lower corner.
// Cube edge e = 4 * axis + o joins the two corners that differ in bit `axis`; o packs the two
// other bits (lower axis first).
constexpr int kCorners = 8;
constexpr int kEdges = 12;

int corner_bit(int corner, int axis) { return (corner >> axis) & 1; }

int edge_between(int c0, int c1) {
  const int axis = (c0 ^ c1) == 1 ? 0 : ((c0 ^ c1) == 2 ? 1 : 2);
  const int u = axis == 0 ? 1 : 0;
  const int v = axis == 2 ? 1 : 2;
  return 4 * axis + corner_bit(c0, u) + 2 * corner_bit(c0, v);
}

/// Lower corner (bit `axis` clear) of cube edge e.
int edge_lower_corner(int e) {
  const int axis = e / 4;
  const int u = axis == 0 ? 1 : 0;
  const int v = axis == 2 ? 1 : 2;
  return ((e % 4) & 1) << u | ((e % 4) >> 1) << v;
}

/// The four corners of cube face (axis, side), counter-clockwise seen from outside the cube,
/// i.e. turning right-handed about the outward normal.
std::array<int, 4> face_corners(int axis, int side) {
  const int u = (axis + 1) % 3;
  const int v = (axis + 2) % 3;
  // u x v = +axis for cyclic (axis, u, v), so this order turns about +axis; side 0 reverses it.
  const std::array<std::array<int, 2>, 4> uv =
      side == 1 ? std::array<std::array<int, 2>, 4>{{{0, 0}, {1, 0}, {1, 1}, {0, 1}}}
                : std::array<std::array<int, 2>, 4>{{{0, 0}, {0, 1}, {1, 1}, {1, 0}}};
  std::array<int, 4> corners{};
  for (int k = 0; k < 4; ++k) corners[k] = side << axis | uv[k][0] << u | uv[k][1] << v;
  return corners;
}

/// Midpoint of cube edge e in unit-cube coordinates, relative to the cube centre.
Eigen::Vector3d edge_midpoint(int e) {
  const int c = edge_lower_corner(e);
  Eigen::Vector3d v;
  for (int a = 0; a < 3; ++a) v[a] = a == e / 4 ? 0.0 : corner_bit(c, a) - 0.5;
  return v;
}

/// Vertex index of the cube centre, the interior vertex of Lewiner's tunnel tilings; cube
/// edges are vertices 0..11.
constexpr int kCentre = 12;
constexpr int kCubeVertices = 13;

/// Position of cube vertex v in unit-cube coordinates, relative to the cube centre.
Eigen::Vector3d vertex_position(int v) { return v == kCentre ? Eigen::Vector3d::Zero() : edge_midpoint(v); }

using Triangle = std::array<int, 3>;
using Triangulation = std::vector<Triangle>;

/// 6 x the signed volume between the cube centre and the triangles (positive where their
/// right-hand normals point away from the centre).
double six_volume_about_centre(const Triangulation& triangles) {
  double six_v = 0.0;
  for (const auto& t : triangles)
    six_v += vertex_position(t[0]).dot(vertex_position(t[1]).cross(vertex_position(t[2])));
  return six_v;
}

/// Every triangulation of a polygon by its diagonals (Catalan many: 42 for the largest marching-
/// cubes polygon, a heptagon); each triangle keeps the polygon's orientation.
std::vector<Triangulation> triangulations(const std::vector<int>& polygon) {
  const std::size_t n = polygon.size();
  if (n < 3) return {Triangulation{}};
  std::vector<Triangulation> result;
  // The triangle on side (p_0, p_{n-1}) has some apex p_k; it splits off two smaller polygons.
  for (std::size_t k = 1; k + 1 < n; ++k) {
    const std::vector<int> left(polygon.begin(), polygon.begin() + static_cast<std::ptrdiff_t>(k) + 1);
    const std::vector<int> right(polygon.begin() + static_cast<std::ptrdiff_t>(k), polygon.end());
    for (const auto& l : triangulations(left))
      for (const auto& r : triangulations(right)) {
        Triangulation t = l;
        t.insert(t.end(), r.begin(), r.end());
        t.push_back({polygon[0], polygon[k], polygon[n - 1]});
        result.push_back(std::move(t));
      }
  }
  return result;
}

/// Number of cube corners on the inside side of a contour loop. The loop cuts the cube's
/// surface in two; two corners of a face lie on the same side unless an odd number of the
/// loop's vertices sit on the face edges between them (other loops do not matter here).
int corners_inside_loop(const std::vector<int>& loop, int config) {
  unsigned cut = 0;
  for (const int e : loop) cut |= 1u << e;
  const int a = edge_lower_corner(loop[0]);
  const int b = a | 1 << (loop[0] / 4);
  std::array<bool, kCorners> seen{};
  std::vector<int> stack{((config >> a) & 1) == 1 ? a : b};
  seen[static_cast<std::size_t>(stack[0])] = true;
  int count = 0;
  while (!stack.empty()) {
    const int c = stack.back();
    stack.pop_back();
    ++count;
    for (int axis = 0; axis < 3; ++axis) {
      const auto f = face_corners(axis, corner_bit(c, axis));
      const auto at = static_cast<int>(std::find(f.begin(), f.end(), c) - f.begin());
      for (int step = 1; step < 4; ++step) {
        int crossings = 0;  // loop vertices on the face edges from c to the step-th next corner
        for (int k = 0; k < step; ++k)
          crossings += (cut >> edge_between(f[(at + k) % 4], f[(at + k + 1) % 4])) & 1;
        const int d = f[(at + step) % 4];
        if (crossings % 2 == 0 && !seen[static_cast<std::size_t>(d)]) {
          seen[static_cast<std::size_t>(d)] = true;
          stack.push_back(d);
        }
      }
    }
  }
  return count;
}

/// Triangles of one contour loop (more than 3 vertices are usually not planar, and the
/// diagonals change volume and area). scikit-image's Lewiner tables, which the IBSI reference
/// implementations use, triangulate each loop of a 0/1 mask so that the surface bulges into the
/// side holding more cube corners, i.e. the side with fewer corners gets the most volume: with
/// 1..3 inside corners the fan "most ROI volume", with 5..7 the fan "least ROI volume" (the same
/// surface as for the complementary mask). With 4 corners on each side, the surface that bulges
/// to neither side (zero signed volume about the cube centre). Among triangulations with the
/// chosen volume, all give the same surface up to splits of planar pieces, so area agrees too,
/// at any voxel spacing.
Triangulation triangulate_loop(const std::vector<int>& loop, int config) {
  // The loop runs with the inside on its left, so its right-hand normal points into the ROI;
  // the reversed loop is the outward polygon.
  const std::vector<int> polygon(loop.rbegin(), loop.rend());
  const int inside = corners_inside_loop(loop, config);
  constexpr double kRounding = 1e-9;  // the scores are multiples of 1/8: only rounding to absorb
  Triangulation best;
  double best_score = -std::numeric_limits<double>::infinity();
  for (auto& t : triangulations(polygon)) {
    const double six_v = six_volume_about_centre(t);  // grows with the ROI volume
    const double score = inside < 4 ? six_v : (inside > 4 ? -six_v : -std::abs(six_v));
    if (score > best_score + kRounding) {
      best_score = score;
      best = std::move(t);
    }
  }
  return best;
}

/// One of the 48 symmetries of the cube: corner coordinate `axis` goes to coordinate
/// `to[axis]`, mirrored where `flip[axis]`.
struct CubeSymmetry {
  std::array<int, 3> to{};
  std::array<int, 3> flip{};
  bool mirrors = false;  ///< reverses orientation (odd permutation xor odd number of flips)
};

std::vector<CubeSymmetry> cube_symmetries() {
  std::vector<CubeSymmetry> symmetries;
  std::array<int, 3> to{0, 1, 2};
  do {
    // Parity of the permutation: the number of inverted pairs.
    const int inversions = (to[0] > to[1] ? 1 : 0) + (to[0] > to[2] ? 1 : 0) + (to[1] > to[2] ? 1 : 0);
    const bool odd_permutation = inversions % 2 == 1;
    for (int flips = 0; flips < 8; ++flips) {
      CubeSymmetry g{to, {flips & 1, (flips >> 1) & 1, (flips >> 2) & 1}, false};
      g.mirrors = odd_permutation != ((g.flip[0] + g.flip[1] + g.flip[2]) % 2 == 1);
      symmetries.push_back(g);
    }
  } while (std::next_permutation(to.begin(), to.end()));
  return symmetries;
}

int map_corner(const CubeSymmetry& g, int c) {
  int mapped = 0;
  for (int axis = 0; axis < 3; ++axis)
    mapped |= (corner_bit(c, axis) ^ g.flip[static_cast<std::size_t>(axis)]) << g.to[static_cast<std::size_t>(axis)];
  return mapped;
}

/// A tunnel tiling given for one configuration: vertices as the two corners of their cube edge,
/// or {kCentreCorner, kCentreCorner} for the cube centre; triangles with outward normals.
constexpr int kCentreCorner = -1;
struct Tunnel {
  int config;
  std::array<std::array<std::array<int, 2>, 3>, 9> triangles;
};

/// Lewiner's subcases with a tunnel, as scikit-image's interior test selects them for a 0/1
/// mask: there the face and interior saddle values are exactly the iso-level, and the test acts
/// on rounding residues (about 1e-16), which settle the same way for every configuration of a
/// class. Case 7.4.2: three inside corners pairwise diagonal on the faces (here 0, 3, 5), the
/// outside corner between them (1) joined to the other four through the cube; six of its nine
/// triangles lie on cube faces, so where two such cubes share a face the mesh (like scikit-
/// image's) holds two coincident, opposite triangles. Case 6.1.2: five inside corners, the
/// outside edge 0-1 joined to the outside corner 7 through a tunnel around the cube centre.
/// Other configurations of the classes are cube symmetries of these. The 7.4.2 tiling is not
/// symmetric itself, but its images under the symmetries that fix the configuration are the
/// same surface up to splits of planar pieces (the least-area tube), and the 6.1.2 tiling is
/// fixed by them: any matching symmetry gives the same volume and area at any voxel spacing.
constexpr std::array<Tunnel, 2> kTunnels{{
    {0b00101001,
     {{{{{0, 4}, {4, 5}, {1, 5}}}, {{{5, 7}, {1, 5}, {4, 5}}}, {{{1, 5}, {5, 7}, {3, 7}}},
       {{{1, 5}, {3, 7}, {1, 3}}}, {{{2, 3}, {1, 3}, {3, 7}}}, {{{1, 3}, {2, 3}, {0, 1}}},
       {{{0, 2}, {0, 1}, {2, 3}}}, {{{0, 1}, {0, 2}, {0, 4}}}, {{{0, 1}, {0, 4}, {1, 5}}}}}},
    {0b01111100,
     {{{{{1, 3}, {kCentreCorner, kCentreCorner}, {0, 2}}},
       {{{kCentreCorner, kCentreCorner}, {3, 7}, {0, 2}}},
       {{{6, 7}, {0, 2}, {3, 7}}},
       {{{0, 2}, {6, 7}, {0, 4}}},
       {{{5, 7}, {0, 4}, {6, 7}}},
       {{{0, 4}, {5, 7}, {kCentreCorner, kCentreCorner}}},
       {{{kCentreCorner, kCentreCorner}, {1, 5}, {0, 4}}},
       {{{1, 3}, {1, 5}, {kCentreCorner, kCentreCorner}}},
       {{{kCentreCorner, kCentreCorner}, {5, 7}, {3, 7}}}}}},
}};

/// The tunnel tiling of `config`, if it is a cube symmetry of one of kTunnels.
std::optional<Triangulation> tunnel_tiling(int config, const std::vector<CubeSymmetry>& symmetries) {
  for (const auto& tunnel : kTunnels)
    for (const auto& g : symmetries) {
      int mapped = 0;
      for (int c = 0; c < kCorners; ++c)
        if (((tunnel.config >> c) & 1) == 1) mapped |= 1 << map_corner(g, c);
      if (mapped != config) continue;
      Triangulation triangles;
      for (const auto& t : tunnel.triangles) {
        Triangle mapped_t{};
        for (std::size_t k = 0; k < 3; ++k)
          mapped_t[k] = t[k][0] == kCentreCorner ? kCentre
                                                 : edge_between(map_corner(g, t[k][0]), map_corner(g, t[k][1]));
        if (g.mirrors) std::swap(mapped_t[1], mapped_t[2]);  // a mirror turns normals inward
        triangles.push_back(mapped_t);
      }
      return triangles;
    }
  return std::nullopt;
}

/// Triangles (as cube vertices) of one of the 256 inside/outside configurations of a cube.
using CaseTable = std::array<Triangulation, 256>;

/// Builds the marching-cubes case table from face rules instead of a hand-written table.
/// On each cube face, every run of consecutive outside corners is cut off by one contour
/// segment, oriented with the inside corners on its left seen from outside the cube. On an
/// ambiguous face (two diagonal inside corners) the inside corners are thus joined: the face's
/// bilinear saddle value equals the iso-level 0.5 exactly for a 0/1 mask, and scikit-image's
/// Lewiner face test then joins the corners above the level. Because a face's segments depend on
/// that face alone, the two cubes sharing it cut it identically (in opposite directions), which
/// makes the mesh watertight and consistently oriented. The segments of the six faces chain into
/// closed loops around the cube; each loop is a polygon of the iso-surface, triangulated by
/// triangulate_loop, except where two loops are joined by a tunnel.
CaseTable build_case_table() {
  const std::vector<CubeSymmetry> symmetries = cube_symmetries();
  CaseTable table;
  for (int config = 0; config < 256; ++config) {
    if (auto tunnel = tunnel_tiling(config, symmetries)) {
      table[static_cast<std::size_t>(config)] = std::move(*tunnel);
      continue;
    }
    std::array<int, kEdges> next{};
    next.fill(-1);
    for (int axis = 0; axis < 3; ++axis) {
      for (int side = 0; side < 2; ++side) {
        const auto f = face_corners(axis, side);
        const auto in = [&](int k) { return ((config >> f[static_cast<std::size_t>((k + 4) % 4)]) & 1) == 1; };
        for (int k = 0; k < 4; ++k) {
          if (in(k) || !in(k - 1)) continue;  // k starts a run of outside corners
          int j = k;
          while (!in(j + 1) && (j + 1) % 4 != k) ++j;
          const int from = edge_between(f[static_cast<std::size_t>((k + 3) % 4)], f[static_cast<std::size_t>(k)]);
          const int to = edge_between(f[static_cast<std::size_t>(j % 4)], f[static_cast<std::size_t>((j + 1) % 4)]);
          next[static_cast<std::size_t>(from)] = to;
        }
      }
    }
    std::array<bool, kEdges> used{};
    for (int start = 0; start < kEdges; ++start) {
      if (next[static_cast<std::size_t>(start)] < 0 || used[static_cast<std::size_t>(start)]) continue;
      std::vector<int> loop;
      for (int e = start; !used[static_cast<std::size_t>(e)]; e = next[static_cast<std::size_t>(e)]) {
        used[static_cast<std::size_t>(e)] = true;
        loop.push_back(e);
      }
      for (const auto& t : triangulate_loop(loop, config)) table[static_cast<std::size_t>(config)].push_back(t);
    }
  }
  return table;
}

}  // namespace

Mesh marching_cubes(const Grid3& grid, const std::vector<std::uint8_t>& mask) {
  const CaseTable table = build_case_table();
  // Padded grid: one layer of background voxels on every side.
  const std::array<int, 3> p{grid.size[0] + 2, grid.size[1] + 2, grid.size[2] + 2};
  const auto padded_index = [&](int x, int y, int z) {
    return static_cast<std::int64_t>(x) +
           static_cast<std::int64_t>(p[0]) * (y + static_cast<std::int64_t>(p[1]) * z);
  };
  std::vector<std::uint8_t> inside(static_cast<std::size_t>(padded_index(0, 0, p[2])), 0);
  for (int z = 0; z < grid.size[2]; ++z)
    for (int y = 0; y < grid.size[1]; ++y)
      for (int x = 0; x < grid.size[0]; ++x)
        if (mask[grid.index(x, y, z)] != 0)
          inside[static_cast<std::size_t>(padded_index(x + 1, y + 1, z + 1))] = 1;

  Mesh mesh;
  // A vertex is identified by its grid edge: padded index of the lower voxel * 3 + axis.
  std::unordered_map<std::int64_t, int> vertex_of_edge;
  std::array<int, kCubeVertices> cube_vertex{};
  for (int z = 0; z + 1 < p[2]; ++z) {
    for (int y = 0; y + 1 < p[1]; ++y) {
      for (int x = 0; x + 1 < p[0]; ++x) {
        int config = 0;
        for (int c = 0; c < kCorners; ++c) {
          const auto i = padded_index(x + corner_bit(c, 0), y + corner_bit(c, 1), z + corner_bit(c, 2));
          config |= inside[static_cast<std::size_t>(i)] << c;
        }
        const auto& triangles = table[static_cast<std::size_t>(config)];
        if (triangles.empty()) continue;
        cube_vertex.fill(-1);
        for (const auto& triangle : triangles) {
          std::array<int, 3> face{};
          for (int k = 0; k < 3; ++k) {
            const int e = triangle[static_cast<std::size_t>(k)];
            if (cube_vertex[static_cast<std::size_t>(e)] < 0 && e == kCentre) {
              // A tunnel's centre vertex belongs to this cube alone. Padded coordinate q maps
              // to voxel q - 1, so the centre is at q - 1/2.
              cube_vertex[static_cast<std::size_t>(e)] = static_cast<int>(mesh.vertices.size());
              mesh.vertices.emplace_back((x - 0.5) * grid.spacing[0], (y - 0.5) * grid.spacing[1],
                                         (z - 0.5) * grid.spacing[2]);
            } else if (cube_vertex[static_cast<std::size_t>(e)] < 0) {
              const int c = edge_lower_corner(e);
              const int axis = e / 4;
              const std::array<int, 3> lower{x + corner_bit(c, 0), y + corner_bit(c, 1), z + corner_bit(c, 2)};
              const std::int64_t key = padded_index(lower[0], lower[1], lower[2]) * 3 + axis;
              const auto [it, added] = vertex_of_edge.try_emplace(key, static_cast<int>(mesh.vertices.size()));
              if (added) {
                // Iso-level 0.5 between a 0 and a 1 voxel: the edge midpoint. Padded
                // coordinate q maps to voxel q - 1.
                Eigen::Vector3d v;
                for (int a = 0; a < 3; ++a)
                  v[a] = (lower[static_cast<std::size_t>(a)] - 1 + (a == axis ? 0.5 : 0.0)) *
                         grid.spacing[static_cast<std::size_t>(a)];
                mesh.vertices.push_back(v);
              }
              cube_vertex[static_cast<std::size_t>(e)] = it->second;
            }
            face[static_cast<std::size_t>(k)] = cube_vertex[static_cast<std::size_t>(e)];
          }
          mesh.faces.push_back(face);
        }
      }
    }
  }
  return mesh;
}

double mesh_volume(const Mesh& mesh) {
  double six_v = 0.0;
  for (const auto& f : mesh.faces)
    six_v += mesh.vertices[static_cast<std::size_t>(f[0])].dot(
        mesh.vertices[static_cast<std::size_t>(f[1])].cross(mesh.vertices[static_cast<std::size_t>(f[2])]));
  return std::abs(six_v) / 6.0;
}

double mesh_area(const Mesh& mesh) {
  double two_a = 0.0;
  for (const auto& f : mesh.faces) {
    const Eigen::Vector3d& a = mesh.vertices[static_cast<std::size_t>(f[0])];
    two_a += (mesh.vertices[static_cast<std::size_t>(f[1])] - a)
                 .cross(mesh.vertices[static_cast<std::size_t>(f[2])] - a)
                 .norm();
  }
  return two_a / 2.0;
}

std::optional<ConvexHull> convex_hull(const std::vector<Eigen::Vector3d>& points) {
  if (points.size() < 4) return std::nullopt;
  std::vector<coordT> coords;
  coords.reserve(3 * points.size());
  for (const auto& point : points) coords.insert(coords.end(), {point[0], point[1], point[2]});

  qhT qh_state;
  qhT* qh = &qh_state;
  // Qhull prints its diagnostics (dozens of lines on a degenerate or absurdly scaled input) to
  // the FILE it is given: a memory stream keeps them off the user's terminal; the caller turns a
  // failure into NaN and a one-line warning.
  char* messages = nullptr;
  std::size_t message_size = 0;
  FILE* sink = open_memstream(&messages, &message_size);
  FILE* errors = sink != nullptr ? sink : stderr;
  qh_zero(qh, errors);
  char command[] = "qhull";
  const int exit_code = qh_new_qhull(qh, 3, static_cast<int>(points.size()), coords.data(), 0, command,
                                     nullptr, errors);
  std::optional<ConvexHull> hull;
  if (exit_code == 0) {
    qh_getarea(qh, qh->facet_list);
    hull = ConvexHull{qh->totvol, qh->totarea, {}};
    for (vertexT* vertex = qh->vertex_list; vertex != nullptr && vertex->next != nullptr; vertex = vertex->next)
      hull->vertices.push_back(points[static_cast<std::size_t>(qh_pointid(qh, vertex->point))]);
  }
  qh_freeqhull(qh, 0);
  int cur_long = 0;
  int tot_long = 0;
  qh_memfreeshort(qh, &cur_long, &tot_long);
  if (sink != nullptr) std::fclose(sink);
  std::free(messages);
  return hull;
}

}  // namespace radiomics::morphology
