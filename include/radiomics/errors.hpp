// Typed errors of libradiomics. Every failure the user can cause (a missing file, an image and
// mask that do not match, an unknown setting) is one of these, with a message that names the
// problem; the CLI prints the message, Python maps the type to a built-in exception.
#pragma once
#include <stdexcept>
#include <string>

namespace radiomics {

/// Base of all libradiomics errors.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A file that does not exist (Python: FileNotFoundError).
class FileNotFound : public Error {
 public:
  using Error::Error;
};

/// A file that exists but cannot be read or decoded (Python: OSError).
class FileReadError : public Error {
 public:
  using Error::Error;
};

/// Image or mask content that cannot be analysed: geometry mismatch, empty ROI, NaN, ...
/// (Python: ValueError).
class InputError : public Error {
 public:
  using Error::Error;
};

/// A configuration that is not valid: unknown key, wrong type, out-of-range value
/// (Python: ValueError).
class SettingsError : public Error {
 public:
  using Error::Error;
};

}  // namespace radiomics
