// IBSI 2 filters on a CT-sized volume (512 x 512 x 300 voxels of 1 mm) and filtered features on
// the IBSI CT phantom. Results are reported in docs/performance.md with the command that produced
// them.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "filters/filters.hpp"
#include "radiomics/radiomics.hpp"

namespace {

using radiomics::filters::FilterImage;

const std::string kData = std::string(RADIOMICS_SOURCE_DIR) + "/ibsi_phantom/";

/// A 512 x 512 x 300 volume of 1 mm voxels: smooth structures plus noise, CT-like values.
const FilterImage& ct_sized_volume() {
  static const FilterImage volume = [] {
    FilterImage v;
    v.grid.size = {512, 512, 300};
    v.grid.spacing = {1.0, 1.0, 1.0};
    v.values.resize(v.grid.count());
    std::mt19937 rng(1);
    std::normal_distribution<float> noise(0.0F, 20.0F);
    std::size_t i = 0;
    for (int z = 0; z < 300; ++z)
      for (int y = 0; y < 512; ++y)
        for (int x = 0; x < 512; ++x, ++i)
          v.values[i] = 400.0F * std::sin(0.05F * static_cast<float>(x)) *
                            std::cos(0.03F * static_cast<float>(y + z)) +
                        noise(rng);
    return v;
  }();
  return volume;
}

/// The best of the repetitions: the machine is shared, and other work only ever adds time.
double best(const std::vector<double>& v) { return *std::min_element(v.begin(), v.end()); }

/// The filter benchmarks: argument "threads" (1 or 2), 3 repetitions reported as mean, median,
/// spread and best, wall time (UseRealTime) beside the CPU time of the whole process (all
/// threads).
void filter_case(benchmark::internal::Benchmark* b) {
  b->ArgName("threads")
      ->Arg(1)
      ->Arg(2)
      ->Unit(benchmark::kSecond)
      ->Iterations(1)
      ->Repetitions(3)
      ->ReportAggregatesOnly(true)
      ->ComputeStatistics("best", best)
      ->MeasureProcessCPUTime()
      ->UseRealTime();
}

radiomics::FilterSettings volumetric(radiomics::FilterKind kind) {
  radiomics::FilterSettings f;
  f.kind = std::move(kind);
  f.volumetric = true;
  f.boundary = radiomics::Boundary::Mirror;
  return f;
}

void BM_Log3D_512x512x300(benchmark::State& state) {
  const FilterImage& v = ct_sized_volume();
  const radiomics::FilterSettings log = volumetric(radiomics::LogFilter{1.5, 4.0});
  const auto threads = static_cast<int>(state.range(0));
  for (auto _ : state) {
    FilterImage map = radiomics::filters::apply_filter(v, log, "log", threads);
    benchmark::DoNotOptimize(map.values.data());
  }
}
BENCHMARK(BM_Log3D_512x512x300)->Apply(filter_case);

/// The 8 bands of a level-1 undecimated decomposition (LLL ... HHH), one filter each.
void BM_Wavelet8Bands_512x512x300(benchmark::State& state, const char* wavelet) {
  const FilterImage& v = ct_sized_volume();
  const auto threads = static_cast<int>(state.range(0));
  for (auto _ : state) {
    for (const char* band : {"LLL", "LLH", "LHL", "LHH", "HLL", "HLH", "HHL", "HHH"}) {
      FilterImage map = radiomics::filters::apply_filter(
          v, volumetric(radiomics::WaveletFilter{wavelet, band, 1}), "wav", threads);
      benchmark::DoNotOptimize(map.values.data());
    }
  }
}
BENCHMARK_CAPTURE(BM_Wavelet8Bands_512x512x300, haar, "haar")->Apply(filter_case);
BENCHMARK_CAPTURE(BM_Wavelet8Bands_512x512x300, db3, "db3")->Apply(filter_case);

/// A PyRadiomics-like extraction on the CT phantom (3D, no resampling, fixed bin width 25):
/// the image and the 8 level-1 coif1 wavelet bands with first-order and texture families,
/// optionally with a LoG map (sigma 1.5 mm) too.
void BM_CtPhantom_Wavelet8(benchmark::State& state, bool with_log) {
  static const radiomics::Image image = radiomics::read_image(kData + "ct_phantom/image.nii.gz");
  static const radiomics::LabelMap mask =
      radiomics::read_label_map(kData + "ct_phantom/mask.nii.gz");
  std::string filters;
  for (const char* band : {"LLL", "LLH", "LHL", "LHH", "HLL", "HLH", "HHL", "HHH"})
    filters += std::string(filters.empty() ? "" : ", ") +
               R"({"type": "wavelet", "wavelet": "coif1", "band": ")" + band + "\"}";
  if (with_log) filters += R"(, {"type": "log", "sigma": 1.5})";
  const std::string families =
      R"(["statistics", "intensity_histogram", "glcm", "glrlm", "glszm", "ngtdm", "ngldm"])";
  const radiomics::Settings settings = radiomics::Settings::from_json_text(
      R"({"discretisation": {"method": "fixed_bin_size", "bin_width": 25},
          "filtering": {"families": )" +
      families + R"(, "discretisation": {"method": "fixed_bin_size", "bin_width": 25},
                        "filters": [)" +
      filters + "]}}");
  const radiomics::Extractor extractor(settings);
  for (auto _ : state) {
    auto table = extractor.run(image.view(), mask.view());
    benchmark::DoNotOptimize(table);
  }
}
BENCHMARK_CAPTURE(BM_CtPhantom_Wavelet8, without_log, false)
    ->Unit(benchmark::kSecond)
    ->Iterations(1)
    ->Repetitions(3)
    ->ReportAggregatesOnly(true);
BENCHMARK_CAPTURE(BM_CtPhantom_Wavelet8, with_log, true)
    ->Unit(benchmark::kSecond)
    ->Iterations(1)
    ->Repetitions(3)
    ->ReportAggregatesOnly(true);

}  // namespace

BENCHMARK_MAIN();
