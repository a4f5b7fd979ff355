// The `radiomics` program: a thin shell that turns arguments into Settings, calls the one
// Extractor and hands the table to a writer. Every error is one line on stderr and a non-zero
// exit status; no partial output file is left behind (writers go through a temporary file), and
// a failed write, to a file or to stdout, is an error.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "ibsi_command.hpp"
#include "radiomics/radiomics.hpp"
#include "radiomics/writers.hpp"

namespace {

/// Escapes the pipe, which would end a Markdown table cell.
std::string markdown_cell(std::string_view text) {
  std::string out;
  for (char c : text) out += c == '|' ? std::string("\\|") : std::string(1, c);
  return out;
}

std::string aggregation_list(const radiomics::FamilyInfo& family) {
  std::string list;
  for (radiomics::Aggregation a : radiomics::aggregations_of(family))
    list += (list.empty() ? "" : ", ") + std::string(radiomics::aggregation_suffix(a));
  return list;
}

/// The registry as text (tag, IBSI id, family, name) or as the Markdown of docs/features.md.
int list_features(bool markdown) {
  using namespace radiomics;
  if (!markdown) {
    for (const FamilyInfo& family : families())
      for (const FeatureInfo& f : family.features)
        std::cout << f.tag << (family.textured ? "_*" : "") << "\t" << f.ibsi_id << "\t"
                  << family.name << "\t" << f.name << "\n";
    return 0;
  }
  std::cout << "# Feature reference\n\n"
               "Generated from the registry by `radiomics features --markdown` (a test checks that this\n"
               "file is up to date). Tags are the IBSI reference tags; texture tags take one of the\n"
               "aggregation suffixes listed for their family. Formulas use the notation of the IBSI manual,\n"
               "chapter 3, where each feature is defined under its identifier.\n";
  for (const FamilyInfo& family : families()) {
    std::cout << "\n## " << family.title << " (`" << family.prefix << "`, IBSI " << family.ibsi_id << ")\n\n";
    if (family.textured) std::cout << "Aggregation suffixes: `" << aggregation_list(family) << "`.\n\n";
    std::cout << "| tag | IBSI id | feature | formula |\n|---|---|---|---|\n";
    for (const FeatureInfo& f : family.features)
      std::cout << "| `" << f.tag << "` | " << f.ibsi_id << " | " << markdown_cell(f.name) << " | `"
                << markdown_cell(f.formula) << "` |\n";
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

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
    // One line, like every other error (CLI11 would add a second "Run with --help" line).
    std::cerr << "radiomics: error: " << e.what() << " (see radiomics --help)\n";
    return e.get_exit_code();
  }

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
      // A full disk or a closed stdout shows only when the buffer is flushed: an error then.
      if (!std::cout.flush() || std::fflush(stdout) != 0 || std::ferror(stdout))
        throw radiomics::FileReadError("cannot write the features to standard output");
    } else {
      radiomics::write_tables(output, rows);
      std::cerr << "wrote " << rows.front().size() << " values to " << output << "\n";
    }
    for (const auto& w : rows.front().warnings()) std::cerr << "radiomics: warning: " << w << "\n";
    return 0;
  } catch (const std::exception& e) {
    // Exactly one line, whatever a message holds.
    std::string message = e.what();
    for (char& c : message)
      if (c == '\n' || c == '\r') c = ' ';
    std::cerr << "radiomics: error: " << message << "\n";
    return 1;
  }
}
