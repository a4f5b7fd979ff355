// Grey level size zone matrix (GLSZM) features, IBSI manual "Grey level size zone based
// features" (9SAK).
//
// Notation of the manual: s_ij is the number of zones of grey level i (1..N_g) and size j
// (1..N_z); s_i. and s_.j are the marginal sums, N_s = sum_ij s_ij the number of zones, N_v the
// number of intensity-mask voxels (summed over merged matrices) and p_ij = s_ij / N_s. The
// texture layer (texture/texture.hpp) builds the slabs and aggregations; this file finds the
// zones of one slab and computes the features of one matrix. The GLDZM reuses both; the GLRLM
// and NGLDM reuse the features.
#include "features/glszm.hpp"

#include "features/feature_list.hpp"

#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <string>

#include "radiomics/errors.hpp"

namespace radiomics::glszm {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Everything the features share, computed once per matrix (row i-1 = grey level i, column
/// j-1 = zone size j, or run length / distance / dependence count for the families that reuse
/// these rules).
struct Marginals {
  Eigen::ArrayXd s_i;  ///< s_i., zones per grey level
  Eigen::ArrayXd s_j;  ///< s_.j, zones per zone size
  Eigen::ArrayXd i;    ///< grey levels 1..N_g
  Eigen::ArrayXd j;    ///< zone sizes 1..N_z
  double n_s = 0.0;    ///< number of zones N_s
  double n_v = 0.0;    ///< number of voxels N_v
};

Marginals marginals(const texture::Matrix& m) {
  Marginals g;
  g.s_i = m.counts.rowwise().sum();
  g.s_j = m.counts.colwise().sum().transpose();
  g.i = Eigen::ArrayXd::LinSpaced(m.counts.rows(), 1.0, static_cast<double>(m.counts.rows()));
  g.j = texture::column_values_of(m);  // zone sizes (or distances, dependences) of the columns
  g.n_s = m.counts.sum();
  g.n_v = m.n_voxels;
  return g;
}

/// sum_ij w_i(i) w_j(j) s_ij / N_s, the joint emphases.
double emphasis(const Eigen::ArrayXXd& s, const Marginals& g, const Eigen::ArrayXd& w_i,
                const Eigen::ArrayXd& w_j) {
  return (w_i.matrix().transpose() * s.matrix() * w_j.matrix()).value() / g.n_s;
}

/// Small zone emphasis, P001 (the manual's source text omits this identifier): F = 1/N_s sum_j
/// s_.j / j^2.
double sze(const Eigen::ArrayXXd&, const Marginals& g) {
  return (g.s_j / g.j.square()).sum() / g.n_s;
}

/// Large zone emphasis, 48P8: F = 1/N_s sum_j j^2 s_.j.
double lze(const Eigen::ArrayXXd&, const Marginals& g) {
  return (g.s_j * g.j.square()).sum() / g.n_s;
}

/// Low grey level zone emphasis, XMSY: F = 1/N_s sum_i s_i. / i^2.
double lgze(const Eigen::ArrayXXd&, const Marginals& g) {
  return (g.s_i / g.i.square()).sum() / g.n_s;
}

/// High grey level zone emphasis, 5GN9: F = 1/N_s sum_i i^2 s_i..
double hgze(const Eigen::ArrayXXd&, const Marginals& g) {
  return (g.s_i * g.i.square()).sum() / g.n_s;
}

/// Small zone low grey level emphasis, 5RAI: F = 1/N_s sum_ij s_ij / (i^2 j^2).
double szlge(const Eigen::ArrayXXd& s, const Marginals& g) {
  return emphasis(s, g, g.i.square().inverse(), g.j.square().inverse());
}

/// Small zone high grey level emphasis, HW1V: F = 1/N_s sum_ij i^2 s_ij / j^2.
double szhge(const Eigen::ArrayXXd& s, const Marginals& g) {
  return emphasis(s, g, g.i.square(), g.j.square().inverse());
}

/// Large zone low grey level emphasis, YH51: F = 1/N_s sum_ij j^2 s_ij / i^2.
double lzlge(const Eigen::ArrayXXd& s, const Marginals& g) {
  return emphasis(s, g, g.i.square().inverse(), g.j.square());
}

/// Large zone high grey level emphasis, J17V: F = 1/N_s sum_ij i^2 j^2 s_ij.
double lzhge(const Eigen::ArrayXXd& s, const Marginals& g) {
  return emphasis(s, g, g.i.square(), g.j.square());
}

/// Grey level non-uniformity, JNSA: F = 1/N_s sum_i s_i.^2.
double glnu(const Eigen::ArrayXXd&, const Marginals& g) { return g.s_i.square().sum() / g.n_s; }

/// Normalised grey level non-uniformity, Y1RO: F = 1/N_s^2 sum_i s_i.^2.
double glnu_norm(const Eigen::ArrayXXd&, const Marginals& g) {
  return g.s_i.square().sum() / (g.n_s * g.n_s);
}

/// Zone size non-uniformity, 4JP3: F = 1/N_s sum_j s_.j^2.
double zsnu(const Eigen::ArrayXXd&, const Marginals& g) { return g.s_j.square().sum() / g.n_s; }

/// Normalised zone size non-uniformity, VB3A: F = 1/N_s^2 sum_j s_.j^2.
double zsnu_norm(const Eigen::ArrayXXd&, const Marginals& g) {
  return g.s_j.square().sum() / (g.n_s * g.n_s);
}

/// Zone percentage, P30P: F = N_s / N_v (N_v summed over merged matrices).
double z_perc(const Eigen::ArrayXXd&, const Marginals& g) {
  return g.n_v > 0.0 ? g.n_s / g.n_v : kNaN;
}

/// Variance of x under the marginal distribution counts / N_s: sum (x - mu)^2 counts / N_s.
double marginal_variance(const Eigen::ArrayXd& x, const Eigen::ArrayXd& counts, double n_s) {
  const double mu = (x * counts).sum() / n_s;
  return ((x - mu).square() * counts).sum() / n_s;
}

/// Grey level variance, BYLV: F = sum_ij (i - mu)^2 p_ij, mu = sum_ij i p_ij.
double gl_var(const Eigen::ArrayXXd&, const Marginals& g) {
  return marginal_variance(g.i, g.s_i, g.n_s);
}

/// Zone size variance, 3NSA: F = sum_ij (j - mu)^2 p_ij, mu = sum_ij j p_ij.
double zs_var(const Eigen::ArrayXXd&, const Marginals& g) {
  return marginal_variance(g.j, g.s_j, g.n_s);
}

/// Zone size entropy, GU8N: F = -sum_ij p_ij log2 p_ij.
double zs_entr(const Eigen::ArrayXXd& s, const Marginals& g) {
  double h = 0.0;
  for (const double count : s.reshaped()) {
    if (count <= 0.0) continue;
    const double p = count / g.n_s;
    h -= p * std::log2(p);
  }
  return h;
}

using FeatureFunction = double (*)(const Eigen::ArrayXXd&, const Marginals&);

struct Feature {
  FeatureInfo info;
  FeatureFunction fn;
};

// The family's one feature list, in the order of the manual and of the IBSI reference tags.
constexpr Feature kFeatures[] = {
    {{"szm_sze", "P001", "Small zone emphasis", "1/N_s sum_j s_.j / j^2"}, &sze},
    {{"szm_lze", "48P8", "Large zone emphasis", "1/N_s sum_j j^2 s_.j"}, &lze},
    {{"szm_lgze", "XMSY", "Low grey level zone emphasis", "1/N_s sum_i s_i. / i^2"}, &lgze},
    {{"szm_hgze", "5GN9", "High grey level zone emphasis", "1/N_s sum_i i^2 s_i."}, &hgze},
    {{"szm_szlge", "5RAI", "Small zone low grey level emphasis", "1/N_s sum_ij s_ij / (i^2 j^2)"},
     &szlge},
    {{"szm_szhge", "HW1V", "Small zone high grey level emphasis", "1/N_s sum_ij i^2 s_ij / j^2"},
     &szhge},
    {{"szm_lzlge", "YH51", "Large zone low grey level emphasis", "1/N_s sum_ij j^2 s_ij / i^2"},
     &lzlge},
    {{"szm_lzhge", "J17V", "Large zone high grey level emphasis", "1/N_s sum_ij i^2 j^2 s_ij"},
     &lzhge},
    {{"szm_glnu", "JNSA", "Grey level non-uniformity", "1/N_s sum_i s_i.^2"}, &glnu},
    {{"szm_glnu_norm", "Y1RO", "Normalised grey level non-uniformity", "1/N_s^2 sum_i s_i.^2"},
     &glnu_norm},
    {{"szm_zsnu", "4JP3", "Zone size non-uniformity", "1/N_s sum_j s_.j^2"}, &zsnu},
    {{"szm_zsnu_norm", "VB3A", "Normalised zone size non-uniformity", "1/N_s^2 sum_j s_.j^2"},
     &zsnu_norm},
    {{"szm_z_perc", "P30P", "Zone percentage", "N_s / N_v"}, &z_perc},
    {{"szm_gl_var", "BYLV", "Grey level variance", "sum_ij (i - mu)^2 p_ij, mu = sum_ij i p_ij"},
     &gl_var},
    {{"szm_zs_var", "3NSA", "Zone size variance", "sum_ij (j - mu)^2 p_ij, mu = sum_ij j p_ij"},
     &zs_var},
    {{"szm_zs_entr", "GU8N", "Zone size entropy", "-sum_ij p_ij log2 p_ij"}, &zs_entr},
};
static_assert(std::size(kFeatures) == kFeatureCount);

constexpr std::array<FeatureInfo, kFeatureCount> kInfos = infos_of(kFeatures);

/// Root of k in the union-find forest, halving the path on the way (near O(1) amortised).
std::int32_t find_root(std::vector<std::int32_t>& parent, std::int32_t k) {
  while (parent[static_cast<std::size_t>(k)] != k) {
    const std::int32_t grand =
        parent[static_cast<std::size_t>(parent[static_cast<std::size_t>(k)])];
    parent[static_cast<std::size_t>(k)] = grand;
    k = grand;
  }
  return k;
}

}  // namespace

void features(const texture::Matrix& matrix, std::span<double> out) {
  if (matrix.counts.size() == 0 || matrix.counts.sum() <= 0.0) {
    // No zone (a slab without intensity-mask voxels): every feature is undefined.
    std::fill(out.begin(), out.end(), kNaN);
    return;
  }
  const Marginals g = marginals(matrix);
  for (std::size_t i = 0; i < kFeatureCount; ++i) out[i] = kFeatures[i].fn(matrix.counts, g);
}

/// Union-find over one raster scan: each voxel is joined to the neighbours that precede it in
/// voxel order (half of the symmetric neighbourhood; the other half is seen from the neighbour's
/// side), then every voxel takes the zone of its root. No recursion, no stack that could grow
/// with the zone, sequential memory access: O(voxels x neighbours).
Zones find_zones(const DiscreteRoi& roi, texture::Slab slab,
                 std::span<const texture::Offset> neighbourhood) {
  const int nx = roi.grid.size[0], ny = roi.grid.size[1],
            nz = std::max(slab.z_end - slab.z_begin, 0);
  const std::size_t per_slice = static_cast<std::size_t>(nx) * static_cast<std::size_t>(ny);
  const std::size_t n = per_slice * static_cast<std::size_t>(nz);
  // Grey level at slab-local index k.
  const std::int32_t* level = roi.level.data() + per_slice * static_cast<std::size_t>(slab.z_begin);
  if (n > static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max()))
    throw InputError("zone labelling: a slab of " + std::to_string(n) +
                     " voxels is too large (crop the image to the ROI)");

  // The offsets pointing to earlier voxels, with their index difference.
  struct Back {
    texture::Offset o;
    std::ptrdiff_t delta;
  };
  std::vector<Back> back;
  for (const texture::Offset& o : neighbourhood) {
    const std::ptrdiff_t delta =
        o[0] + static_cast<std::ptrdiff_t>(nx) * (o[1] + static_cast<std::ptrdiff_t>(ny) * o[2]);
    if (delta < 0) back.push_back({o, delta});
  }

  std::vector<std::int32_t> parent(n, -1);  // -1: outside the intensity mask
  std::size_t k = 0;
  for (int z = 0; z < nz; ++z) {
    for (int y = 0; y < ny; ++y) {
      for (int x = 0; x < nx; ++x, ++k) {
        const std::int32_t g = level[k];
        if (g <= 0) continue;
        auto root = static_cast<std::int32_t>(k);
        parent[k] = root;
        for (const Back& b : back) {
          const int xn = x + b.o[0], yn = y + b.o[1], zn = z + b.o[2];
          if (xn < 0 || yn < 0 || zn < 0 || xn >= nx || yn >= ny || zn >= nz) continue;
          const auto kn = static_cast<std::size_t>(static_cast<std::ptrdiff_t>(k) + b.delta);
          if (level[kn] != g) continue;
          // `root` stays the root of the current voxel's tree through every union below.
          const std::int32_t other = find_root(parent, static_cast<std::int32_t>(kn));
          // The smaller index becomes the root, so a root precedes every voxel of its zone.
          if (other < root) {
            parent[static_cast<std::size_t>(root)] = other;
            root = other;
          } else if (root < other) {
            parent[static_cast<std::size_t>(other)] = root;
          }
        }
      }
    }
  }

  // Every parent points to a smaller index, so one pass in index order leaves each voxel pointing
  // at its root.
  for (std::size_t v = 0; v < n; ++v)
    if (parent[v] >= 0) parent[v] = parent[static_cast<std::size_t>(parent[v])];
  // Then the array becomes zone_of in place (a second array of n would double the memory of a
  // large slab): roots precede their zone's voxels, so when voxel v is reached its root's entry
  // already holds the zone number, while v's own entry still holds the root.
  Zones zones;
  // Exactly as many entries as zones: grown by doubling, the two vectors took up to four times
  // that (a 300^3 ROI of 32 random grey levels has millions of zones).
  std::size_t n_zones = 0;
  for (std::size_t v = 0; v < n; ++v) n_zones += parent[v] == static_cast<std::int32_t>(v) ? 1 : 0;
  zones.level.reserve(n_zones);
  zones.size.reserve(n_zones);
  for (std::size_t v = 0; v < n; ++v) {
    if (parent[v] < 0) continue;
    const auto root = static_cast<std::size_t>(parent[v]);
    if (root == v) {
      parent[v] = static_cast<std::int32_t>(zones.level.size());
      zones.level.push_back(level[v]);
      zones.size.push_back(0);
    } else {
      parent[v] = parent[root];
    }
    ++zones.size[static_cast<std::size_t>(parent[v])];
  }
  zones.zone_of = std::move(parent);
  return zones;
}

texture::Matrix count_matrix(const DiscreteRoi& roi, texture::Slab slab,
                             std::span<const texture::Offset> neighbourhood) {
  const Zones zones = find_zones(roi, slab, neighbourhood);
  // N_z = the largest zone; rows stay N_g even for levels absent from this slab, so that
  // matrices of different slabs line up when merged.
  const std::int32_t n_z =
      zones.size.empty() ? 1 : *std::max_element(zones.size.begin(), zones.size.end());
  const std::int32_t n_g =
      std::max(roi.n_levels,
               zones.level.empty() ? 1 : *std::max_element(zones.level.begin(), zones.level.end()));
  // Dense up to a million cells (the IBSI phantoms and usual ROIs); beyond, only the zone sizes
  // that occur get a column (a ROI of one grey level filling 300^3 voxels is one zone of 27
  // million: dense, 27 million columns per grey level).
  constexpr double kMaxDenseCells = 1 << 20;
  if (static_cast<double>(n_g) * static_cast<double>(n_z) <= kMaxDenseCells) {
    texture::Matrix m{Eigen::ArrayXXd::Zero(n_g, n_z), 0.0, {}};
    for (std::size_t z = 0; z < zones.level.size(); ++z) {
      m.counts(zones.level[z] - 1, zones.size[z] - 1) += 1.0;
      m.n_voxels += zones.size[z];
    }
    return m;
  }
  // The distinct zone sizes, in order, through a bitmap of sizes (n_z bits) rather than a sorted
  // copy of every zone's size.
  std::vector<bool> occurs(static_cast<std::size_t>(n_z) + 1, false);
  for (const std::int32_t size : zones.size) occurs[static_cast<std::size_t>(size)] = true;
  std::vector<std::int32_t> sizes;
  for (std::int32_t size = 1; size <= n_z; ++size)
    if (occurs[static_cast<std::size_t>(size)]) sizes.push_back(size);
  texture::Matrix m{Eigen::ArrayXXd::Zero(n_g, static_cast<Eigen::Index>(sizes.size())), 0.0,
                    std::vector<double>(sizes.begin(), sizes.end())};
  for (std::size_t z = 0; z < zones.level.size(); ++z) {
    const auto column = std::lower_bound(sizes.begin(), sizes.end(), zones.size[z]) - sizes.begin();
    m.counts(zones.level[z] - 1, column) += 1.0;
    m.n_voxels += zones.size[z];
  }
  return m;
}

std::span<const FeatureInfo> feature_infos() { return kInfos; }

void compute(const DiscreteRoi& roi, const Settings& settings, FeatureTable& out) {
  const std::vector<Aggregation> aggregations = settings.effective_aggregations();
  // Zones link each voxel to its whole Chebyshev distance-1 neighbourhood: 8-connectedness in
  // 2D, 26 in 3D (the texture layer picks 2D or 3D per aggregation).
  texture::compute_family(roi, family_info(Family::Glszm), aggregations, &count_matrix, &features,
                          out, 1);
}

}  // namespace radiomics::glszm
