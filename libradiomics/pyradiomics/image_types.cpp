#include "pyradiomics/image_types.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <variant>

namespace radiomics::pyradiomics {

std::string python_number_text(const std::string& yaml_scalar, double value) {
  // PyYAML reads [-+]?[0-9]+ as int (YAML 1.1 also has octal and sexagesimal forms, which no
  // parameter file uses for a scale), everything else that is a number as float.
  const std::size_t digits_from = !yaml_scalar.empty() && (yaml_scalar[0] == '-' || yaml_scalar[0] == '+') ? 1 : 0;
  const bool integer = yaml_scalar.size() > digits_from &&
                       yaml_scalar.find_first_not_of("0123456789", digits_from) == std::string::npos;
  if (integer && std::abs(value) < 1e15) return std::to_string(static_cast<long long>(value));
  return python_float_repr(value);
}

std::string python_float_repr(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  // Shortest round-trip digits in scientific form, e.g. "-1.5e+00", then laid out as Python does.
  char buf[64];
  const auto end = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific).ptr;
  std::string text(buf, end);
  std::string sign;
  if (text[0] == '-') {
    sign = "-";
    text.erase(0, 1);
  }
  const std::size_t e = text.find('e');
  const int exponent = std::atoi(text.c_str() + e + 1);
  std::string digits = text.substr(0, e);
  if (digits.size() > 1) digits.erase(1, 1);  // drop the decimal point
  if (exponent < -4 || exponent >= 16) {
    std::string mantissa = digits.substr(0, 1) + (digits.size() > 1 ? "." + digits.substr(1) : "");
    const std::string magnitude = std::to_string(std::abs(exponent));
    return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + (magnitude.size() < 2 ? "0" : "") + magnitude;
  }
  if (exponent < 0) return sign + "0." + std::string(static_cast<std::size_t>(-exponent - 1), '0') + digits;
  const auto whole = static_cast<std::size_t>(exponent) + 1;
  if (digits.size() <= whole) return sign + digits + std::string(whole - digits.size(), '0') + ".0";
  return sign + digits.substr(0, whole) + "." + digits.substr(whole);
}

std::string log_image_type(const std::string& sigma_text) {
  std::string text = sigma_text;
  for (char& c : text)
    if (c == '.') c = '-';
  return "log-sigma-" + text + "-mm-3D";
}

std::string wavelet_image_type(int index, const std::string& band) {
  return (index == 1 ? std::string("wavelet-") : "wavelet" + std::to_string(index) + "-") + band;
}

std::vector<std::string> wavelet_detail_bands(int dimensions) {
  // swtn appends one letter per axis, low before high: the bands count up in binary with L = 0,
  // H = 1, and the all-low band (the approximation) is yielded last, separately.
  std::vector<std::string> bands;
  for (int code = 1; code < (1 << dimensions); ++code) {
    std::string band;
    for (int axis = dimensions - 1; axis >= 0; --axis) band += (code >> axis) & 1 ? 'H' : 'L';
    bands.push_back(band);
  }
  return bands;
}

double response_scale(const FilterSettings& filter, const std::array<double, 3>& spacing) {
  const auto* log = std::get_if<LogFilter>(&filter.kind);
  if (log == nullptr) return 1.0;
  const int axes = filter.volumetric ? 3 : 2;
  double log_spacing = 0.0;
  for (int a = 0; a < axes; ++a) log_spacing += std::log(spacing[static_cast<std::size_t>(a)]);
  const double sigma_voxels = log->sigma_mm / std::exp(log_spacing / axes);
  return sigma_voxels * sigma_voxels;
}

}  // namespace radiomics::pyradiomics
