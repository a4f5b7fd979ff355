// Writes the bad-input corpus into a folder, with cases.json describing every case, so the
// Python test suite (python/tests/test_corpus.py) runs the very same cases as the C++ and CLI
// tests. Usage: write_corpus DIR
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "corpus/corpus.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: write_corpus DIR\n";
    return 2;
  }
  namespace corpus = radiomics::test::corpus;
  const corpus::fs::path dir(argv[1]);
  nlohmann::json cases = nlohmann::json::array();
  for (const corpus::Case& c : corpus::build(dir)) {
    nlohmann::json outcomes = nlohmann::json::array();
    const std::pair<unsigned, const char*> names[] = {
        {corpus::kFeatures, "features"},         {corpus::kFileNotFound, "file_not_found"},
        {corpus::kFileReadError, "file_read_error"}, {corpus::kInputError, "input_error"},
        {corpus::kSettingsError, "settings_error"}};
    for (const auto& [bit, name] : names)
      if (c.expect & bit) outcomes.push_back(name);
    cases.push_back({{"name", c.name},
                     {"description", c.description},
                     {"image", c.image.string()},
                     {"mask", c.mask.string()},
                     {"config", c.config},
                     {"expect", outcomes},
                     {"message", c.message},
                     {"expect_warning", c.expect_warning},
                     {"guarded", c.guarded}});
  }
  std::ofstream(dir / "cases.json") << cases.dump(1) << "\n";
  std::cout << cases.size() << " cases written to " << (dir / "cases.json").string() << "\n";
  return 0;
}
