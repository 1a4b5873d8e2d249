# ui_bench: the terminal's CPU frame build time (desk with 300 tickets, kiosk service screen
# in Pashto), and cold start and memory against headless Chromium (Debian package chromium,
# run if installed). Needs a display (Xvfb).
add_executable(ui_bench ${CMAKE_CURRENT_LIST_DIR}/ui_bench.cpp)
target_link_libraries(ui_bench PRIVATE anl_app anl_viewmodels anl_store anl_warnings)
add_dependencies(ui_bench anlaufstelle)
