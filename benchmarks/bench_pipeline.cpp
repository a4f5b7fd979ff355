// End-to-end and per-family timings on the IBSI CT phantom (configuration C: 3D, 2 mm
// isotropic) and the digital phantom. Results are reported in docs/performance.md with the
// command that produced them.
#include <benchmark/benchmark.h>

#include <cstdint>

#include "radiomics/radiomics.hpp"

namespace {

const std::string kData = std::string(RADIOMICS_SOURCE_DIR) + "/ibsi_phantom/";

struct CtPhantom {
  radiomics::Image image = radiomics::read_image(kData + "ct_phantom/image.nii.gz");
  radiomics::LabelMap mask = radiomics::read_label_map(kData + "ct_phantom/mask.nii.gz");
};

const CtPhantom& ct_phantom() {
  static const CtPhantom phantom;  // read once: the benchmark measures extraction, not I/O
  return phantom;
}

void run_config(benchmark::State& state, const std::string& config, const char* family) {
  radiomics::Settings settings = radiomics::Settings::from_file(kData + "configs/" + config);
  // A user's extraction: no IBSI diagnostics, so the chain crops to the ROI before interpolating.
  settings.diagnostics = false;
  if (family) {
    settings.families.clear();
    for (const auto& f : radiomics::families())
      if (f.name == family) settings.families.push_back(f.family);
  }
  const radiomics::Extractor extractor(settings);
  const auto& p = ct_phantom();
  for (auto _ : state) {
    auto table = extractor.run(p.image.view(), p.mask.view());
    benchmark::DoNotOptimize(table);
  }
}

void BM_CtPhantom_ConfigC_All(benchmark::State& state) { run_config(state, "config_c.json", nullptr); }
BENCHMARK(BM_CtPhantom_ConfigC_All)->Unit(benchmark::kMillisecond);

void BM_CtPhantom_ConfigA_All(benchmark::State& state) { run_config(state, "config_a.json", nullptr); }
BENCHMARK(BM_CtPhantom_ConfigA_All)->Unit(benchmark::kMillisecond);

void BM_CtPhantom_ConfigC_Family(benchmark::State& state, const char* family) {
  run_config(state, "config_c.json", family);
}
BENCHMARK_CAPTURE(BM_CtPhantom_ConfigC_Family, morphology, "morphology")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_CtPhantom_ConfigC_Family, glcm, "glcm")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_CtPhantom_ConfigC_Family, glszm, "glszm")->Unit(benchmark::kMillisecond);

/// A ROI that fills a 300^3 image (issue 10: every family on it must finish in seconds within
/// about 1 GB): one iteration, peak memory from the process (e.g. /usr/bin/time -v).
void BM_FullVolume300_AllFamilies(benchmark::State& state) {
  constexpr std::size_t kSide = 300;
  radiomics::Image image;
  image.geometry.size = {kSide, kSide, kSide};
  image.data.resize(kSide * kSide * kSide);
  std::uint32_t seed = 1;
  for (float& v : image.data) {
    seed = seed * 1664525u + 1013904223u;
    v = static_cast<float>(1 + (seed >> 27));  // 1..32
  }
  radiomics::LabelMap mask;
  mask.geometry = image.geometry;
  mask.data.assign(image.data.size(), 1);
  const radiomics::Settings settings = radiomics::Settings::from_json_text(
      R"({"discretisation": {"method": "fixed_bin_number", "bin_count": 32},
          "ivh_discretisation": {"method": "fixed_bin_number", "bin_count": 100}})");
  const radiomics::Extractor extractor(settings);
  for (auto _ : state) {
    auto table = extractor.run(image.view(), mask.view());
    benchmark::DoNotOptimize(table);
  }
}
BENCHMARK(BM_FullVolume300_AllFamilies)->Unit(benchmark::kSecond)->Iterations(1);

}  // namespace

BENCHMARK_MAIN();
