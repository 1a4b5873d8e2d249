# Install rules: the three programs into bin/, their data into share/anlaufstelle/
# (GNUInstallDirs; the layout is cmake/AnlaufstelleLayout.cmake's). Try it:
#   cmake --install build --prefix /tmp/anl   (or DESTDIR=... cmake --install build)
# tests/install checks an installed tree runs with the source and build trees out of reach.
foreach(program anlaufstelle anlaufstelle-ctl anlaufstelle-central)
  if(TARGET ${program})
    install(TARGETS ${program} RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
  endif()
endforeach()
install(DIRECTORY ${PROJECT_SOURCE_DIR}/assets/ DESTINATION ${ANL_INSTALL_DATADIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/i18n/catalogs DESTINATION ${ANL_INSTALL_DATADIR}/i18n)
install(DIRECTORY ${ANL_BUILD_DATA_DIR}/voice-example DESTINATION ${ANL_INSTALL_DATADIR} OPTIONAL)
