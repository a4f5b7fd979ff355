#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include "output/csv_table.hpp"
#include "output/output_file.hpp"
#include "radiomics/errors.hpp"
#include "radiomics/writers.hpp"

namespace radiomics {
namespace {

std::string join_warnings(const FeatureTable& t) {
  std::string w;
  for (const auto& m : t.warnings()) w += (w.empty() ? "" : "; ") + m;
  return w;
}

}  // namespace

std::string format_value(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Inf" : "-Inf";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", value);
  // Prefer the shortest representation that reads back to the same double.
  for (int digits = 6; digits < 17; ++digits) {
    char shorter[32];
    std::snprintf(shorter, sizeof shorter, "%.*g", digits, value);
    if (std::strtod(shorter, nullptr) == value) return shorter;
  }
  return buf;
}

namespace csv {

std::string field(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += (c == '"') ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

bool Columns::extend(const FeatureTable& t) {
  bool added = false;
  for (const auto& [k, v] : t.info())
    if (std::find(info.begin(), info.end(), k) == info.end()) {
      // `error` (batch rows) stays the last non-feature column, next to `warnings`.
      const bool error_last = !info.empty() && info.back() == "error" && k != "error";
      info.insert(error_last ? info.end() - 1 : info.end(), k);
      added = true;
    }
  std::unordered_set<std::string> seen(values.begin(), values.end());
  for (const auto& [k, v] : t.values())
    if (seen.insert(k).second) {
      values.push_back(k);
      added = true;
    }
  return added;
}

std::string line(const std::vector<std::string>& fields) {
  std::string text;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i) text += ',';
    text += field(fields[i]);
  }
  return text + "\n";
}

std::vector<std::string> Columns::names() const {
  std::vector<std::string> all(info);
  all.push_back("warnings");
  all.insert(all.end(), values.begin(), values.end());
  return all;
}

std::string Columns::header() const { return line(names()); }

std::string Columns::row(const FeatureTable& t) const {
  // One lookup table per row: columns are matched by name, in linear time.
  std::unordered_map<std::string, std::string> by_name(t.info().begin(), t.info().end());
  std::unordered_map<std::string, double> value_of(t.values().begin(), t.values().end());
  std::string line;
  for (const auto& c : info) {
    const auto it = by_name.find(c);
    if (it != by_name.end()) line += field(it->second);
    line += ',';
  }
  line += field(join_warnings(t));
  for (const auto& c : values) {
    line += ',';
    const auto it = value_of.find(c);
    if (it != value_of.end()) line += format_value(it->second);
  }
  return line + "\n";
}

std::vector<std::vector<std::string>> parse(const std::string& text, std::string* partial) {
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::string current;
  bool quoted = false, any = false;
  std::size_t record_start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    any = true;
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        current += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        current += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      record.push_back(std::move(current));
      current.clear();
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      record.push_back(std::move(current));
      current.clear();
      records.push_back(std::move(record));
      record.clear();
      any = false;
      record_start = i + 1;
    } else {
      current += c;
    }
  }
  if (any && partial) *partial = text.substr(record_start);
  else if (any) {
    record.push_back(std::move(current));
    records.push_back(std::move(record));
  }
  return records;
}

}  // namespace csv

void write_csv(std::ostream& out, const std::vector<FeatureTable>& tables) {
  csv::Columns columns;
  for (const auto& t : tables) columns.extend(t);
  out << columns.header();
  for (const auto& t : tables) out << columns.row(t);
}

void write_tables(const std::string& path, const std::vector<FeatureTable>& tables) {
  const bool json = path.size() >= 5 && path.compare(path.size() - 5, 5, ".json") == 0;
  std::ostringstream text;
  if (json) write_json(text, tables);
  else write_csv(text, tables);
  write_output_file(path, text.str());
}

}  // namespace radiomics
