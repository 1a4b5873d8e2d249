# Message formatting cost: loading all catalogues, first format (compile), cached format,
# and Text() for argument-less messages (what a screen calls every frame).
add_executable(bench_messages ${CMAKE_CURRENT_LIST_DIR}/messages_bench.cpp)
target_link_libraries(bench_messages PRIVATE anl_messages anl_warnings)
target_compile_definitions(bench_messages PRIVATE ANL_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
