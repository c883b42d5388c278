# Fails when a file under WEB_DIR keeps state in a function-local static: a panel's state is a
# member of its section (web/app/section.hpp), so opening a workspace or clearing the data can
# reset it and tests can reach it. Constant tables (`static const` / `static constexpr` with a
# plain initialiser) are fine; a `static const` computed by a lambda on first use is a hidden
# cache and is not. Static member functions and namespace-scope declarations (not indented)
# are not state.
# Run with: cmake -DWEB_DIR=<dir> -P <this file>
cmake_minimum_required(VERSION 3.25)
if(NOT WEB_DIR)
  message(FATAL_ERROR "pass -DWEB_DIR=<folder to check>")
endif()
include("${CMAKE_CURRENT_LIST_DIR}/source_lines.cmake")
get_filename_component(WEB_DIR "${WEB_DIR}" ABSOLUTE)
file(GLOB_RECURSE _files "${WEB_DIR}/*.hpp" "${WEB_DIR}/*.cpp")
set(_found "")
foreach(_file IN LISTS _files)
  read_source_lines("${_file}" _lines)
  set(_number 0)
  foreach(_line IN LISTS _lines)
    math(EXPR _number "${_number} + 1")
    if(NOT _line MATCHES "^[ \t]+static[ \t]")
      continue()
    endif()
    if(_line MATCHES "^[ \t]+static[ \t]+(constexpr|const)[ \t]" AND NOT _line MATCHES "=[ \t]*\\[")
      continue()  # a constant table
    endif()
    # A static member function's declaration: a name and its parameter list, no initialiser.
    if(_line MATCHES "^[ \t]+static[ \t]+[^=({]*[A-Za-z_0-9>][ \t]*\\(")
      continue()
    endif()
    string(STRIP "${_line}" _shown)
    string(APPEND _found "\n  ${_file}:${_number}: ${_shown}")
  endforeach()
endforeach()
list(LENGTH _files _count)
if(_found)
  message(FATAL_ERROR "state in function-local statics (make it a member of its section or of the app):${_found}")
endif()
message(STATUS "checked ${_count} files under ${WEB_DIR}: no function-local static state")
