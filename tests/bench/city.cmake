# bench_city: the central scaled out on PostgreSQL: a city's busy day (50 sites, 1,000 devices,
# 25,000 visits) against 1, 2 and 4 anlaufstelle-central instances (docs/PERFORMANCE.md).
add_executable(bench_city ${CMAKE_CURRENT_LIST_DIR}/city_bench.cpp)
target_link_libraries(bench_city PRIVATE anl_sync_client anl_core anl_catalogue anl_warnings Boost::boost)
target_compile_definitions(bench_city PRIVATE
  ANL_SOURCE_DIR="${PROJECT_SOURCE_DIR}" ANL_BINARY_DIR="${PROJECT_BINARY_DIR}")
add_dependencies(bench_city anlaufstelle-central)
