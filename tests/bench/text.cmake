# bench_text: the text engine against Pango (the baseline, measured in the same run).
# Pango is linked by this benchmark only.
pkg_check_modules(ANL_BENCH_PANGOFT2 IMPORTED_TARGET pangoft2)
if(ANL_BENCH_PANGOFT2_FOUND)
  add_executable(bench_text ${CMAKE_CURRENT_LIST_DIR}/text_bench.cpp)
  target_link_libraries(bench_text PRIVATE anl_text anl_warnings PkgConfig::ANL_BENCH_PANGOFT2)
else()
  message(STATUS "bench_text skipped: pangoft2 not found (Debian package libpango1.0-dev)")
endif()
