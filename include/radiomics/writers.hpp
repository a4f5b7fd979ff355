// Writers of feature tables: small sinks over FeatureTable (CSV, JSON).
#pragma once
#include <ostream>
#include <string>
#include <vector>

#include "radiomics/feature_table.hpp"

namespace radiomics {

/// One header line (non-feature columns, `warnings`, then feature tags) and one row per table.
/// Columns are the union over tables in order of first appearance; a missing value is empty,
/// an undefined feature (NaN) is written as NaN.
void write_csv(std::ostream& out, const std::vector<FeatureTable>& tables);

/// A JSON array with one object per table: the non-feature columns as strings, "warnings" as a
/// list and "features" as an object of tag -> number (null for NaN).
void write_json(std::ostream& out, const std::vector<FeatureTable>& tables);

/// Writes to `path` (CSV, or JSON when it ends in .json). A regular file is written through a
/// uniquely named temporary file renamed into place (a failure never leaves a partial file,
/// concurrent writers never interleave); a symbolic link's target is written, the link kept; a
/// device or FIFO (/dev/stdout, a pipe) is written in place, never replaced. A failed write or
/// close is a FileReadError.
void write_tables(const std::string& path, const std::vector<FeatureTable>& tables);

/// Formats a feature value with enough digits to round-trip a double; NaN as "NaN".
std::string format_value(double value);

}  // namespace radiomics
