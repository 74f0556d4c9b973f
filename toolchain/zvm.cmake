# CMake toolchain file: builds C projects into zvm nexes with zcc.
#
#   cmake -S SRC -B BUILD -DCMAKE_TOOLCHAIN_FILE=/path/to/zvm/toolchain/zvm.cmake \
#         -DZVM_ROOT=/path/to/zvm/build
#
# ZVM_ROOT is a zvm build (or install) tree holding bin/zcc, bin/zvm and sysroot/; it may also
# come from the environment (ZVM_ROOT=...), and defaults to the folder above the zcc found on
# PATH. Executables are nexes (no suffix, as CMake's Linux platform has it). Every library is
# static (a nexe links statically).
# try_run() and add_test() run programs through CMAKE_CROSSCOMPILING_EMULATOR, `zvm run`: a
# test's arguments reach the program when none starts with '-' (zvm would read it as its own
# option); for such arguments, run `zvm run PROG -- ARGS` yourself.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR x86_64)

if(NOT ZVM_ROOT AND DEFINED ENV{ZVM_ROOT})
  set(ZVM_ROOT "$ENV{ZVM_ROOT}")
endif()
if(NOT ZVM_ROOT)
  find_program(_zvm_zcc zcc)
  if(_zvm_zcc)
    get_filename_component(ZVM_ROOT "${_zvm_zcc}" DIRECTORY)
    get_filename_component(ZVM_ROOT "${ZVM_ROOT}" DIRECTORY)
  endif()
endif()
if(NOT ZVM_ROOT OR NOT EXISTS "${ZVM_ROOT}/bin/zcc")
  message(FATAL_ERROR "zvm.cmake: set ZVM_ROOT to a zvm build tree (the folder holding bin/zcc, "
                      "bin/zvm and sysroot/); got '${ZVM_ROOT}'")
endif()
# try_compile() projects read the toolchain file again: hand ZVM_ROOT down to them.
set(ZVM_ROOT "${ZVM_ROOT}" CACHE PATH "the zvm build tree (bin/zcc, bin/zvm, sysroot/)")
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES ZVM_ROOT)

set(CMAKE_C_COMPILER "${ZVM_ROOT}/bin/zcc")
set(CMAKE_ASM_COMPILER "${ZVM_ROOT}/bin/zcc")
set(CMAKE_CROSSCOMPILING_EMULATOR "${ZVM_ROOT}/bin/zvm;run")

# Static only: a nexe is linked statically (zcc compiles position-independent code by itself).
set_property(GLOBAL PROPERTY TARGET_SUPPORTS_SHARED_LIBS FALSE)
set(BUILD_SHARED_LIBS OFF CACHE BOOL "zvm nexes are static")

# Headers and libraries come from the sandbox sysroot, programs from the host.
set(CMAKE_FIND_ROOT_PATH "${ZVM_ROOT}/sysroot")
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
