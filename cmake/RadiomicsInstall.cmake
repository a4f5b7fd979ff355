# Installs the library, its public headers and a CMake package: another project does
#   find_package(Radiomics) ; target_link_libraries(app Radiomics::radiomics)
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

install(TARGETS radiomics EXPORT RadiomicsTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY include/radiomics DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT RadiomicsTargets NAMESPACE Radiomics:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/Radiomics)
configure_package_config_file(cmake/RadiomicsConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/RadiomicsConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/Radiomics)
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/RadiomicsConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/RadiomicsConfig.cmake
  ${CMAKE_CURRENT_BINARY_DIR}/RadiomicsConfigVersion.cmake
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/Radiomics)
# The licence travels with the installed library (share/doc/Radiomics/LICENSE).
install(FILES LICENSE DESTINATION ${CMAKE_INSTALL_DOCDIR})
if(TARGET radiomics_cli)
  install(TARGETS radiomics_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()
