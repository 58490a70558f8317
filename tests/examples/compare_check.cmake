# compare_check.cmake: runs `kpic check SPEC` and fails unless its exit status
# is EXPECTED_STATUS and its diagnostics (stderr) equal the file EXPECTED.
# Messages may name a data file by its resolved path; DIR (the example's
# folder) is cut from them so the expected text holds in any checkout.
# Usage: cmake -DKPIC=... -DSPEC=... -DDIR=... -DEXPECTED=... -DEXPECTED_STATUS=1 -P compare_check.cmake
execute_process(COMMAND ${KPIC} check --color=never ${SPEC}
                RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
string(REPLACE "${DIR}/" "" out "${out}")
string(REPLACE "${DIR}/" "" err "${err}")
file(READ ${EXPECTED} expected)
if(NOT status EQUAL EXPECTED_STATUS)
  message(FATAL_ERROR "kpic check ${SPEC} exited with ${status}, expected ${EXPECTED_STATUS}\n${err}")
endif()
if(NOT "${out}${err}" STREQUAL "${expected}")
  message(FATAL_ERROR "kpic check ${SPEC}: output differs from ${EXPECTED}\n"
                      "--- expected\n${expected}\n--- actual\n${out}${err}")
endif()
