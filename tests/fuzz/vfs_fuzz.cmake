# The tar reader's and the manifest parser's fuzz targets (tar_fuzz.cpp, manifest_fuzz.cpp),
# included from tests/fuzz/CMakeLists.txt. Both targets are pure (no sandbox):
#  - <name>_replay: the target with the standalone driver vfs_fuzz_replay.cpp, built by
#    any compiler; ctest runs it over corpus/<kind>/ plus 2000 deterministic mutations of
#    each seed (tests tar_fuzz_replay, manifest_fuzz_replay).
#  - <name> (when clang++-19 is installed, whatever the host compiler): a libFuzzer binary
#    with ASan and UBSan, compiled directly by clang++-19 from the same sources; ctest runs
#    it for 20000 inputs (tests tar_fuzz_libfuzzer, manifest_fuzz_libfuzzer). For longer:
#      ninja -C build tar_fuzz
#      mkdir -p /tmp/tar-corpus
#      build/bin/tar_fuzz -max_total_time=600 -max_len=65536 /tmp/tar-corpus tests/fuzz/corpus/tar
#    (likewise manifest_fuzz with corpus/manifest); crashes are written as crash-* files,
#    replayed with `build/bin/tar_fuzz crash-...` or `build/bin/tar_fuzz_replay crash-...`.
set(zvm_vfs_fuzz_sources
  ${CMAKE_SOURCE_DIR}/runtime/file_read.cpp
  ${CMAKE_SOURCE_DIR}/runtime/image/tar_reader.cpp
  ${CMAKE_SOURCE_DIR}/runtime/image/image_fs.cpp
  ${CMAKE_SOURCE_DIR}/runtime/manifest.cpp
  ${CMAKE_SOURCE_DIR}/runtime/channels/channel_spec.cpp
  ${CMAKE_SOURCE_DIR}/runtime/zapp.cpp)
find_program(ZVM_CLANGXX19 clang++-19)

foreach(kind tar manifest)
  set(target_src ${CMAKE_CURRENT_LIST_DIR}/${kind}_fuzz.cpp)
  add_executable(${kind}_fuzz_replay ${target_src} ${CMAKE_CURRENT_LIST_DIR}/vfs_fuzz_replay.cpp
                                     ${zvm_vfs_fuzz_sources})
  target_link_libraries(${kind}_fuzz_replay PRIVATE zvm_abi)
  add_test(NAME ${kind}_fuzz_replay
           COMMAND ${kind}_fuzz_replay --mutations 2000 ${CMAKE_CURRENT_LIST_DIR}/corpus/${kind})

  if(ZVM_CLANGXX19)
    set(out ${CMAKE_BINARY_DIR}/bin/${kind}_fuzz)
    add_custom_command(
      OUTPUT ${out}
      COMMAND ${ZVM_CLANGXX19} -std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined
              -fno-sanitize-recover=all -I${CMAKE_SOURCE_DIR} ${target_src} ${zvm_vfs_fuzz_sources}
              -o ${out}
      DEPENDS ${target_src} ${zvm_vfs_fuzz_sources}
      COMMENT "clang++-19: libFuzzer target ${kind}_fuzz"
      VERBATIM)
    add_custom_target(${kind}_fuzz ALL DEPENDS ${out})
    # libFuzzer writes new inputs into its first directory: a scratch one in the build tree.
    file(MAKE_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR}/${kind}_corpus)
    add_test(NAME ${kind}_fuzz_libfuzzer
             COMMAND ${out} -runs=20000 -max_len=65536 ${CMAKE_CURRENT_BINARY_DIR}/${kind}_corpus
                     ${CMAKE_CURRENT_LIST_DIR}/corpus/${kind})
  endif()
endforeach()
