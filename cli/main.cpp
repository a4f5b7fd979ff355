// The `radiomics` program: a thin shell that turns arguments into Settings, calls the one
// Extractor and hands the table to a writer. Every error is one line on stderr and a non-zero
// exit status; no partial output file is left behind (writers go through a temporary file).
#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>

#include "ibsi_command.hpp"
#include "radiomics/radiomics.hpp"
#include "radiomics/writers.hpp"

namespace {

int list_features(bool markdown) {
  using namespace radiomics;
  if (markdown) {
    std::cout << "| tag | IBSI id | family | feature | formula |\n|---|---|---|---|---|\n";
  }
  for (const FamilyInfo& family : families()) {
    for (const FeatureInfo& f : family.features) {
      std::string tag(f.tag);
      if (family.textured) tag += family.directional ? "_{2D_avg,2D_comb,2_5D_avg,2_5D_comb,3D_avg,3D_comb}" : "_{2D,2_5D,3D}";
      if (markdown)
        std::cout << "| `" << tag << "` | " << f.ibsi_id << " | " << family.name << " | " << f.name
                  << " | `" << f.formula << "` |\n";
      else
        std::cout << tag << "\t" << f.ibsi_id << "\t" << family.name << "\t" << f.name << "\n";
    }
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"libradiomics: IBSI-compliant radiomics feature extraction"};
  app.set_version_flag("--version", std::string(radiomics::version()) + " (" + radiomics::git_revision() + ")");
  app.require_subcommand(1);

  std::string image, mask, config, output;
  std::optional<int> label;
  auto* extract = app.add_subcommand("extract", "compute features of one image and mask");
  extract->add_option("--image", image, "image file (NIfTI, NRRD, MHA/MHD) or DICOM folder")->required();
  extract->add_option("--mask", mask, "mask file with integer labels")->required();
  extract->add_option("--config", config, "JSON settings file (docs/configuration.md)");
  extract->add_option("--label", label, "mask label forming the ROI (default: config's, else 1)");
  extract->add_option("--output", output, "output .csv or .json (default: CSV on stdout)");

  bool markdown = false;
  auto* features = app.add_subcommand("features", "list every feature of the registry");
  features->add_flag("--markdown", markdown, "print a Markdown table (docs/features.md)");

  std::string data_dir;
  bool verbose = false;
  auto* ibsi = app.add_subcommand("ibsi", "run the IBSI compliance checks on the bundled phantoms");
  ibsi->add_option("--data", data_dir, "folder with the IBSI phantoms (default: ibsi_phantom)");
  ibsi->add_flag("--verbose", verbose, "list every failing value");

  CLI11_PARSE(app, argc, argv);

  try {
    if (*features) return list_features(markdown);
    if (*ibsi) {
      if (data_dir.empty()) data_dir = std::filesystem::exists("ibsi_phantom") ? "ibsi_phantom" : RADIOMICS_DEFAULT_IBSI_DATA;
      return radiomics::cli::run_ibsi_compliance(data_dir, verbose) == 0 ? 0 : 1;
    }
    radiomics::Settings settings =
        config.empty() ? radiomics::Settings{} : radiomics::Settings::from_file(config);
    if (label) settings.label = *label;
    const radiomics::Extractor extractor(settings);
    const std::vector<radiomics::FeatureTable> rows{extractor.run_files(image, mask)};
    if (output.empty()) {
      radiomics::write_csv(std::cout, rows);
    } else {
      radiomics::write_tables(output, rows);
      std::cerr << "wrote " << rows.front().size() << " features to " << output << "\n";
    }
    for (const auto& w : rows.front().warnings()) std::cerr << "radiomics: warning: " << w << "\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "radiomics: error: " << e.what() << "\n";
    return 1;
  }
}
