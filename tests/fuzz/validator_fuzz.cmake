# The validator's fuzz target (validator_fuzz.cpp, judged by the LLVM oracle of
# validator_oracle.{h,cpp}), included from tests/fuzz/CMakeLists.txt. Needs LLVM 19's MC
# libraries (llvm-19-dev, installed by scripts/setup.sh).
#  - validator_fuzz_seeds: writes the seed corpus (valid code: generated, and made from the
#    text of the test programs and examples built by zcc) into the build tree; ctest runs it
#    first (test validator_fuzz_seeds, a fixture of the two below).
#  - validator_fuzz_replay: the target with the standalone driver vfs_fuzz_replay.cpp (any
#    compiler, ASan under ZVM_SANITIZE); ctest runs it over the seeds and 300 deterministic
#    mutations of each (test validator_fuzz_replay).
#  - validator_fuzz (when clang++-19 is installed): a libFuzzer binary with ASan and UBSan
#    whose validator sources are coverage-instrumented; ctest runs it for a bounded number
#    of inputs (test validator_fuzz_libfuzzer). For longer:
#      ninja -C build validator_fuzz && mkdir -p /tmp/vcorpus
#      build/bin/validator_fuzz -max_total_time=600 -max_len=4096 /tmp/vcorpus \
#          build/tests/fuzz/validator_seeds
#    crashes are written as crash-* files and replayed with `build/bin/validator_fuzz crash-...`
#    (the message names the instruction and the rule LLVM's reading breaks).
find_package(LLVM 19.1 CONFIG QUIET PATHS /usr/lib/llvm-19/lib/cmake/llvm NO_DEFAULT_PATH)
if(NOT LLVM_FOUND)
  message(STATUS "validator fuzz target: LLVM 19 not found, not built")
  return()
endif()

set(zvm_vfuzz_seeds ${CMAKE_CURRENT_BINARY_DIR}/validator_seeds)

add_executable(validator_fuzz_seeds ${CMAKE_CURRENT_LIST_DIR}/validator_fuzz_seeds.cpp
                                    ${CMAKE_SOURCE_DIR}/bench/validator/codegen.cpp)
target_include_directories(validator_fuzz_seeds PRIVATE ${CMAKE_SOURCE_DIR}/bench/validator)
target_link_libraries(validator_fuzz_seeds PRIVATE zvm_validator)
add_test(NAME validator_fuzz_seeds
         COMMAND validator_fuzz_seeds ${zvm_vfuzz_seeds} ${CMAKE_BINARY_DIR}/tests/runtime/programs
                 ${CMAKE_BINARY_DIR}/examples/hello ${CMAKE_BINARY_DIR}/examples/lua
                 ${CMAKE_BINARY_DIR}/examples/sqlite)
set_tests_properties(validator_fuzz_seeds PROPERTIES FIXTURES_SETUP validator_fuzz_seeds)

add_executable(validator_fuzz_replay ${CMAKE_CURRENT_LIST_DIR}/validator_fuzz.cpp
                                     ${CMAKE_CURRENT_LIST_DIR}/validator_oracle.cpp
                                     ${CMAKE_CURRENT_LIST_DIR}/vfs_fuzz_replay.cpp)
target_include_directories(validator_fuzz_replay SYSTEM PRIVATE ${LLVM_INCLUDE_DIRS})
separate_arguments(zvm_vfuzz_llvm_defs NATIVE_COMMAND ${LLVM_DEFINITIONS})
target_compile_definitions(validator_fuzz_replay PRIVATE ${zvm_vfuzz_llvm_defs})
target_link_directories(validator_fuzz_replay PRIVATE ${LLVM_LIBRARY_DIRS})
target_link_libraries(validator_fuzz_replay PRIVATE zvm_validator LLVM)
add_test(NAME validator_fuzz_replay COMMAND validator_fuzz_replay --mutations 300 ${zvm_vfuzz_seeds})
set_tests_properties(validator_fuzz_replay PROPERTIES FIXTURES_REQUIRED validator_fuzz_seeds)

# The oracle's own test: it refuses each kind of breach and accepts valid code.
add_executable(validator_oracle_test ${CMAKE_CURRENT_LIST_DIR}/validator_oracle_test.cpp
                                     ${CMAKE_CURRENT_LIST_DIR}/validator_oracle.cpp
                                     ${CMAKE_SOURCE_DIR}/bench/validator/codegen.cpp)
target_include_directories(validator_oracle_test PRIVATE ${CMAKE_SOURCE_DIR}/bench/validator)
target_include_directories(validator_oracle_test SYSTEM PRIVATE ${LLVM_INCLUDE_DIRS})
target_compile_definitions(validator_oracle_test PRIVATE ${zvm_vfuzz_llvm_defs})
target_link_directories(validator_oracle_test PRIVATE ${LLVM_LIBRARY_DIRS})
target_link_libraries(validator_oracle_test PRIVATE zvm_validator LLVM GTest::gtest_main)
gtest_discover_tests(validator_oracle_test DISCOVERY_TIMEOUT 60)

find_program(ZVM_CLANGXX19 clang++-19)
if(ZVM_CLANGXX19)
  set(zvm_vfuzz_sources
    ${CMAKE_CURRENT_LIST_DIR}/validator_fuzz.cpp
    ${CMAKE_CURRENT_LIST_DIR}/validator_oracle.cpp
    ${CMAKE_SOURCE_DIR}/validator/decoder.cpp
    ${CMAKE_SOURCE_DIR}/validator/isa.cpp
    ${CMAKE_SOURCE_DIR}/validator/validator.cpp)
  set(out ${CMAKE_BINARY_DIR}/bin/validator_fuzz)
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${ZVM_CLANGXX19} -std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined
            -fno-sanitize-recover=all -Wno-deprecated-declarations -I${CMAKE_SOURCE_DIR} -isystem ${LLVM_INCLUDE_DIRS}
            ${zvm_vfuzz_sources} -L${LLVM_LIBRARY_DIRS} -lLLVM-19 -Wl,-rpath,${LLVM_LIBRARY_DIRS}
            -o ${out}
    DEPENDS ${zvm_vfuzz_sources} ${CMAKE_CURRENT_LIST_DIR}/validator_oracle.h
            ${CMAKE_SOURCE_DIR}/validator/opcodes.inc ${CMAKE_SOURCE_DIR}/validator/rules.h
            ${CMAKE_SOURCE_DIR}/validator/decoder_impl.h
            ${CMAKE_SOURCE_DIR}/validator/decoder.h ${CMAKE_SOURCE_DIR}/validator/validator.h
            ${CMAKE_SOURCE_DIR}/validator/driver.h
    COMMENT "clang++-19: libFuzzer target validator_fuzz"
    VERBATIM)
  add_custom_target(validator_fuzz ALL DEPENDS ${out})
  # libFuzzer writes new inputs into its first directory: a scratch one in the build tree.
  file(MAKE_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR}/validator_corpus)
  add_test(NAME validator_fuzz_libfuzzer
           COMMAND ${out} -runs=60000 -max_total_time=120 -max_len=4096 -timeout=10
                   ${CMAKE_CURRENT_BINARY_DIR}/validator_corpus ${zvm_vfuzz_seeds})
  set_tests_properties(validator_fuzz_libfuzzer PROPERTIES FIXTURES_REQUIRED validator_fuzz_seeds)
endif()
