# The ELF loader's fuzz target (elf_fuzz.cpp), included from tests/fuzz/CMakeLists.txt.
#  - elf_fuzz_replay: the target with a standalone driver; ctest runs it over the runtime's
#    test nexes plus 400 deterministic mutations of each (test elf_fuzz_replay).
#  - elf_fuzz (when clang++-19 is installed): a libFuzzer binary; ctest runs it for 5000
#    inputs (test elf_fuzz_libfuzzer). For longer:
#      ninja -C build elf_fuzz && mkdir -p /tmp/elf-corpus
#      build/bin/elf_fuzz -max_total_time=600 /tmp/elf-corpus build/tests/runtime/programs
#    crashes are written as crash-* files, replayed with build/bin/elf_fuzz_replay crash-...
# Both link the runtime, which cannot live with AddressSanitizer (runtime/no_asan.cmake):
# under ZVM_SANITIZE they are built with UBSan only (per target: the other fuzz targets
# of this directory keep ASan).
function(zvm_elf_fuzz_no_asan target)
  if(ZVM_SANITIZE)
    foreach(prop COMPILE_OPTIONS LINK_OPTIONS)
      get_target_property(opts ${target} ${prop})
      if(NOT opts)
        set(opts)
      endif()
      list(FILTER opts EXCLUDE REGEX "sanitize")
      list(APPEND opts -fsanitize=undefined)
      set_target_properties(${target} PROPERTIES ${prop} "${opts}")
    endforeach()
  endif()
endfunction()

add_executable(elf_fuzz_replay ${CMAKE_CURRENT_LIST_DIR}/elf_fuzz.cpp
                               ${CMAKE_CURRENT_LIST_DIR}/elf_fuzz_replay.cpp)
target_link_libraries(elf_fuzz_replay PRIVATE zvm_runtime)
zvm_elf_fuzz_no_asan(elf_fuzz_replay)
if(TARGET runtime_test_programs)
  add_dependencies(elf_fuzz_replay runtime_test_programs)
  add_test(NAME elf_fuzz_replay
           COMMAND elf_fuzz_replay --mutations 400 ${CMAKE_BINARY_DIR}/tests/runtime/programs)
endif()

# The libFuzzer binary, compiled directly by clang++-19 when it is installed (as
# vfs_fuzz.cmake does), with UBSan but not ASan. The decoder (validator/decoder.cpp) is not
# in the list: its g++-built object comes from the zvm_validator archive, so it is not
# coverage-instrumented here (it is in validator_fuzz, whose target is the decoder; the
# decoder compiles with clang-19 since its tables became constexpr).
find_program(ZVM_CLANGXX19 clang++-19)
if(ZVM_CLANGXX19 AND NOT ZVM_SANITIZE)
  set(zvm_elf_fuzz_sources
    ${CMAKE_CURRENT_LIST_DIR}/elf_fuzz.cpp
    ${CMAKE_SOURCE_DIR}/validator/validator.cpp
    ${CMAKE_SOURCE_DIR}/validator/nexe.cpp
    ${CMAKE_SOURCE_DIR}/runtime/cpu_features.cpp
    ${CMAKE_SOURCE_DIR}/runtime/loader.cpp
    ${CMAKE_SOURCE_DIR}/runtime/sandbox_memory.cpp
    ${CMAKE_SOURCE_DIR}/runtime/trampoline.cpp
    ${CMAKE_SOURCE_DIR}/runtime/trampoline.S
    ${CMAKE_SOURCE_DIR}/runtime/io_setup.cpp
    ${CMAKE_SOURCE_DIR}/runtime/fd_table.cpp
    ${CMAKE_SOURCE_DIR}/runtime/channels/channel.cpp
    ${CMAKE_SOURCE_DIR}/runtime/channels/channel_spec.cpp
    ${CMAKE_SOURCE_DIR}/runtime/channels/file_channel.cpp
    ${CMAKE_SOURCE_DIR}/runtime/channels/network_channel_stub.cpp
    ${CMAKE_SOURCE_DIR}/runtime/zvm_full_exec.cpp
    ${CMAKE_SOURCE_DIR}/validator/sha256.cpp
    ${CMAKE_SOURCE_DIR}/validator/host_cpuid.cpp
    ${CMAKE_SOURCE_DIR}/runtime/image/image_fs.cpp
    ${CMAKE_SOURCE_DIR}/runtime/image/tar_reader.cpp
    ${CMAKE_SOURCE_DIR}/runtime/file_read.cpp)
  set(out ${CMAKE_BINARY_DIR}/bin/elf_fuzz)
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${ZVM_CLANGXX19} -std=c++20 -O1 -g -fsanitize=fuzzer,undefined
            -fno-sanitize-recover=all -Wno-deprecated-declarations -I${CMAKE_SOURCE_DIR}
            ${zvm_elf_fuzz_sources}
            $<TARGET_FILE:zvm_validator> -o ${out}
    DEPENDS ${zvm_elf_fuzz_sources} zvm_validator
    COMMENT "clang++-19: libFuzzer target elf_fuzz"
    VERBATIM)
  add_custom_target(elf_fuzz ALL DEPENDS ${out})
  file(MAKE_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR}/elf_corpus)
  if(TARGET runtime_test_programs)
    add_dependencies(elf_fuzz runtime_test_programs)
    # Bounded for CI: a fresh sandbox reservation per input, ~2000 inputs/s.
    add_test(NAME elf_fuzz_libfuzzer
             COMMAND ${out} -runs=5000 ${CMAKE_CURRENT_BINARY_DIR}/elf_corpus
                     ${CMAKE_BINARY_DIR}/tests/runtime/programs)
  endif()
endif()
