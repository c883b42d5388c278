# `touchpoint publish` writes the page's files and workspace.json into a folder; the workspace's
# customer rows are left out unless --include-customer-data asks for them.
#   cmake -DTOUCHPOINT=path/to/touchpoint -DWORKSPACE=with_customer_data.json -DSITE=site_dir -DWORK_DIR=dir -P this
file(REMOVE_RECURSE "${WORK_DIR}")
execute_process(COMMAND "${TOUCHPOINT}" publish --workspace "${WORKSPACE}" --out "${WORK_DIR}/shared" --site "${SITE}"
                OUTPUT_VARIABLE _output RESULT_VARIABLE _status)
if(NOT _status EQUAL 0)
  message(FATAL_ERROR "publish failed (${_status}): ${_output}")
endif()
foreach(_file index.html shell.js workspace.json)
  if(NOT EXISTS "${WORK_DIR}/shared/${_file}")
    message(FATAL_ERROR "publish did not write ${_file}")
  endif()
endforeach()
file(READ "${WORK_DIR}/shared/workspace.json" _shared)
if(_shared MATCHES "C-7000" OR _shared MATCHES "customer_data")
  message(FATAL_ERROR "the published workspace carries customer data:\n${_shared}")
endif()
if(NOT _shared MATCHES "\"format\":\"touchpoint.workspace\"" OR NOT _shared MATCHES "Plan with the customers' orders")
  message(FATAL_ERROR "the published workspace is not the one given:\n${_shared}")
endif()
if(NOT _output MATCHES "customer data was left out")
  message(FATAL_ERROR "publish did not say it left the customer data out:\n${_output}")
endif()
execute_process(COMMAND "${TOUCHPOINT}" publish --workspace "${WORKSPACE}" --out "${WORK_DIR}/with_data" --site "${SITE}" --include-customer-data
                OUTPUT_QUIET RESULT_VARIABLE _status)
file(READ "${WORK_DIR}/with_data/workspace.json" _with_data)
if(NOT _status EQUAL 0 OR NOT _with_data MATCHES "C-70001")
  message(FATAL_ERROR "--include-customer-data did not keep the rows (${_status})")
endif()
# Without a built page there is nothing to publish: a clear message, not an empty folder.
execute_process(COMMAND "${TOUCHPOINT}" publish --workspace "${WORKSPACE}" --out "${WORK_DIR}/nothing" --site "${WORK_DIR}/no_site"
                ERROR_VARIABLE _error RESULT_VARIABLE _status)
if(_status EQUAL 0 OR NOT _error MATCHES "no built page here")
  message(FATAL_ERROR "publish without a page should fail clearly; it said (${_status}): ${_error}")
endif()
message(STATUS "published without customer data, and with it on request")
