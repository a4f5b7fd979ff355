#include "io/contours.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>

#include "radiomics/errors.hpp"

namespace radiomics {
namespace {

/// A point in continuous voxel indices: (i, j, k) = (x, y, z) index, voxel centres at integers.
using IndexPoint = std::array<double, 3>;

std::string format_mm(const std::array<double, 3>& p) {
  std::ostringstream s;
  s << "(" << p[0] << ", " << p[1] << ", " << p[2] << ") mm";
  return s.str();
}

/// Voxel indices beyond which an in-plane contour point is refused rather than clipped.
constexpr double kFarOutside = 1e7;

struct Edge {
  double u0, v0, u1, v1;
};

/// Fills one slice by the even-odd rule over `edges`: along each row of voxel centres, the
/// crossings with the edges are sorted and the centres in [c0, c1), [c2, c3), ... are inside.
/// An edge counts for a row at v when v is in [min(v0, v1), max(v0, v1)): half-open, so a
/// vertex on the row is counted once and horizontal edges never.
void fill_slice(const std::vector<Edge>& edges, const Geometry& g, std::size_t k,
                std::vector<std::uint8_t>& mask) {
  const auto nx = static_cast<long>(g.size[0]);
  const auto ny = static_cast<long>(g.size[1]);
  std::vector<double> crossings;
  for (long j = 0; j < ny; ++j) {
    const double v = static_cast<double>(j);
    crossings.clear();
    for (const Edge& e : edges)
      if ((e.v0 <= v) != (e.v1 <= v))
        crossings.push_back(e.u0 + (v - e.v0) * (e.u1 - e.u0) / (e.v1 - e.v0));
    std::sort(crossings.begin(), crossings.end());
    for (std::size_t c = 0; c + 1 < crossings.size(); c += 2) {
      const long first = std::max(0L, static_cast<long>(std::ceil(crossings[c])));
      // Centres strictly left of the closing crossing: i < c1.
      const long last = std::min(nx - 1, static_cast<long>(std::ceil(crossings[c + 1])) - 1);
      for (long i = first; i <= last; ++i)
        mask[g.index(static_cast<std::size_t>(i), static_cast<std::size_t>(j), k)] = 1;
    }
  }
}

}  // namespace

// The direction matrix's columns are the axis directions (ITK's convention), orthonormal, so its
// transpose inverts it.
std::array<double, 3> patient_to_index(const std::array<double, 3>& p, const Geometry& g) {
  IndexPoint out{};
  for (int b = 0; b < 3; ++b) {
    double projection = 0;
    for (int a = 0; a < 3; ++a) projection += g.direction[a * 3 + b] * (p[a] - g.origin[a]);
    out[b] = projection / g.spacing[b];
  }
  return out;
}

RasterisedContours rasterise_contours(const std::vector<Contour>& contours, const Geometry& grid,
                                      const std::string& roi_name) {
  RasterisedContours out;
  std::map<std::size_t, std::vector<Edge>> edges_by_slice;
  const double half = 0.5 + 1e-6;  // the image extends half a voxel beyond the outer centres
  for (const Contour& contour : contours) {
    if (contour.points.size() < 3) continue;  // no area: nothing inside
    std::vector<IndexPoint> points;
    points.reserve(contour.points.size());
    for (const auto& p : contour.points) points.push_back(patient_to_index(p, grid));
    const double k = std::round(points.front()[2]);
    for (std::size_t n = 0; n < points.size(); ++n) {
      const IndexPoint& q = points[n];
      // Off the slices stays an error: the contour belongs to another grid (or no slice holds
      // it), which clipping cannot mend.
      if (std::fabs(q[2] - k) > kContourSliceTolerance || k < 0 ||
          k > static_cast<double>(grid.size[2] - 1))
        throw InputError("ROI '" + roi_name + "': contour point " + format_mm(contour.points[n]) +
                         " is not on a slice of the image (slice index " + std::to_string(q[2]) +
                         "; contours must lie in the planes of the image's slices)");
      bool outside = false;
      for (int a = 0; a < 2; ++a) {
        // A point kilometres away is corrupt data, not a contour drawn beyond the field of view;
        // the bound also keeps fill_slice's crossings finite and within a long.
        if (!(std::fabs(q[a]) < kFarOutside))
          throw InputError("ROI '" + roi_name + "': contour point " + format_mm(contour.points[n]) +
                           " is too far outside the image to have been drawn on it (" +
                           (a == 0 ? "x" : "y") + " index " + std::to_string(q[a]) + ")");
        outside = outside || q[a] < -half || q[a] > static_cast<double>(grid.size[a]) - 1 + half;
      }
      out.points_outside += outside ? 1 : 0;
    }
    out.points += points.size();
    auto& edges = edges_by_slice[static_cast<std::size_t>(k)];
    for (std::size_t n = 0; n < points.size(); ++n) {
      const IndexPoint& a = points[n];
      const IndexPoint& b =
          points[(n + 1) % points.size()];  // closed: the last point joins the first
      edges.push_back({a[0], a[1], b[0], b[1]});
    }
  }
  out.inside.assign(grid.voxel_count(), 0);
  // fill_slice tests only the image's voxel centres: this is where outside parts are clipped.
  for (const auto& [k, edges] : edges_by_slice) fill_slice(edges, grid, k, out.inside);
  return out;
}

}  // namespace radiomics
