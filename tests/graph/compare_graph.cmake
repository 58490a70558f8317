# compare_graph.cmake: runs `kpic graph --format=FORMAT [OPTIONS] SPEC` in the
# spec's folder. With EXPECTED_STATUS 0 (the default) it must exit 0, print
# nothing on stderr unless ALLOW_STDERR is set (warnings of a draft), and its
# output must equal the golden file EXPECTED; with DOT set (the Graphviz
# program) the golden DOT must also render to SVG. With another
# EXPECTED_STATUS it must exit with that status and draw nothing.
# Usage: cmake -DKPIC=... -DSPEC=... -DFORMAT=dot|mermaid|text [-DOPTIONS=--draft]
#              [-DEXPECTED=...] [-DEXPECTED_STATUS=1] [-DALLOW_STDERR=1] [-DDOT=...] -P compare_graph.cmake
if(NOT DEFINED EXPECTED_STATUS)
  set(EXPECTED_STATUS 0)
endif()
execute_process(COMMAND ${KPIC} graph --color=never --format=${FORMAT} ${OPTIONS} ${SPEC}
                RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT status EQUAL EXPECTED_STATUS)
  message(FATAL_ERROR "kpic graph ${OPTIONS} ${SPEC} exited with ${status}, expected ${EXPECTED_STATUS}\n${err}")
endif()
if(NOT EXPECTED_STATUS EQUAL 0)
  if(NOT out STREQUAL "")
    message(FATAL_ERROR "kpic graph ${SPEC} drew a graph although the file has errors:\n${out}")
  endif()
  return()
endif()
if(NOT ALLOW_STDERR AND NOT err STREQUAL "")
  message(FATAL_ERROR "kpic graph ${SPEC} printed diagnostics:\n${err}")
endif()
file(READ ${EXPECTED} expected)
if(NOT out STREQUAL expected)
  message(FATAL_ERROR "kpic graph --format=${FORMAT} ${SPEC}: output differs from ${EXPECTED}\n"
                      "--- expected\n${expected}\n--- actual\n${out}")
endif()
if(DOT AND FORMAT STREQUAL "dot")
  execute_process(COMMAND ${DOT} -Tsvg INPUT_FILE ${EXPECTED}
                  RESULT_VARIABLE dot_status OUTPUT_VARIABLE svg ERROR_VARIABLE dot_err)
  if(NOT dot_status EQUAL 0 OR NOT dot_err STREQUAL "" OR NOT svg MATCHES "<svg")
    message(FATAL_ERROR "Graphviz cannot render ${EXPECTED}: ${dot_err}")
  endif()
endif()
