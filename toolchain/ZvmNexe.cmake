# Building sandbox code with the zvm toolchain from CMake.
#
#   zvm_add_nexe(NAME SOURCES a.c b.c ... [CFLAGS flags...] [LDFLAGS flags...] [LIBS libs...])
#
# builds ${CMAKE_CURRENT_BINARY_DIR}/NAME.nexe with zcc (each source compiled with `zcc -c`, then
# linked against the sysroot's crt1.o and libc.a) and adds a target NAME (built by default)
# whose property ZVM_NEXE holds the nexe's path:
#
#   $<TARGET_PROPERTY:hello,ZVM_NEXE>
#
# zvm_compile_object(OUTPUT SOURCE [FLAGS ...] [DEPENDS ...]) is the single-object step, also
# used to build the sysroot itself. Both need the toolchain's targets (zcc, zvm-as,
# zvm_sysroot), i.e. this project's top-level CMakeLists.txt.
include_guard(GLOBAL)

function(zvm_compile_object output source)
  cmake_parse_arguments(ARG "" "" "FLAGS;DEPENDS" ${ARGN})
  get_filename_component(source "${source}" ABSOLUTE)
  string(MAKE_C_IDENTIFIER "${output}" depname)
  set(depfile "${CMAKE_CURRENT_BINARY_DIR}/zvm_deps/${depname}.d")
  file(MAKE_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}/zvm_deps")
  add_custom_command(
    OUTPUT "${output}"
    COMMAND zcc ${ARG_FLAGS} -MD -MF "${depfile}" -c "${source}" -o "${output}"
    DEPENDS zcc zvm-as "${source}" ${ARG_DEPENDS}
    DEPFILE "${depfile}"
    COMMENT "zcc ${source}"
    VERBATIM)
endfunction()

function(zvm_add_nexe name)
  cmake_parse_arguments(ARG "" "" "SOURCES;CFLAGS;LDFLAGS;LIBS" ${ARGN})
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "zvm_add_nexe(${name}): no SOURCES")
  endif()
  get_property(sysroot_files GLOBAL PROPERTY ZVM_SYSROOT_FILES)
  set(objects)
  foreach(source ${ARG_SOURCES})
    get_filename_component(stem "${source}" NAME)
    set(object "${CMAKE_CURRENT_BINARY_DIR}/${name}.dir/${stem}.o")
    zvm_compile_object("${object}" "${source}" FLAGS ${ARG_CFLAGS}
                       DEPENDS zvm_sysroot ${sysroot_files})
    list(APPEND objects "${object}")
  endforeach()
  set(nexe "${CMAKE_CURRENT_BINARY_DIR}/${name}.nexe")
  add_custom_command(
    OUTPUT "${nexe}"
    COMMAND zcc ${ARG_LDFLAGS} ${objects} ${ARG_LIBS} -o "${nexe}"
    DEPENDS zcc zvm-as zvm_sysroot ${sysroot_files} ${objects}
    COMMENT "zcc: linking ${name}.nexe"
    VERBATIM)
  add_custom_target(${name} ALL DEPENDS "${nexe}")
  set_target_properties(${name} PROPERTIES ZVM_NEXE "${nexe}")
endfunction()
