# compare_graph.cmake: runs `kpic graph --format=FORMAT SPEC` in the spec's
# folder and fails unless it exits 0 with nothing on stderr and its output
# equals the golden file EXPECTED. With DOT set (the Graphviz program), the
# output must also render to SVG.
# Usage: cmake -DKPIC=... -DSPEC=... -DFORMAT=dot|mermaid -DEXPECTED=... [-DDOT=...] -P compare_graph.cmake
execute_process(COMMAND ${KPIC} graph --color=never --format=${FORMAT} ${SPEC}
                RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT status EQUAL 0 OR NOT err STREQUAL "")
  message(FATAL_ERROR "kpic graph ${SPEC} exited with ${status}\n${err}")
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
