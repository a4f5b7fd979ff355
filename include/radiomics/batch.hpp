// Cohorts: a manifest of cases, each extracted on its own, rows appended to one CSV as cases
// finish. `radiomics batch` and Python's extract_cohort use this engine, so a batch row is the
// row of a single extraction of that case plus the case's own columns.
#pragma once
#include <cstddef>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "radiomics/feature_table.hpp"
#include "radiomics/settings.hpp"

namespace radiomics {

/// One row of a manifest.
struct BatchCase {
  std::string id;
  std::string image, mask;  ///< paths (relative ones already resolved against the manifest)
  std::string label;        ///< "3", "1,3,7", "all", or empty: the configuration's label
  std::string config;       ///< a per-case configuration file, or empty: the batch's
  std::string roi;          ///< ROIs of an RTSTRUCT/SEG mask: "GTV-1", "1,3", "all"; empty: its only one
  std::string series;       ///< DICOM Series Instance UID when the image folder holds several
  /// Every other manifest column, copied to the case's rows (e.g. modality, outcome).
  std::vector<std::pair<std::string, std::string>> columns;
};

/// Reads a manifest: CSV with a header holding `id`, `image`, `mask` and optionally `label`,
/// `config`, `roi` and `series`; relative paths are resolved against the manifest's folder. Throws FileNotFound,
/// InputError (missing column, empty or duplicate id, a row with the wrong number of fields,
/// naming the line).
std::vector<BatchCase> read_manifest(const std::string& path);

/// The rows of one case: one per label, each the row of a single extraction preceded by `id`
/// and the case's columns and followed by an empty `error`; or, when the case fails, one row
/// with its paths, its label and `error` = "<kind>: <message>" (kind as Python names it:
/// FileNotFoundError, OSError, InputError, SettingsError). Never throws for the case's own
/// problems. `settings` apply unless the case names its own configuration.
std::vector<FeatureTable> extract_case(const BatchCase& c, const Settings& settings);

struct BatchProgress {
  std::size_t total = 0;    ///< cases to run in this invocation (skipped ones excluded)
  std::size_t done = 0;     ///< finished, failed ones included
  std::size_t failed = 0;
  std::size_t skipped = 0;  ///< already in the output (--resume)
  double elapsed_s = 0.0;
};

struct BatchOptions {
  std::string output;  ///< CSV file, appended to as cases finish
  int jobs = 0;        ///< cases in parallel; 0: one per core
  bool resume = false; ///< skip the ids already in `output`; without it an existing output is an error
  /// Called after each case (from one thread at a time) and once at the end.
  std::function<void(const BatchProgress&)> progress;
};

/// Runs every case, `jobs` at a time (with the settings' `threads` 0, each case gets the cores
/// shared among the jobs, so that jobs x threads does not oversubscribe the machine), and appends their rows to the output in manifest order,
/// each case's rows in one write, so that a batch killed at any moment leaves whole rows only.
/// Returns the final progress (failed > 0 means some rows have an error).
BatchProgress run_batch(const std::vector<BatchCase>& cases, const Settings& settings,
                        const BatchOptions& options);

}  // namespace radiomics
