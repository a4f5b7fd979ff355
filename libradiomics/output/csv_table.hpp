// CSV as the writers and the batch engine share it: RFC 4180 fields, a header of named columns
// (non-feature columns, `warnings`, feature tags) and rows matched to it by name.
#pragma once
#include <string>
#include <vector>

#include "radiomics/feature_table.hpp"

namespace radiomics::csv {

/// The columns of a CSV of feature tables: non-feature columns, then `warnings`, then features.
struct Columns {
  std::vector<std::string> info;
  std::vector<std::string> values;

  /// Adds the columns of `t` that are missing, in order of first appearance; returns whether
  /// any was added. An `error` column always stays last among the non-feature columns.
  bool extend(const FeatureTable& t);
  /// Every column name in order: non-feature columns, `warnings`, feature tags.
  std::vector<std::string> names() const;
  std::string header() const;
  /// One line (with its newline) of `t` under these columns; a missing cell is empty.
  std::string row(const FeatureTable& t) const;
};

/// Quotes a field when it holds a comma, a quote or a line break.
std::string field(const std::string& s);

/// One CSV line (with its newline) of fields.
std::string line(const std::vector<std::string>& fields);

/// Parses CSV text into records of fields (quoted fields may hold commas, quotes and line
/// breaks). A last record without its line break is returned in `partial` instead.
std::vector<std::vector<std::string>> parse(const std::string& text, std::string* partial = nullptr);

}  // namespace radiomics::csv
