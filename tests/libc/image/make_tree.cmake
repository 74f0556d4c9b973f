# Writes the file tree that tests/libc/image/*.c read: natively from this folder on the host, in
# the sandbox from the same tree packed into a tar image mounted at /.
#   cmake -DTREE=DIR -DTAR=FILE.tar -P make_tree.cmake
if(NOT TREE OR NOT TAR)
  message(FATAL_ERROR "make_tree.cmake: -DTREE=DIR and -DTAR=FILE are required")
endif()
file(REMOVE_RECURSE ${TREE})
file(MAKE_DIRECTORY ${TREE}/data/sub ${TREE}/empty)
file(WRITE ${TREE}/hello.txt "Hello from the image.\nSecond line\n\nlast line without newline")
file(WRITE ${TREE}/data/numbers.txt "3 1.5 -7\n42 2.25e3 0x10\n")
file(WRITE ${TREE}/data/sub/deep.txt "three levels down\n")
file(WRITE ${TREE}/empty.txt "")
# 200 KiB of a position-dependent pattern: larger than stdio's buffer, so seeks and reads cross
# buffer refills.
set(line "")
foreach(i RANGE 0 63)
  math(EXPR c "${i} % 26 + 97")
  string(ASCII ${c} ch)
  string(APPEND line "${ch}")
endforeach()
set(block "")
foreach(i RANGE 1 32)
  string(APPEND block "${line}")
endforeach()
set(blob "")
foreach(i RANGE 0 99)
  string(APPEND blob "[${i}]${block}")
endforeach()
file(WRITE ${TREE}/data/blob.txt "${blob}")
file(CREATE_LINK hello.txt ${TREE}/link.txt SYMBOLIC)
execute_process(
  COMMAND ${CMAKE_COMMAND} -E tar cf ${TAR} --format=pax -- hello.txt link.txt empty.txt empty
          data
  WORKING_DIRECTORY ${TREE}
  RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "make_tree.cmake: tar failed (${status})")
endif()
