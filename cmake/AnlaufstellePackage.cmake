# Debian packages through CPack (docs/OPERATOR-GUIDE.md): `cmake --build build --target package`
# or `cd build && cpack`, into build/packages/.
#   anlaufstelle-common    the shipped data (catalogue, translations, the voice example), the fonts
#   anlaufstelle-terminal  anlaufstelle, anlaufstelle-ctl, the kiosk and call-display units (cage),
#                          the desk's desktop entry, /etc/anlaufstelle/{kiosk,board,desk}.toml
#   anlaufstelle-central   anlaufstelle-central, its unit and system user, /etc/anlaufstelle/central.toml
# Library dependencies come from dpkg-shlibdeps (the Debian way: the libraries the programs
# really link); data the programs open by path (fonts, espeak-ng's voices) is named here.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME anlaufstelle)
set(CPACK_PACKAGE_VENDOR "Anlaufstelle")
set(CPACK_PACKAGE_CONTACT "Anlaufstelle maintainers <anlaufstelle@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Service centre for newcomers: kiosk, front desk, call display, central service")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_PACKAGE_DIRECTORY ${PROJECT_BINARY_DIR}/packages)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_GROUPING ONE_PER_GROUP)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_ENABLE_COMPONENT_DEPENDS ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION TRUE)
set(CPACK_COMPONENTS_ALL common terminal terminal-config central central-config)
# Only what the packages hold: tests, benchmarks and fuzzers install nothing.
set(CPACK_INSTALL_CMAKE_PROJECTS "${PROJECT_BINARY_DIR};${PROJECT_NAME};ALL;/")

set(anl_debian ${PROJECT_SOURCE_DIR}/packaging/debian)
set(CPACK_DEBIAN_COMMON_PACKAGE_ARCHITECTURE all)
set(CPACK_DEBIAN_COMMON_DESCRIPTION "Anlaufstelle: shipped data\n The service catalogue, the translations of 16 languages and an example voice pack.")
set(CPACK_DEBIAN_COMMON_PACKAGE_DEPENDS "fonts-noto-core, fonts-noto-ui-core, fonts-material-design-icons-iconfont")

set(CPACK_DEBIAN_TERMINAL_DESCRIPTION "Anlaufstelle terminal: kiosk, front desk, call display, administration\n anlaufstelle and anlaufstelle-ctl, a kiosk and a call-display session under cage.")
set(CPACK_DEBIAN_TERMINAL_PACKAGE_DEPENDS "espeak-ng-data")
set(CPACK_DEBIAN_TERMINAL_PACKAGE_RECOMMENDS "cage, xwayland")
set(CPACK_DEBIAN_TERMINAL_PACKAGE_CONTROL_EXTRA
    "${anl_debian}/terminal/conffiles;${anl_debian}/terminal/postinst;${anl_debian}/terminal/postrm")

set(CPACK_DEBIAN_CENTRAL_DESCRIPTION "Anlaufstelle central service\n Orders and hands out every terminal's events; SQLite or PostgreSQL store.")
# Several instances behind a load balancer: the example in /usr/share/doc/anlaufstelle-central/examples.
set(CPACK_DEBIAN_CENTRAL_PACKAGE_SUGGESTS "haproxy, postgresql")
set(CPACK_DEBIAN_CENTRAL_PACKAGE_CONTROL_EXTRA
    "${anl_debian}/central/conffiles;${anl_debian}/central/postinst;${anl_debian}/central/prerm;${anl_debian}/central/postrm")

include(CPack)
cpack_add_component_group(common)
cpack_add_component_group(terminal)
cpack_add_component_group(central)
cpack_add_component(common GROUP common)
cpack_add_component(terminal GROUP terminal DEPENDS common)
cpack_add_component(terminal-config GROUP terminal)
cpack_add_component(central GROUP central DEPENDS common)
cpack_add_component(central-config GROUP central)
