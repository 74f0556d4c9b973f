# The ZMTP codec's fuzz target (zmtp_fuzz.cpp, runtime/serve/zmtp.h), included from
# tests/fuzz/CMakeLists.txt; pure (no sandbox, no sockets), wired like vfs_fuzz.cmake:
#  - zmtp_fuzz_replay: the target with the standalone driver vfs_fuzz_replay.cpp; ctest runs
#    it over corpus/zmtp/ plus 2000 deterministic mutations of each seed.
#  - zmtp_fuzz (when clang++-19 is installed): a libFuzzer binary with ASan and UBSan; ctest
#    runs it for 20000 inputs (test zmtp_fuzz_libfuzzer). For longer:
#      ninja -C build zmtp_fuzz && mkdir -p /tmp/zmtp-corpus
#      build/bin/zmtp_fuzz -max_total_time=600 /tmp/zmtp-corpus tests/fuzz/corpus/zmtp
set(zvm_zmtp_fuzz_sources ${CMAKE_CURRENT_LIST_DIR}/zmtp_fuzz.cpp
                          ${CMAKE_SOURCE_DIR}/runtime/serve/zmtp.cpp)
add_executable(zmtp_fuzz_replay ${zvm_zmtp_fuzz_sources}
                                ${CMAKE_CURRENT_LIST_DIR}/vfs_fuzz_replay.cpp)
target_include_directories(zmtp_fuzz_replay PRIVATE ${CMAKE_SOURCE_DIR})
add_test(NAME zmtp_fuzz_replay
         COMMAND zmtp_fuzz_replay --mutations 2000 ${CMAKE_CURRENT_LIST_DIR}/corpus/zmtp)

find_program(ZVM_CLANGXX19 clang++-19)
if(ZVM_CLANGXX19)
  set(out ${CMAKE_BINARY_DIR}/bin/zmtp_fuzz)
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${ZVM_CLANGXX19} -std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined
            -fno-sanitize-recover=all -I${CMAKE_SOURCE_DIR} ${zvm_zmtp_fuzz_sources} -o ${out}
    DEPENDS ${zvm_zmtp_fuzz_sources}
    COMMENT "clang++-19: libFuzzer target zmtp_fuzz"
    VERBATIM)
  add_custom_target(zmtp_fuzz ALL DEPENDS ${out})
  file(MAKE_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR}/zmtp_corpus)
  add_test(NAME zmtp_fuzz_libfuzzer
           COMMAND ${out} -runs=20000 ${CMAKE_CURRENT_BINARY_DIR}/zmtp_corpus
                   ${CMAKE_CURRENT_LIST_DIR}/corpus/zmtp)
endif()
