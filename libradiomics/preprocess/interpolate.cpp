#include "preprocess/interpolate.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>

namespace radiomics {
namespace {

/// Pole of the cubic B-spline prefilter (Unser et al. 1991): sqrt(3) - 2.
constexpr double kCubicPole = -0.267949192431122706472553658494127633;
/// Edge padding before prefiltering: scipy pads "nearest" inputs by 12 voxels, because its
/// prefilter has no exact boundary condition for that mode.
constexpr int kSplinePad = 12;

/// The taps of one axis: new sample j is sum_t weight[j*k + t] * old[index[j*k + t]].
struct Taps {
  int per_sample = 1;
  std::vector<int> index;
  std::vector<double> weight;
};

int clamp_index(long long i, int n) {
  return static_cast<int>(std::clamp<long long>(i, 0, n - 1));
}

Taps nearest_taps(const AxisSampling& axis, int n, Outside outside) {
  Taps taps;
  taps.per_sample = 1;
  for (int j = 0; j < axis.size; ++j) {
    const double p = axis.position(j);
    const bool inside = p >= -1e-9 && p <= (n - 1) + 1e-9;
    // scipy's order 0 rounds halves up: floor(p + 0.5).
    taps.index.push_back(clamp_index(static_cast<long long>(std::floor(p + 0.5)), n));
    taps.weight.push_back(outside == Outside::kZero && !inside ? 0.0 : 1.0);
  }
  return taps;
}

Taps linear_taps(const AxisSampling& axis, int n, Outside outside) {
  Taps taps;
  taps.per_sample = 2;
  for (int j = 0; j < axis.size; ++j) {
    const double p = axis.position(j);
    const double base = std::floor(p);
    const double w = p - base;
    const auto i0 = static_cast<long long>(base);
    // Tap indices beyond the edge are clamped: outside points take the edge value.
    taps.index.push_back(clamp_index(i0, n));
    taps.index.push_back(clamp_index(i0 + 1, n));
    const bool inside = p >= -1e-9 && p <= (n - 1) + 1e-9;
    const double scale = outside == Outside::kZero && !inside ? 0.0 : 1.0;
    taps.weight.push_back(scale * (1.0 - w));
    taps.weight.push_back(scale * w);
  }
  return taps;
}

/// Cubic B-spline weights of the four coefficients floor(p)-1 .. floor(p)+2 at offset t = p - floor(p).
std::array<double, 4> cubic_bspline_weights(double t) {
  const double u = 1.0 - t;
  return {u * u * u / 6.0, (4.0 - 6.0 * t * t + 3.0 * t * t * t) / 6.0,
          (4.0 - 6.0 * u * u + 3.0 * u * u * u) / 6.0, t * t * t / 6.0};
}

/// Taps over the padded coefficient line (n + 2 * kSplinePad entries).
Taps cubic_taps(const AxisSampling& axis, int n) {
  Taps taps;
  taps.per_sample = 4;
  const int padded = n + 2 * kSplinePad;
  for (int j = 0; j < axis.size; ++j) {
    const double p = axis.position(j) + kSplinePad;
    const double base = std::floor(p);
    const auto w = cubic_bspline_weights(p - base);
    for (int t = 0; t < 4; ++t) {
      taps.index.push_back(clamp_index(static_cast<long long>(base) - 1 + t, padded));
      taps.weight.push_back(w[static_cast<std::size_t>(t)]);
    }
  }
  return taps;
}

/// Turns samples into cubic B-spline coefficients in place: gain, then a causal and an
/// anticausal recursive pass with scipy's half-sample-symmetric ("reflect") initialisation.
void cubic_prefilter(std::vector<double>& c) {
  const auto n = static_cast<std::ptrdiff_t>(c.size());
  if (n < 2) return;
  const double z = kCubicPole;
  const double gain = (1.0 - z) * (1.0 - 1.0 / z);
  for (double& v : c) v *= gain;

  const double z_n = std::pow(z, static_cast<double>(n));
  double sum = c[0] + z_n * c[static_cast<std::size_t>(n - 1)];
  double z_i = z;
  for (std::ptrdiff_t i = 1; i < n; ++i) {
    sum += z_i * (c[static_cast<std::size_t>(i)] + z_n * c[static_cast<std::size_t>(n - 1 - i)]);
    z_i *= z;
  }
  c[0] += sum * z / (1.0 - z_n * z_n);
  for (std::ptrdiff_t i = 1; i < n; ++i)
    c[static_cast<std::size_t>(i)] += z * c[static_cast<std::size_t>(i - 1)];
  c[static_cast<std::size_t>(n - 1)] *= z / (z - 1.0);
  for (std::ptrdiff_t i = n - 2; i >= 0; --i)
    c[static_cast<std::size_t>(i)] =
        z * (c[static_cast<std::size_t>(i + 1)] - c[static_cast<std::size_t>(i)]);
}

/// The volume seen as inner x n x outer along the resampled axis.
struct AxisLayout {
  std::size_t inner = 1;
  std::size_t n = 1;
  std::size_t outer = 1;
};

AxisLayout layout(const std::array<int, 3>& size, int axis) {
  AxisLayout l;
  for (int a = 0; a < 3; ++a) {
    const auto s = static_cast<std::size_t>(size[static_cast<std::size_t>(a)]);
    if (a < axis) l.inner *= s;
    else if (a == axis) l.n = s;
    else l.outer *= s;
  }
  return l;
}

/// Applies tap weights along one axis; the innermost loop runs over contiguous memory.
std::vector<double> apply_taps(const std::vector<double>& in, const AxisLayout& l, const Taps& taps,
                               std::size_t n_new) {
  std::vector<double> out(l.inner * n_new * l.outer, 0.0);
  const auto k = static_cast<std::size_t>(taps.per_sample);
  for (std::size_t o = 0; o < l.outer; ++o)
    for (std::size_t j = 0; j < n_new; ++j) {
      double* dst = &out[l.inner * (j + n_new * o)];
      for (std::size_t t = 0; t < k; ++t) {
        const double w = taps.weight[j * k + t];
        if (w == 0.0) continue;
        const double* src = &in[l.inner * (static_cast<std::size_t>(taps.index[j * k + t]) + l.n * o)];
        for (std::size_t i = 0; i < l.inner; ++i) dst[i] += w * src[i];
      }
    }
  return out;
}

/// Cubic resampling along one axis: each line is edge-padded, prefiltered and sampled.
std::vector<double> resample_cubic_axis(const std::vector<double>& in, const AxisLayout& l,
                                        const Taps& taps, std::size_t n_new) {
  std::vector<double> out(l.inner * n_new * l.outer, 0.0);
  const auto pad = static_cast<std::size_t>(kSplinePad);
  std::vector<double> line(l.n + 2 * pad);
  for (std::size_t o = 0; o < l.outer; ++o)
    for (std::size_t i = 0; i < l.inner; ++i) {
      for (std::size_t m = 0; m < line.size(); ++m) {
        const std::size_t src = std::clamp(m, pad, pad + l.n - 1) - pad;
        line[m] = in[i + l.inner * (src + l.n * o)];
      }
      cubic_prefilter(line);
      for (std::size_t j = 0; j < n_new; ++j) {
        double v = 0.0;
        for (std::size_t t = 0; t < 4; ++t)
          v += taps.weight[4 * j + t] * line[static_cast<std::size_t>(taps.index[4 * j + t])];
        out[i + l.inner * (j + n_new * o)] = v;
      }
    }
  return out;
}

}  // namespace

AxisSampling ibsi_axis_sampling(int old_size, double old_spacing, double new_spacing) {
  AxisSampling s;
  // A tiny tolerance keeps n * old / new that is an integer up to rounding from gaining a voxel.
  const double extent = static_cast<double>(old_size) * old_spacing / new_spacing;
  s.size = std::max(1, static_cast<int>(std::ceil(extent - 1e-9)));
  s.step = new_spacing / old_spacing;
  s.first = 0.5 * (old_size - 1) - 0.5 * (s.size - 1) * s.step;
  return s;
}

std::vector<double> resample(const std::vector<double>& values, const std::array<int, 3>& size,
                             const std::array<AxisSampling, 3>& axes, InterpolationMethod method,
                             Outside outside) {
  std::vector<double> current = values;
  std::array<int, 3> current_size = size;
  for (int a = 0; a < 3; ++a) {
    const auto ua = static_cast<std::size_t>(a);
    const AxisSampling& axis = axes[ua];
    const int n = current_size[ua];
    // Sampling an axis at its own voxel centres leaves it unchanged for every method.
    if (axis.is_identity(n)) continue;
    const AxisLayout l = layout(current_size, a);
    const auto n_new = static_cast<std::size_t>(axis.size);
    switch (method) {
      case InterpolationMethod::Nearest:
        current = apply_taps(current, l, nearest_taps(axis, n, outside), n_new);
        break;
      case InterpolationMethod::Linear:
        current = apply_taps(current, l, linear_taps(axis, n, outside), n_new);
        break;
      case InterpolationMethod::Cubic:
        current = resample_cubic_axis(current, l, cubic_taps(axis, n), n_new);
        break;
    }
    current_size[ua] = axis.size;
  }
  return current;
}

}  // namespace radiomics
