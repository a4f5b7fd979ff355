# Writes version.cpp with the current git revision at every build (not only at configure time),
# so that the git_revision column of every result row names the commit that was built.
# Inputs: SOURCE_DIR, INPUT (version.cpp.in), OUTPUT, PROJECT_VERSION.
execute_process(COMMAND git rev-parse --short=12 HEAD
  WORKING_DIRECTORY ${SOURCE_DIR} OUTPUT_VARIABLE RADIOMICS_GIT_REVISION
  OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
if(NOT RADIOMICS_GIT_REVISION)
  set(RADIOMICS_GIT_REVISION "unknown")
endif()
execute_process(COMMAND git status --porcelain --untracked-files=no
  WORKING_DIRECTORY ${SOURCE_DIR} OUTPUT_VARIABLE dirty ERROR_QUIET)
if(dirty)
  string(APPEND RADIOMICS_GIT_REVISION "-dirty")
endif()
# configure_file rewrites OUTPUT only when its content changes: no needless rebuilds.
configure_file(${INPUT} ${OUTPUT} @ONLY)
