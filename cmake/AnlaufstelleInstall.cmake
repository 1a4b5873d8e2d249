# Install rules: the three programs into bin/, their data into share/anlaufstelle/
# (GNUInstallDirs; the layout is cmake/AnlaufstelleLayout.cmake's). Try it:
#   cmake --install build --prefix /tmp/anl   (or DESTDIR=... cmake --install build)
# tests/install checks an installed tree runs with the source and build trees out of reach.
#
# Every rule names its component; the Debian packages (cmake/AnlaufstellePackage.cmake) are
# made of them:
#   common    the shipped data: catalogue, translations, voice example  -> anlaufstelle-common
#   terminal  anlaufstelle, anlaufstelle-ctl, the kiosk and board units, the desk's desktop entry
#   central   anlaufstelle-central and its unit
# The files for /etc (conffiles) and the system users exist only in packages: a plain
# `cmake --install` into a prefix leaves /etc alone (EXCLUDE_FROM_ALL).
set(anl_program_component_anlaufstelle terminal)
set(anl_program_component_anlaufstelle-ctl terminal)
set(anl_program_component_anlaufstelle-central central)
foreach(program anlaufstelle anlaufstelle-ctl anlaufstelle-central)
  if(TARGET ${program})
    install(TARGETS ${program} RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT ${anl_program_component_${program}})
  endif()
endforeach()
install(DIRECTORY ${PROJECT_SOURCE_DIR}/assets/ DESTINATION ${ANL_INSTALL_DATADIR} COMPONENT common)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/i18n/catalogs DESTINATION ${ANL_INSTALL_DATADIR}/i18n COMPONENT common)
install(DIRECTORY ${ANL_BUILD_DATA_DIR}/voice-example DESTINATION ${ANL_INSTALL_DATADIR} COMPONENT common OPTIONAL)

# systemd units, the system users and the desk's desktop entry: under the prefix (a package's
# is /usr: /usr/lib/systemd/system ...), so an install into a prefix stays inside it.
set(anl_debian ${PROJECT_SOURCE_DIR}/packaging/debian)
install(FILES ${anl_debian}/anlaufstelle-central.service
        DESTINATION lib/systemd/system COMPONENT central)
install(FILES ${anl_debian}/anlaufstelle-kiosk.service ${anl_debian}/anlaufstelle-board.service
        DESTINATION lib/systemd/system COMPONENT terminal)
install(FILES ${anl_debian}/anlaufstelle-desk.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/applications COMPONENT terminal)
# Scale-out: the HAProxy configuration for several instances on one PostgreSQL, an example
# the operator copies (docs/OPERATOR-GUIDE.md, "Scale-out"), not a conffile of ours.
install(FILES ${PROJECT_SOURCE_DIR}/packaging/haproxy/anlaufstelle-central.cfg
        DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/anlaufstelle-central/examples RENAME haproxy.cfg COMPONENT central)
install(FILES ${anl_debian}/anlaufstelle-central.sysusers DESTINATION lib/sysusers.d
        RENAME anlaufstelle-central.conf COMPONENT central)
install(FILES ${anl_debian}/anlaufstelle.sysusers DESTINATION lib/sysusers.d
        RENAME anlaufstelle.conf COMPONENT terminal)
# Configuration: /etc/anlaufstelle, conffiles of the packages (dpkg keeps an operator's edits).
install(FILES ${anl_debian}/central.toml DESTINATION /etc/anlaufstelle COMPONENT central-config EXCLUDE_FROM_ALL)
install(FILES ${anl_debian}/kiosk.toml ${anl_debian}/board.toml ${anl_debian}/desk.toml
        DESTINATION /etc/anlaufstelle COMPONENT terminal-config EXCLUDE_FROM_ALL)
