# anlaufstelle-ctl catalogue validate|show, as an operator runs them:
#   cmake -DCTL=path/to/anlaufstelle-ctl -DWORK=scratch-dir -P ctl_catalogue.cmake
# The shipped catalogue validates (exit 0); a broken one exits 1 and lists every problem
# on stderr as FILE:LINE; show --json --lang ps prints the Pashto names; keys lists the
# translation keys.
function(expect what result code)
  if(NOT "${result}" STREQUAL "${code}")
    message(FATAL_ERROR "${what}: exit ${result}, expected ${code}")
  endif()
endfunction()

execute_process(COMMAND ${CTL} catalogue validate RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
expect("validate the shipped catalogue (${err})" "${rc}" 0)
if(NOT out MATCHES "is valid: 3 offices")
  message(FATAL_ERROR "validate printed: ${out}")
endif()

file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
file(WRITE ${WORK}/catalogue.toml "[catalogue]\nversion = 1\n")
file(WRITE ${WORK}/offices.toml
  "[[office]]\nid = \"abh\"\nticket_prefix = \"A\"\npictogram = \"badge\"\nwaiting_area = \"hall\"\n")
file(WRITE ${WORK}/services.toml
  "[[service]]\nid = \"abh.permit-extension\"\noffice = \"abx\"\npictogram = \"autorenew\"\n"
  "documents = [\"passport\"]\ntypical_minutes = 20\n")
execute_process(COMMAND ${CTL} catalogue validate --dir ${WORK}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
expect("validate a broken catalogue" "${rc}" 1)
foreach(expected
    "offices.toml:2: office 'abh': no \\[\\[service\\]\\] names this office"
    "services.toml:3: service 'abh.permit-extension': field 'office' names unknown office 'abx'"
    "services.toml:5: service 'abh.permit-extension': field 'documents' names unknown document 'passport'")
  if(NOT err MATCHES "${expected}")
    message(FATAL_ERROR "validate stderr lacks '${expected}':\n${err}")
  endif()
endforeach()

execute_process(COMMAND ${CTL} catalogue show --dir ${WORK} RESULT_VARIABLE rc ERROR_VARIABLE err)
expect("show a broken catalogue" "${rc}" 1)

execute_process(COMMAND ${CTL} catalogue show --json --lang ps RESULT_VARIABLE rc OUTPUT_VARIABLE out)
expect("show --json --lang ps" "${rc}" 0)
string(JSON name GET "${out}" offices 0 services 0 name)
if(NOT name STREQUAL "د استوګنې اجازه اوږدول")
  message(FATAL_ERROR "show --lang ps named the first service '${name}'")
endif()
# The counters and the kiosk's settings (counters.toml, kiosk.toml) are shown too.
string(JSON counter GET "${out}" counters 1 number)
string(JSON seconds GET "${out}" kiosk inactivity_seconds)
if(NOT counter EQUAL 2 OR NOT seconds EQUAL 45)
  message(FATAL_ERROR "show --json gave counter '${counter}' and a timeout of '${seconds}' s")
endif()
execute_process(COMMAND ${CTL} catalogue keys RESULT_VARIABLE rc OUTPUT_VARIABLE out)
expect("keys" "${rc}" 0)
foreach(key "office.abh.name" "service.abh.permit-extension.description" "doc.passport.title"
            "priority.children.label" "finder.topic.answer.papers" "waiting-area.ground-floor.name")
  string(FIND "${out}" "${key}\n" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "catalogue keys lacks ${key}")
  endif()
endforeach()
file(REMOVE_RECURSE ${WORK})
