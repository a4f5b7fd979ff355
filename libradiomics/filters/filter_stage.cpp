// The filter stage of the chain (see filter_stage.hpp).
#include "filters/filter_stage.hpp"

#include <string>

#include "filters/filters.hpp"

namespace radiomics {

std::vector<std::vector<Roi>> filter_stage(const ImageBlock& block, const FilteringSettings& settings,
                                           const std::vector<const Roi*>& image_rois,
                                           const std::vector<Region>& crops, int threads) {
  std::vector<std::vector<Roi>> maps(image_rois.size());
  if (settings.filters.empty()) return maps;
  const filters::FilterImage image{block.grid, std::vector<float>(block.intensity.begin(), block.intensity.end())};
  for (std::size_t f = 0; f < settings.filters.size(); ++f) {
    const filters::FilterImage map =
        filters::apply_filter(image, settings.filters[f], "filtering.filters[" + std::to_string(f) + "]", threads);
    for (std::size_t k = 0; k < image_rois.size(); ++k) {
      Roi roi;
      roi.grid = image_rois[k]->grid;
      const std::vector<float> values = crop_values(map.values, block.grid, crops[k]);
      roi.intensity.assign(values.begin(), values.end());
      roi.morph_mask = image_rois[k]->morph_mask;
      roi.int_mask = image_rois[k]->int_mask;
      maps[k].push_back(std::move(roi));
    }
  }
  return maps;
}

}  // namespace radiomics
