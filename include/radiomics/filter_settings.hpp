// Typed settings of the IBSI 2 convolutional filters (IBSI 2 reference manual, arXiv 2006.05470,
// chapter 2). Built from the "filtering" section of a JSON configuration by Settings::from_json
// (libradiomics/settings.cpp); docs/filters.md describes every key.
#pragma once
#include <optional>
#include <string>
#include <variant>

namespace radiomics {

/// How a filter sees voxels beyond the image border (IBSI 2 manual, "Boundary conditions"),
/// shown for a row a b c d:
enum class Boundary {
  Zero,      ///< 0 0 0 | a b c d | 0 0 0   (constant zero padding)
  Nearest,   ///< a a a | a b c d | d d d   (edge value repeated)
  Periodic,  ///< b c d | a b c d | a b c   (the image wraps around)
  Mirror,    ///< c b a | a b c d | d c b   (symmetric: the edge voxel is repeated; scipy "reflect")
};

/// How the responses of a filter's orientations are combined into one rotation-invariant map.
enum class Pooling { Max, Mean };

/// Mean filter: the average over a cube (square in 2D) of `support` voxels per side (odd).
struct MeanFilter {
  int support = 3;
};

/// Laplacian of Gaussian: scale sigma in mm, kernel truncated at `truncate` sigma per axis.
struct LogFilter {
  double sigma_mm = 1.0;
  double truncate = 4.0;
};

/// Laws kernels, e.g. "L5E5E5" (the 1D kernels along x, y, z); optionally the energy map: the
/// mean absolute response over a window of 2 delta + 1 voxels per side.
struct LawsFilter {
  std::string kernel;
  bool energy = false;
  int delta = 7;
};

/// Gabor filter in a plane: scale sigma and wavelength lambda in mm, aspect ratio gamma,
/// orientation theta (degrees); with a theta step, the orientations theta + k step in [0, 360)
/// are pooled. The response is the modulus of the complex response.
struct GaborFilter {
  double sigma_mm = 1.0;
  double gamma = 1.0;
  double lambda_mm = 1.0;
  double theta_deg = 0.0;
  std::optional<double> theta_step_deg;
};

/// Separable wavelet, undecimated (stationary, a trous): family ("haar", "db2", "db3",
/// "coif1"), band (one L or H per filtered axis, x first: "LLH"), decomposition level >= 1.
struct WaveletFilter {
  std::string wavelet = "haar";
  std::string band = "LLH";
  int level = 1;
};

/// Non-separable Simoncelli wavelet (isotropic band-pass in the Fourier domain), level >= 1.
struct SimoncelliFilter {
  int level = 1;
};

using FilterKind =
    std::variant<MeanFilter, LogFilter, LawsFilter, GaborFilter, WaveletFilter, SimoncelliFilter>;

/// One filter of a configuration.
struct FilterSettings {
  FilterKind kind;
  /// 3D (volumetric) filter; false: 2D filter applied to each axial slice.
  bool volumetric = true;
  Boundary boundary = Boundary::Mirror;
  /// Laws and separable wavelets: pool the responses of the kernel's right-angle rotations
  /// (24 in 3D, 4 in 2D). Gabor in 3D: pool over the three orthogonal planes.
  bool rotation_invariant = false;
  Pooling pooling = Pooling::Mean;  ///< (a configuration without "pooling" gives Laws max)
  /// Column prefix of the features of this response map ("log_s1.5"); docs/filters.md.
  std::string prefix;
};

/// The column prefix generated for a filter (docs/filters.md, "Column names"), e.g. "log_s1.5";
/// `slice_wise_analysis` adds "_3D" to a 3D filter in a 2D analysis and "_2D" the other way round.
std::string default_filter_prefix(const FilterSettings& filter, bool slice_wise_analysis);

/// The short type name of a filter in configuration files ("mean", "log", "laws", ...).
const char* filter_type_name(const FilterKind& kind);
const char* boundary_name(Boundary b);

}  // namespace radiomics
