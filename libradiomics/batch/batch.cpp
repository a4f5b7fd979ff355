// The batch engine: cases in parallel, rows appended in manifest order, each case's rows in one
// write(2), so that a batch killed at any moment leaves whole rows; --resume reads the ids
// already written.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include "output/csv_table.hpp"
#include "radiomics/batch.hpp"
#include "radiomics/dicom.hpp"
#include "radiomics/errors.hpp"
#include "radiomics/extractor.hpp"

namespace radiomics {
namespace {

namespace fs = std::filesystem;

/// The error column of a failed case: the kind as Python names the exception, and the message.
std::string error_text(const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const FileNotFound& e) {
    return std::string("FileNotFoundError: ") + e.what();
  } catch (const FileReadError& e) {
    return std::string("OSError: ") + e.what();
  } catch (const InputError& e) {
    return std::string("InputError: ") + e.what();
  } catch (const SettingsError& e) {
    return std::string("SettingsError: ") + e.what();
  } catch (const std::bad_alloc&) {
    return "MemoryError: not enough memory for this case";
  } catch (const std::exception& e) {
    return std::string("RuntimeError: ") + e.what();
  }
}

FeatureTable case_columns(const BatchCase& c) {
  FeatureTable t;
  t.add_info("id", c.id);
  for (const auto& [name, value] : c.columns) t.add_info(name, value);
  return t;
}

/// Prepends the case's columns to an extracted row (keeping the row's own order after them).
FeatureTable with_case_columns(const BatchCase& c, const FeatureTable& row) {
  FeatureTable t = case_columns(c);
  for (const auto& [name, value] : row.info()) t.add_info(name, value);
  t.add_info("error", "");
  for (const std::string& w : row.warnings()) t.warn(w);
  for (const auto& [tag, value] : row.values()) t.add(tag, value);
  return t;
}

/// Writes a whole buffer with write(2), retrying on partial writes and EINTR.
void write_all(int fd, const std::string& data, const std::string& path) {
  std::size_t written = 0;
  while (written < data.size()) {
    const ssize_t n = ::write(fd, data.data() + written, data.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw FileReadError("writing " + path + " failed: " + std::strerror(errno));
    written += static_cast<std::size_t>(n);
  }
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

/// The output CSV, appended to case by case. The header holds the columns seen so far; a case
/// with new columns (the first success after failures, a per-case configuration with more
/// families) rewrites the file once under the extended header, through a temporary file and a
/// rename, so that no row is ever lost or half-written. Rows are not kept in memory.
class Appender {
 public:
  Appender(std::string path, bool resume) : path_(std::move(path)) {
    if (!fs::exists(path_)) return;
    if (!resume)
      throw InputError(path_ + " exists; use --resume to add the missing cases to it, or choose "
                       "another output");
    std::string partial;
    const auto records = csv::parse(read_text(path_), &partial);
    if (records.empty()) return;
    const auto& header = records.front();
    const auto warnings = std::find(header.begin(), header.end(), "warnings");
    if (warnings == header.end() || header.front() != "id")
      throw InputError(path_ + " is not the output of a batch (its header does not start with id and "
                       "has no warnings column); cannot resume into it");
    columns_.info.assign(header.begin(), warnings);
    columns_.values.assign(warnings + 1, header.end());
    for (std::size_t r = 1; r < records.size(); ++r)
      if (!records[r].empty()) done_ids_.insert(records[r][0]);
    // A row cut by a kill (no line break yet) is dropped: its case runs again.
    if (!partial.empty()) rewrite();
  }

  const std::set<std::string>& done_ids() const { return done_ids_; }

  /// Appends the rows of one case in one write(2).
  void append(const std::vector<FeatureTable>& rows) {
    bool grew = false;
    for (const FeatureTable& t : rows) grew = columns_.extend(t) || grew;
    if (grew || !fs::exists(path_)) rewrite();
    std::string lines;
    for (const FeatureTable& t : rows) lines += columns_.row(t);
    if (lines.empty()) return;
    const int fd = ::open(path_.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
    if (fd < 0) throw FileReadError("cannot write " + path_ + ": " + std::strerror(errno));
    try {
      write_all(fd, lines, path_);
    } catch (...) {
      ::close(fd);
      throw;
    }
    if (::close(fd) != 0) throw FileReadError("writing " + path_ + " failed: " + std::strerror(errno));
  }

 private:
  /// The header and every whole row already in the file, re-mapped by column name onto the
  /// current columns, written to a temporary file that then replaces the output.
  void rewrite() {
    const std::vector<std::string> names = columns_.names();
    std::string text = csv::line(names);
    if (fs::exists(path_)) {
      std::string cut;  // a row cut by a kill is never carried over
      const auto records = csv::parse(read_text(path_), &cut);
      for (std::size_t r = 1; r < records.size(); ++r) {
        std::map<std::string, std::string> cell;
        for (std::size_t i = 0; i < records[0].size() && i < records[r].size(); ++i) cell[records[0][i]] = records[r][i];
        std::vector<std::string> fields;
        for (const auto& n : names) fields.push_back(cell.count(n) ? cell[n] : "");
        text += csv::line(fields);
      }
    }
    const std::string temp = path_ + ".rewrite";
    {
      std::ofstream out(temp, std::ios::binary | std::ios::trunc);
      out << text;
      out.flush();
      if (!out) throw FileReadError("cannot write " + temp);
    }
    std::error_code ec;
    fs::rename(temp, path_, ec);
    if (ec) throw FileReadError("cannot replace " + path_ + ": " + ec.message());
  }

  std::string path_;
  csv::Columns columns_;
  std::set<std::string> done_ids_;
};

/// Per-case configurations, parsed once per file (threads share the cache).
class ConfigCache {
 public:
  const Settings& get(const std::string& path) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = cache_.find(path);
    if (it == cache_.end()) it = cache_.emplace(path, Settings::from_file(path)).first;
    return it->second;
  }

 private:
  std::mutex mutex_;
  std::map<std::string, Settings> cache_;
};

std::vector<FeatureTable> extract_case_with(const BatchCase& c, const Settings& settings, ConfigCache* configs,
                                            int threads_per_case = 0) {
  try {
    Settings s = c.config.empty() ? settings : (configs ? configs->get(c.config) : Settings::from_file(c.config));
    if (s.threads == 0) s.threads = threads_per_case;
    if (!c.label.empty()) s.select_labels(c.label, "label (manifest)");
    // RTSTRUCT/SEG masks (or a chosen series) by ROI, label maps by label, as `radiomics extract`.
    const bool by_roi = !c.roi.empty() || !c.series.empty() || is_roi_file(c.mask);
    const std::vector<FeatureTable> extracted =
        by_roi ? extract_rois(Extractor(s), c.image, c.mask,
                              c.roi.empty() ? std::vector<std::string>{} : parse_roi_list(c.roi), c.series)
               : Extractor(s).run_files_labels(c.image, c.mask);
    std::vector<FeatureTable> rows;
    for (const FeatureTable& row : extracted) rows.push_back(with_case_columns(c, row));
    return rows;
  } catch (...) {
    FeatureTable t = case_columns(c);
    t.add_info("image", c.image);
    t.add_info("mask", c.mask);
    if (!c.label.empty()) t.add_info("label", c.label);
    if (!c.roi.empty()) t.add_info("roi", c.roi);
    t.add_info("error", error_text(std::current_exception()));
    return {t};
  }
}

}  // namespace

std::vector<FeatureTable> extract_case(const BatchCase& c, const Settings& settings) {
  return extract_case_with(c, settings, nullptr);
}

BatchProgress run_batch(const std::vector<BatchCase>& cases, const Settings& settings, const BatchOptions& options) {
  Appender out(options.output, options.resume);
  std::vector<const BatchCase*> todo;
  BatchProgress progress;
  for (const BatchCase& c : cases) {
    if (out.done_ids().count(c.id)) ++progress.skipped;
    else todo.push_back(&c);
  }
  progress.total = todo.size();
  const auto start = std::chrono::steady_clock::now();
  const auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };

  ConfigCache configs;
  std::mutex mutex;  // guards the results, the next row to write, the output and the progress
  std::vector<std::vector<FeatureTable>> results(todo.size());
  std::vector<bool> finished(todo.size(), false);
  std::size_t next_to_write = 0;
  std::atomic<std::size_t> next_case{0};
  std::exception_ptr write_error;

  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  const std::size_t jobs = std::min<std::size_t>(options.jobs > 0 ? static_cast<std::size_t>(options.jobs) : cores,
                                                 std::max<std::size_t>(1, todo.size()));
  const int threads_per_case = static_cast<int>(std::max<std::size_t>(1, cores / jobs));
  const auto worker = [&] {
    for (std::size_t i = next_case++; i < todo.size(); i = next_case++) {
      std::vector<FeatureTable> rows = extract_case_with(*todo[i], settings, &configs, threads_per_case);
      std::lock_guard<std::mutex> lock(mutex);
      if (write_error) return;
      const bool failed = rows.size() == 1 && !rows.front().find_info("error").value_or("").empty();
      results[i] = std::move(rows);
      finished[i] = true;
      ++progress.done;
      progress.failed += failed ? 1 : 0;
      try {
        // Manifest order: write every finished case up to the first unfinished one.
        for (; next_to_write < todo.size() && finished[next_to_write]; ++next_to_write) {
          out.append(results[next_to_write]);
          results[next_to_write].clear();
        }
      } catch (...) {
        write_error = std::current_exception();
        next_case = todo.size();
        return;
      }
      progress.elapsed_s = elapsed();
      if (options.progress) options.progress(progress);
    }
  };
  std::vector<std::thread> threads;
  for (std::size_t j = 1; j < jobs; ++j) threads.emplace_back(worker);
  worker();
  for (auto& t : threads) t.join();
  if (write_error) std::rethrow_exception(write_error);
  if (!fs::exists(options.output)) out.append({});  // nothing to do: still a valid (empty) table
  progress.elapsed_s = elapsed();
  if (options.progress) options.progress(progress);
  return progress;
}

}  // namespace radiomics
