// Manifests of `radiomics batch`: CSV with id, image, mask [, label, config] and any other
// columns, which travel to the output rows.
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "output/csv_table.hpp"
#include "radiomics/batch.hpp"
#include "radiomics/errors.hpp"

namespace radiomics {
namespace {

namespace fs = std::filesystem;

/// A path of the manifest, relative to the manifest's folder unless absolute.
std::string resolve(const fs::path& folder, const std::string& path) {
  if (path.empty() || fs::path(path).is_absolute()) return path;
  return (folder / path).lexically_normal().string();
}

}  // namespace

std::vector<BatchCase> read_manifest(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw FileNotFound("manifest not found: " + path);
  std::stringstream text;
  text << in.rdbuf();
  const auto records = csv::parse(text.str());
  if (records.empty()) throw InputError(path + ": the manifest is empty (expected a header id,image,mask)");
  const std::vector<std::string>& header = records.front();
  const auto column = [&](const std::string& name) -> int {
    for (std::size_t i = 0; i < header.size(); ++i)
      if (header[i] == name) return static_cast<int>(i);
    return -1;
  };
  for (const char* required : {"id", "image", "mask"})
    if (column(required) < 0)
      throw InputError(path + ": the manifest has no '" + required + "' column (it needs id, image, mask; "
                       "label, config, roi and series are optional)");
  std::set<std::string> names;
  for (const std::string& h : header)
    if (!names.insert(h).second) throw InputError(path + ": column '" + h + "' appears twice in the manifest header");

  const fs::path folder = fs::path(path).parent_path();
  std::vector<BatchCase> cases;
  std::set<std::string> ids;
  for (std::size_t r = 1; r < records.size(); ++r) {
    const auto& fields = records[r];
    if (fields.size() == 1 && fields[0].empty()) continue;  // a blank line
    const std::string where = path + ", line " + std::to_string(r + 1);
    if (fields.size() != header.size())
      throw InputError(where + ": " + std::to_string(fields.size()) + " fields, the header has " +
                       std::to_string(header.size()));
    BatchCase c;
    for (std::size_t i = 0; i < header.size(); ++i) {
      const std::string& name = header[i];
      if (name == "id") c.id = fields[i];
      else if (name == "image") c.image = resolve(folder, fields[i]);
      else if (name == "mask") c.mask = resolve(folder, fields[i]);
      else if (name == "label") c.label = fields[i];
      else if (name == "config") c.config = resolve(folder, fields[i]);
      else if (name == "roi") c.roi = fields[i];
      else if (name == "series") c.series = fields[i];
      else c.columns.emplace_back(name, fields[i]);
    }
    if (c.id.empty()) throw InputError(where + ": empty id");
    if (!ids.insert(c.id).second) throw InputError(where + ": id '" + c.id + "' appears twice in the manifest");
    if (c.image.empty() || c.mask.empty()) throw InputError(where + ": empty image or mask path");
    cases.push_back(std::move(c));
  }
  return cases;
}

}  // namespace radiomics
