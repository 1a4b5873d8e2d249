# Where the programs find their data, one rule for a build tree and an installed or unpacked
# tree wherever it lies (kiosk/base: DataDir()):
#   <directory of the program>/../share/anlaufstelle   (GNUInstallDirs: BINDIR -> DATADIR)
# holding catalogue/ (and everything else under assets/) and i18n/catalogs/.
# The build tree gets the same layout: build/share/anlaufstelle links to the sources, so an
# edited catalogue shows without a rebuild. No source or build path is compiled into a binary:
# -ffile-prefix-map rewrites them in __FILE__ and debug information.
include(GNUInstallDirs)

set(ANL_INSTALL_DATADIR ${CMAKE_INSTALL_DATADIR}/anlaufstelle)
# The data directory relative to the programs' directory, the same in every tree.
file(RELATIVE_PATH ANL_DATA_FROM_BIN ${CMAKE_INSTALL_FULL_BINDIR} ${CMAKE_INSTALL_FULL_DATADIR}/anlaufstelle)
# The build tree's programs are in build/bin (tests in build/tests, a sibling): the data
# directory sits where the same relative path leads.
cmake_path(APPEND PROJECT_BINARY_DIR bin ${ANL_DATA_FROM_BIN} OUTPUT_VARIABLE ANL_BUILD_DATA_DIR)
cmake_path(NORMAL_PATH ANL_BUILD_DATA_DIR)
cmake_path(GET ANL_BUILD_DATA_DIR PARENT_PATH ANL_BUILD_DATA_PARENT)
if(NOT ANL_BUILD_DATA_PARENT STREQUAL "${PROJECT_BINARY_DIR}/share")
  message(FATAL_ERROR "The data directory must lie at ../share/anlaufstelle from the programs for the build tree "
                      "to match an installed tree; CMAKE_INSTALL_BINDIR and CMAKE_INSTALL_DATADIR give "
                      "${ANL_DATA_FROM_BIN}.")
endif()

# The build tree's data directory: one link per entry of assets/, and i18n/catalogs.
file(MAKE_DIRECTORY ${ANL_BUILD_DATA_DIR}/i18n)
file(GLOB anl_asset_entries LIST_DIRECTORIES true RELATIVE ${PROJECT_SOURCE_DIR}/assets ${PROJECT_SOURCE_DIR}/assets/*)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/assets)
foreach(entry IN LISTS anl_asset_entries)
  file(CREATE_LINK ${PROJECT_SOURCE_DIR}/assets/${entry} ${ANL_BUILD_DATA_DIR}/${entry} SYMBOLIC)
endforeach()
file(CREATE_LINK ${PROJECT_SOURCE_DIR}/i18n/catalogs ${ANL_BUILD_DATA_DIR}/i18n/catalogs SYMBOLIC)

# Neither tree's path in any binary (assert messages, debug information).
# (The build tree last: of the maps that match, GCC takes the last, and the build tree may lie
# in the source tree.)
add_compile_options(-ffile-prefix-map=${PROJECT_SOURCE_DIR}=.
                    -ffile-prefix-map=${PROJECT_BINARY_DIR}=.)
