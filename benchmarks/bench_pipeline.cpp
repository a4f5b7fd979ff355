// End-to-end and per-family timings on the IBSI CT phantom (configuration C: 3D, 2 mm
// isotropic) and the digital phantom. Results are reported in docs/performance.md with the
// command that produced them.
#include <benchmark/benchmark.h>

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

}  // namespace

BENCHMARK_MAIN();
