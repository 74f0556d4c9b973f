# AddressSanitizer's shadow memory lies at [0x7fff8000, 0x10007fff8000) on x86-64 Linux,
# inside the sandbox's reservation [64 KiB, 8 GiB) (syscalls/abi.h): an ASan-instrumented
# zvm cannot create its sandbox. Under ZVM_SANITIZE the runtime's directories therefore
# build with UndefinedBehaviorSanitizer only. Included at the top of those directories'
# CMakeLists.txt; affects only the targets they create.
if(ZVM_SANITIZE)
  foreach(prop COMPILE_OPTIONS LINK_OPTIONS)
    get_directory_property(opts ${prop})
    list(FILTER opts EXCLUDE REGEX "sanitize")
    list(APPEND opts -fsanitize=undefined)
    if(prop STREQUAL COMPILE_OPTIONS)
      list(APPEND opts -fno-sanitize-recover=all -fno-omit-frame-pointer)
    endif()
    set_directory_properties(PROPERTIES ${prop} "${opts}")
  endforeach()
endif()
