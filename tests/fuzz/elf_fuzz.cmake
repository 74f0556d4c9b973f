# The ELF loader's fuzz target (elf_fuzz.cpp), included from tests/fuzz/CMakeLists.txt.
#  - elf_fuzz_replay: the target with a standalone driver; ctest runs it over the runtime's
#    test nexes plus 400 deterministic mutations of each (test elf_fuzz_replay).
#  - elf_fuzz (only with -DZVM_LIBFUZZER=ON and clang): a libFuzzer binary, e.g.
#      CXX=clang++-19 CC=clang-19 cmake -S . -B build-fuzz -G Ninja -DZVM_LIBFUZZER=ON
#      ninja -C build-fuzz elf_fuzz
#      build-fuzz/bin/elf_fuzz -max_total_time=60 CORPUS_DIR build-fuzz/tests/runtime/programs
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

option(ZVM_LIBFUZZER "Build libFuzzer targets (needs clang)" OFF)
if(ZVM_LIBFUZZER AND CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  add_executable(elf_fuzz ${CMAKE_CURRENT_LIST_DIR}/elf_fuzz.cpp)
  target_compile_options(elf_fuzz PRIVATE -fsanitize=fuzzer)
  target_link_options(elf_fuzz PRIVATE -fsanitize=fuzzer)
  target_link_libraries(elf_fuzz PRIVATE zvm_runtime)
  zvm_elf_fuzz_no_asan(elf_fuzz)
endif()
