# bench_figures: a year of a large centre's key-figure report from the terminal's store and
# from the central (SQLite; PostgreSQL when it can), each against reading its events only.
add_executable(bench_figures ${CMAKE_CURRENT_LIST_DIR}/figures_bench.cpp)
target_link_libraries(bench_figures PRIVATE anl_figures anl_store anl_sync_central anl_warnings)
target_compile_definitions(bench_figures PRIVATE ANL_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
