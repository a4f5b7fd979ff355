// Writing an output file so that nothing is ever half-written or replaced by mistake.
#pragma once
#include <string>

namespace radiomics {

/// Writes `content` to `path`:
///  - a regular file (or a path that does not exist yet) is written through a uniquely named
///    temporary file in the same folder, renamed into place: a failure leaves no partial file,
///    and concurrent writers of one path never interleave (the last rename wins, whole);
///  - a symbolic link is followed: its target is written as above, the link stays a link;
///  - a device, FIFO or socket (/dev/stdout, a pipe, /dev/null) is written in place, never
///    replaced;
/// A failed open, write or close is a FileReadError naming the path (e.g. a full disk).
void write_output_file(const std::string& path, const std::string& content);

}  // namespace radiomics
