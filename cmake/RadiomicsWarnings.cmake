# Warnings on for the project's own targets (not for third-party headers, which are SYSTEM).
add_library(radiomics_warnings INTERFACE)
target_compile_options(radiomics_warnings INTERFACE
  $<$<CXX_COMPILER_ID:GNU,Clang>:-Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion>)
