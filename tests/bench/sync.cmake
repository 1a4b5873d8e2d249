# bench_sync: central ingest (SQLite, PostgreSQL), long-poll propagation p50/p99 to 500
# devices and memory per connected device, against the real anlaufstelle-central.
add_executable(bench_sync ${CMAKE_CURRENT_LIST_DIR}/sync_bench.cpp)
target_link_libraries(bench_sync PRIVATE anl_sync_central anl_sync_client anl_warnings)
target_compile_definitions(bench_sync PRIVATE
  ANL_SOURCE_DIR="${PROJECT_SOURCE_DIR}" ANL_BINARY_DIR="${PROJECT_BINARY_DIR}")
add_dependencies(bench_sync anlaufstelle-central)
