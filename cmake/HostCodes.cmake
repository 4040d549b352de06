# The integer codes shared by C++ and JavaScript, defined once in src/platform/host_codes.json and written
# at configure time (node cmake/host_codes.mjs) as:
#   ${SEED_GENERATED_DIR}/platform/host_codes.h   (platform::host_codes, included as "platform/host_codes.h")
#   ${SEED_GENERATED_DIR}/host_library_codes.js   (SeedCodes, linked into the app with --js-library)
# Editing the JSON or the script re-runs the configure step.
find_program(SEED_NODE node REQUIRED)
set(SEED_GENERATED_DIR "${CMAKE_BINARY_DIR}/generated")
set(SEED_HOST_CODES_JSON "${CMAKE_SOURCE_DIR}/src/platform/host_codes.json")
set(SEED_HOST_CODES_LIBRARY "${SEED_GENERATED_DIR}/host_library_codes.js")
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
  "${SEED_HOST_CODES_JSON}" "${CMAKE_CURRENT_LIST_DIR}/host_codes.mjs")
execute_process(
  COMMAND "${SEED_NODE}" "${CMAKE_CURRENT_LIST_DIR}/host_codes.mjs" "${SEED_HOST_CODES_JSON}"
          "${SEED_GENERATED_DIR}/platform/host_codes.h" "${SEED_HOST_CODES_LIBRARY}"
  RESULT_VARIABLE host_codes_status
  ERROR_VARIABLE host_codes_error)
if(NOT host_codes_status EQUAL 0)
  message(FATAL_ERROR "src/platform/host_codes.json: ${host_codes_error}")
endif()
