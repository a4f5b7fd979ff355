#include "output/output_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string_view>

#include "radiomics/errors.hpp"

namespace radiomics {
namespace {

namespace fs = std::filesystem;

[[noreturn]] void fail(const std::string& path, int error) {
  throw FileReadError("cannot write output file " + path + ": " + std::strerror(error));
}

/// Follows symbolic links as the kernel does (at most 40): the path that is finally written.
fs::path resolved(const std::string& path) {
  fs::path p(path);
  for (int depth = 0; depth < 40; ++depth) {
    std::error_code ec;
    if (!fs::is_symlink(fs::symlink_status(p, ec)) || ec) return p;
    const fs::path link = fs::read_symlink(p, ec);
    if (ec) return p;
    p = link.is_absolute() ? link : p.parent_path() / link;
  }
  fail(path, ELOOP);
}

/// /dev/stdout and /proc/self/fd/N lead through the kernel's magic links (to a pipe, a
/// terminal, the file a shell redirect opened): such paths are written where they lead.
bool through_magic_links(const fs::path& p) {
  const std::string s = p.lexically_normal().string();
  return s.rfind("/proc/", 0) == 0 || s.rfind("/dev/", 0) == 0;
}

/// The process's umask, read without changing it (umask(2) would, for every thread).
mode_t current_umask() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("Umask:", 0) == 0) return static_cast<mode_t>(std::strtol(line.c_str() + 6, nullptr, 8));
  return 022;
}

/// Writes every byte to `fd`; the errno of the first failure, else 0.
int write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return 0;
}

void write_in_place(const std::string& path, const std::string& content) {
  // O_APPEND: a shell's `>>` redirect behind /dev/stdout keeps what is there; devices and FIFOs
  // ignore it.
  const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) fail(path, errno);
  const int write_error = write_all(fd, content);
  const int close_error = ::close(fd) != 0 ? errno : 0;
  if (write_error != 0) fail(path, write_error);
  if (close_error != 0) fail(path, close_error);
}

void write_replacing(const std::string& path, const fs::path& target, const std::string& content) {
  std::error_code ec;
  const fs::file_status existing = fs::status(target, ec);
  // A hidden name beside the target (rename(2) works within one file system only).
  std::string name = ".";
  name += target.filename().string();
  name += ".XXXXXX";
  std::string temp = target.has_parent_path() ? (target.parent_path() / name).string() : name;
  const int fd = ::mkstemp(temp.data());
  if (fd < 0) fail(path, errno);
  // The file keeps the mode of the one it replaces, or gets the usual mode of a new file.
  const mode_t mode = fs::exists(existing) ? static_cast<mode_t>(existing.permissions()) & 07777
                                           : static_cast<mode_t>(0666 & ~current_umask());
  int error = ::fchmod(fd, mode) != 0 ? errno : 0;
  if (error == 0) error = write_all(fd, content);
  if (::close(fd) != 0 && error == 0) error = errno;
  if (error == 0 && ::rename(temp.c_str(), target.c_str()) != 0) error = errno;
  if (error != 0) {
    ::unlink(temp.c_str());
    fail(path, error);
  }
}

}  // namespace

void write_output_file(const std::string& path, const std::string& content) {
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);  // follows links, as open(2) would
  if (fs::is_directory(status)) throw FileReadError("cannot write output file " + path + ": it is a folder");
  if (fs::exists(status) && !fs::is_regular_file(status)) return write_in_place(path, content);
  const fs::path target = resolved(path);
  if (through_magic_links(target)) return write_in_place(path, content);
  write_replacing(path, target, content);
}

}  // namespace radiomics
