# bench_store: a durable ticket issue (ticket + outbox event in one transaction) against a
# raw durable single-row SQLite insert, measured in the same run with the same settings.
add_executable(bench_store ${CMAKE_CURRENT_LIST_DIR}/store_bench.cpp)
target_link_libraries(bench_store PRIVATE anl_store anl_core anl_warnings SQLite::SQLite3)
