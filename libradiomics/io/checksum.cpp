// SHA-256 of the inputs through OpenSSL's libcrypto (EVP interface), which uses the CPU's SHA
// instructions where there are any: the checksum in every row costs a fraction of reading.
#include "io/checksum.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <vector>

#include "radiomics/errors.hpp"

namespace radiomics {
namespace {

/// One SHA-256 computation over any number of chunks.
class Sha256 {
 public:
  Sha256() : context_(EVP_MD_CTX_new(), &EVP_MD_CTX_free) {
    if (!context_ || EVP_DigestInit_ex(context_.get(), EVP_sha256(), nullptr) != 1)
      throw std::runtime_error("OpenSSL: cannot initialise SHA-256");
  }

  void update(const void* data, std::size_t n) {
    if (EVP_DigestUpdate(context_.get(), data, n) != 1) throw std::runtime_error("OpenSSL: SHA-256 update failed");
  }

  std::string hex() {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_DigestFinal_ex(context_.get(), digest, &length) != 1)
      throw std::runtime_error("OpenSSL: SHA-256 final failed");
    std::string out;
    char byte[3];
    for (unsigned int i = 0; i < length; ++i) {
      std::snprintf(byte, sizeof byte, "%02x", digest[i]);
      out += byte;
    }
    return out;
  }

 private:
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context_;
};

void hash_file(Sha256& sha, const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw FileNotFound("file not found: " + path);
  std::vector<char> buffer(1 << 20);
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    sha.update(buffer.data(), static_cast<std::size_t>(in.gcount()));
  }
}

}  // namespace

std::string sha256_bytes(const std::string& bytes) {
  Sha256 sha;
  sha.update(bytes.data(), bytes.size());
  return sha.hex();
}

std::string sha256_file(const std::string& path) {
  namespace fs = std::filesystem;
  Sha256 sha;
  if (fs::is_directory(path)) {
    std::vector<std::string> files;
    for (const auto& entry : fs::directory_iterator(path))
      if (entry.is_regular_file()) files.push_back(entry.path().string());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) hash_file(sha, f);
  } else {
    hash_file(sha, path);
  }
  return sha.hex();
}

}  // namespace radiomics
