// Links the installed libradiomics and uses its public API.
#include <radiomics/radiomics.hpp>

#include <iostream>

int main() {
  const auto settings = radiomics::Settings::from_json_text(R"({"families": ["statistics"]})");
  std::cout << "libradiomics " << radiomics::version() << ", "
            << radiomics::all_tags().size() << " feature tags, settings " << settings.digest()
            << "\n";
  return radiomics::all_tags().empty() ? 1 : 0;
}
