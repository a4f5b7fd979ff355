// The `radiomics` program: a thin shell that turns arguments into Settings, calls the one
// Extractor and hands the table to a writer. Every error is one line on stderr and a non-zero
// exit status; no partial output file is left behind (writers go through a temporary file), and
// a failed write, to a file or to stdout, is an error.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>

#include "batch_command.hpp"
#include "ibsi_command.hpp"
#include "radiomics/pyradiomics.hpp"
#include "rois_command.hpp"
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

/// Inserts ".partial" before the image extension ("map.nii.gz" -> "map.partial.nii.gz"), so the
/// writer still knows the format from the name.
std::string partial_path(const std::string& path) {
  const std::filesystem::path p(path);
  std::string name = p.filename().string();
  const std::size_t dot = name.find('.');
  name = dot == std::string::npos ? name + ".partial"
                                  : name.substr(0, dot) + ".partial" + name.substr(dot);
  return (p.parent_path() / name).string();
}

/// `radiomics filter`: the response map of one configured filter on the input's grid.
int write_filtered(const std::string& image_path, const std::string& config_path,
                   const std::string& output, const std::string& prefix,
                   std::optional<int> threads) {
  radiomics::Settings settings = radiomics::Settings::from_file(config_path);
  if (threads) settings.threads = *threads;
  const auto& filters = settings.filtering.filters;
  std::size_t index = 0;
  if (!prefix.empty()) {
    index = radiomics::filter_index(settings, prefix);
  } else if (filters.size() != 1) {
    std::string list;
    for (const auto& f : filters) list += (list.empty() ? "" : ", ") + f.prefix;
    throw radiomics::SettingsError(
        config_path + ": " +
        (filters.empty() ? std::string("no filter in filtering.filters")
                         : "several filters (" + list + "); choose one with --filter"));
  }
  if (settings.interpolation.enabled || settings.resegmentation.lower ||
      settings.resegmentation.upper || settings.resegmentation.outlier_sigma)
    std::cerr
        << "radiomics: warning: `filter` applies the filter to the image as it is (on its grid); "
           "the configuration's interpolation and re-segmentation are not applied\n";
  const radiomics::Image image = radiomics::read_image(image_path);
  const radiomics::Image map = radiomics::filter_image(image.view(), settings, index);
  const std::string partial = partial_path(output);
  try {
    radiomics::write_image(map, partial);
    std::filesystem::rename(partial, output);
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove(partial, ignored);
    throw;
  }
  std::cerr << "wrote the " << filters[index].prefix << " response map to " << output << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"libradiomics: IBSI-compliant radiomics feature extraction"};
  app.set_version_flag("--version", std::string(radiomics::version()) + " (" + radiomics::git_revision() + ")");
  app.require_subcommand(1);

  std::string image, mask, config, output;
  std::optional<std::string> label;
  auto* extract = app.add_subcommand("extract", "compute features of one image and mask");
  extract->add_option("--image", image, "image file (NIfTI, NRRD, MHA/MHD) or DICOM folder")->required();
  extract->add_option("--mask", mask, "mask: file with integer labels, or DICOM RTSTRUCT/SEG")->required();
  extract->add_option("--config", config,
                      "JSON settings file (docs/configuration.md) or PyRadiomics parameter file (.yaml, "
                      "docs/pyradiomics.md)");
  extract->add_option("--label", label,
                      "mask label(s) forming the ROI: 3, 1,3,7 (one row each) or all "
                      "(default: the config's, else 1)");
  extract->add_option("--output", output, "output .csv or .json (default: CSV on stdout)");
  std::optional<int> threads;
  extract->add_option("--threads", threads, "threads inside the extraction (default: the config's, else one per core)")
      ->check(CLI::Range(1, 1024));
  std::string roi, series;
  extract->add_option("--roi", roi, "ROIs of an RTSTRUCT/SEG mask: NAME, NUMBER, A,B or all (one row each)");
  extract->add_option("--series", series, "DICOM Series Instance UID, when the image folder holds several");

  std::string rois_path, rois_image;
  auto* rois = app.add_subcommand("rois", "list the ROIs of an RTSTRUCT/SEG or the labels of a label map");
  rois->add_option("PATH", rois_path, "RTSTRUCT, SEG or label map file")->required();
  rois->add_option("--image", rois_image, "image the RTSTRUCT was drawn on (gives voxel counts)");
  rois->add_option("--series", series, "DICOM Series Instance UID of --image");

  bool markdown = false, pyradiomics = false;
  auto* features = app.add_subcommand("features", "list every feature of the registry");
  features->add_flag("--markdown", markdown, "print a Markdown table (docs/features.md)");
  features->add_flag("--pyradiomics", pyradiomics,
                     "PyRadiomics' features with their IBSI counterparts (--markdown: docs/pyradiomics.md)");

  std::string settings_config;
  auto* settings_command = app.add_subcommand(
      "settings", "print the effective settings as JSON (every key, defaults filled in)");
  settings_command->add_option("--config", settings_config, "JSON settings file (default: none)");

  radiomics::cli::BatchArguments batch_args;
  auto* batch = app.add_subcommand("batch", "extract a cohort listed in a manifest into one CSV");
  batch->add_option("--manifest", batch_args.manifest,
                    "CSV with id,image,mask[,label][,config] and any other columns (copied to the "
                    "output); relative paths are relative to the manifest's folder")
      ->required();
  batch->add_option("--config", batch_args.config, "JSON settings file for every case without its own");
  batch->add_option("--jobs", batch_args.jobs, "cases in parallel (default: one per core)")
      ->check(CLI::NonNegativeNumber);
  batch->add_option("--output", batch_args.output, "output CSV, appended to as cases finish")->required();
  batch->add_option("--threads", batch_args.threads,
                    "threads inside each case (default: the cores shared among the jobs)")
      ->check(CLI::Range(1, 1024));
  batch->add_flag("--resume", batch_args.resume, "add the cases whose id is not yet in the output");
  batch->add_flag("--quiet", batch_args.quiet, "no progress line");

  std::string filter_prefix;
  auto* filter =
      app.add_subcommand("filter", "write the response map of a configured IBSI 2 filter");
  filter->add_option("--image", image, "image file (NIfTI, NRRD, MHA/MHD) or DICOM folder")
      ->required();
  filter
      ->add_option("--config", config,
                   "JSON settings file with a filtering section (docs/filters.md)")
      ->required();
  filter
      ->add_option("--output", output,
                   "output image (.nii.gz, .nrrd, .mha): float32, the input's grid")
      ->required();
  filter->add_option("--filter", filter_prefix,
                     "column prefix of the filter to apply (default: the only one)");
  filter->add_option("--threads", threads, "threads of the filter (default: the config's, else one per core)")
      ->check(CLI::Range(1, 1024));

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
    if (*features && pyradiomics) {
      std::cout << radiomics::pyradiomics::crosswalk(markdown);
      return 0;
    }
    if (*features) return list_features(markdown);
    if (*rois) return radiomics::cli::list_rois(rois_path, rois_image, series);
    if (*ibsi) {
      if (data_dir.empty()) data_dir = std::filesystem::exists("ibsi_phantom") ? "ibsi_phantom" : RADIOMICS_DEFAULT_IBSI_DATA;
      return radiomics::cli::run_ibsi_compliance(data_dir, verbose) == 0 ? 0 : 1;
    }
    if (*filter) return write_filtered(image, config, output, filter_prefix, threads);
    if (*batch) return radiomics::cli::run_batch_command(batch_args);
    if (*settings_command) {
      const radiomics::Settings settings = settings_config.empty()
                                               ? radiomics::Settings{}
                                               : radiomics::Settings::from_file(settings_config);
      std::cout << settings.to_json_text(2) << "\n";
      for (const std::string& w : settings.warnings) std::cerr << "radiomics: warning: " << w << "\n";
      return 0;
    }
    radiomics::Settings settings =
        config.empty() ? radiomics::Settings{} : radiomics::Settings::from_file(config);
    if (label) settings.select_labels(*label, "--label");
    if (threads) settings.threads = *threads;
    const radiomics::Extractor extractor(settings);
    // RTSTRUCT/SEG masks (or a chosen series) go through the multi-ROI path: one row per ROI;
    // a label map through the multi-label path: one row per label asked.
    const std::vector<radiomics::FeatureTable> rows =
        !roi.empty() || !series.empty() || radiomics::is_roi_file(mask)
            ? radiomics::extract_rois(extractor, image, mask,
                                      roi.empty() ? std::vector<std::string>{} : radiomics::parse_roi_list(roi), series)
            : extractor.run_files_labels(image, mask);
    if (output.empty()) {
      radiomics::write_csv(std::cout, rows);
      // A full disk or a closed stdout shows only when the buffer is flushed: an error then.
      if (!std::cout.flush() || std::fflush(stdout) != 0 || std::ferror(stdout))
        throw radiomics::FileReadError("cannot write the features to standard output");
    } else {
      radiomics::write_tables(output, rows);
      std::cerr << "wrote " << rows.size() << (rows.size() == 1 ? " row" : " rows") << " of "
                << rows.front().size() << " values to " << output << "\n";
    }
    for (const auto& row : rows)
      for (const auto& w : row.warnings())
        std::cerr << "radiomics: warning: "
                  << (rows.size() < 2 ? std::string()
                      : row.find_info("roi") ? "ROI " + *row.find_info("roi") + ": "
                                             : "label " + row.find_info("label").value_or("?") + ": ")
                  << w << "\n";
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
