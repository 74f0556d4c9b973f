# Fails unless every symbol of SYMBOLS (comma-separated) is defined in the program FILE (checks
# that a conformance case really exercises the compiler builtins instead of having its
# operations folded away).
#   cmake -DNM=nm -DFILE=prog.nexe -DSYMBOLS=a,b -P expect_symbols.cmake
string(REPLACE "," ";" SYMBOLS "${SYMBOLS}")
execute_process(COMMAND ${NM} --defined-only ${FILE} OUTPUT_VARIABLE listing RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "${NM} ${FILE} failed (${status})")
endif()
set(missing)
foreach(symbol IN LISTS SYMBOLS)
  if(NOT listing MATCHES " [Tt] ${symbol}\n")
    list(APPEND missing ${symbol})
  endif()
endforeach()
if(missing)
  message(FATAL_ERROR "${FILE} does not define ${missing}")
endif()
list(LENGTH SYMBOLS n)
message(STATUS "${FILE}: all ${n} symbols defined")
