# A sweep run in three shards and merged prints exactly what the unsharded sweep prints (issue:
# "a sharded sweep's parts merge into exactly the result of the unsharded run").
#   cmake -DTOUCHPOINT=path/to/touchpoint -DCADENCE=assets/cadences/second_sale_welcome.json -DWORK_DIR=dir -P this
set(_sweep sweep --cadence "${CADENCE}" --step "Getting the most out of it" --days 1..40/3 --customers 800 --reps 4 --horizon 200
           --metric incremental_profit --json)
file(MAKE_DIRECTORY "${WORK_DIR}")
execute_process(COMMAND "${TOUCHPOINT}" ${_sweep} OUTPUT_FILE "${WORK_DIR}/whole.json" RESULT_VARIABLE _status)
if(NOT _status EQUAL 0)
  message(FATAL_ERROR "the unsharded sweep failed: ${_status}")
endif()
set(_parts)
# The shards are merged in reverse order: the order must not matter.
foreach(_k 3 2 1)
  execute_process(COMMAND "${TOUCHPOINT}" ${_sweep} --shard ${_k}/3 OUTPUT_FILE "${WORK_DIR}/part-${_k}.json" RESULT_VARIABLE _status)
  if(NOT _status EQUAL 0)
    message(FATAL_ERROR "shard ${_k}/3 failed: ${_status}")
  endif()
  list(APPEND _parts "${WORK_DIR}/part-${_k}.json")
endforeach()
execute_process(COMMAND "${TOUCHPOINT}" merge ${_parts} --json OUTPUT_FILE "${WORK_DIR}/merged.json" RESULT_VARIABLE _status)
if(NOT _status EQUAL 0)
  message(FATAL_ERROR "merge failed: ${_status}")
endif()
file(READ "${WORK_DIR}/whole.json" _whole)
file(READ "${WORK_DIR}/merged.json" _merged)
string(LENGTH "${_whole}" _length)
if(_length LESS 1000)
  message(FATAL_ERROR "the unsharded sweep printed too little to compare:\n${_whole}")
endif()
if(NOT _whole STREQUAL _merged)
  message(FATAL_ERROR "the merged shards differ from the unsharded sweep: compare ${WORK_DIR}/whole.json and ${WORK_DIR}/merged.json")
endif()
# Two shards of one sweep but a part missing: merge refuses.
execute_process(COMMAND "${TOUCHPOINT}" merge "${WORK_DIR}/part-1.json" "${WORK_DIR}/part-3.json" --json
                OUTPUT_QUIET ERROR_VARIABLE _error RESULT_VARIABLE _status)
if(_status EQUAL 0 OR NOT _error MATCHES "grid point 5 is missing")
  message(FATAL_ERROR "merge with a missing part should fail naming the point; it said (${_status}): ${_error}")
endif()
message(STATUS "sharded and unsharded sweeps agree (${_length} bytes)")
