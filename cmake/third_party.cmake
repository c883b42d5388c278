# Third-party code, all from Debian: header-only libraries from /usr/include, and the
# sources of SQLite, zlib and Dear ImGui that scripts/bootstrap unpacked into .deps/.

# --- Header-only libraries -----------------------------------------------------
# The wasm build must never see /usr/include (it would pull in the host's glibc headers),
# so the header-only libraries that live there are reached through a folder holding only them.
set(TOUCHPOINT_STAGED_INCLUDE "${CMAKE_BINARY_DIR}/staged_include")
file(MAKE_DIRECTORY "${TOUCHPOINT_STAGED_INCLUDE}")
set(_staged_headers
    boost date doctest nlohmann CLI fast_float LBFGSpp LBFGS.h LBFGSB.h
    pcg_random.hpp pcg_extras.hpp pcg_uint128.hpp)
foreach(_header IN LISTS _staged_headers)
  if(NOT EXISTS "/usr/include/${_header}")
    message(FATAL_ERROR "/usr/include/${_header} is missing: run scripts/bootstrap")
  endif()
  if(NOT EXISTS "${TOUCHPOINT_STAGED_INCLUDE}/${_header}")
    file(CREATE_LINK "/usr/include/${_header}" "${TOUCHPOINT_STAGED_INCLUDE}/${_header}" SYMBOLIC)
  endif()
endforeach()
if(NOT EXISTS "/usr/include/eigen3/Eigen")
  message(FATAL_ERROR "Eigen is missing (/usr/include/eigen3): run scripts/bootstrap")
endif()

add_library(touchpoint_third_party_headers INTERFACE)
target_include_directories(touchpoint_third_party_headers SYSTEM INTERFACE
    "${TOUCHPOINT_STAGED_INCLUDE}" /usr/include/eigen3)

# --- SQLite (the same amalgamation in the native and the wasm build) -----------
set(_sqlite_dir "${TOUCHPOINT_DEPS_DIR}/sqlite-amalgamation")
if(NOT EXISTS "${_sqlite_dir}/sqlite3.c")
  message(FATAL_ERROR "${_sqlite_dir}/sqlite3.c is missing: run scripts/bootstrap")
endif()
add_library(touchpoint_sqlite STATIC "${_sqlite_dir}/sqlite3.c")
target_include_directories(touchpoint_sqlite SYSTEM PUBLIC "${_sqlite_dir}")
target_compile_definitions(touchpoint_sqlite PRIVATE
    SQLITE_DQS=0 SQLITE_OMIT_LOAD_EXTENSION SQLITE_DEFAULT_FOREIGN_KEYS=1 SQLITE_OMIT_DEPRECATED)
if(EMSCRIPTEN)
  # The page runs SQLite on its one thread.
  target_compile_definitions(touchpoint_sqlite PRIVATE SQLITE_THREADSAFE=0)
else()
  find_package(Threads REQUIRED)
  target_link_libraries(touchpoint_sqlite PUBLIC Threads::Threads)
endif()

# --- zlib's inflate (the xlsx reader unzips workbooks; the same code in both builds) ---
# Only the files inflate needs: the reader never compresses, and Emscripten's port downloads.
set(_zlib_dir "${TOUCHPOINT_DEPS_DIR}/zlib-1.2.13.dfsg")
if(NOT EXISTS "${_zlib_dir}/inflate.c")
  message(FATAL_ERROR "${_zlib_dir}/inflate.c is missing: run scripts/bootstrap")
endif()
add_library(touchpoint_zlib STATIC
    "${_zlib_dir}/inflate.c" "${_zlib_dir}/inftrees.c" "${_zlib_dir}/inffast.c"
    "${_zlib_dir}/adler32.c" "${_zlib_dir}/crc32.c" "${_zlib_dir}/zutil.c")
target_include_directories(touchpoint_zlib SYSTEM PUBLIC "${_zlib_dir}")

# --- Dear ImGui (web front-end only) --------------------------------------------
if(EMSCRIPTEN)
  set(_imgui_dir "${TOUCHPOINT_DEPS_DIR}/imgui-1.86")
  if(NOT EXISTS "${_imgui_dir}/imgui.cpp")
    message(FATAL_ERROR "${_imgui_dir}/imgui.cpp is missing: run scripts/bootstrap")
  endif()
  add_library(touchpoint_imgui STATIC
      "${_imgui_dir}/imgui.cpp" "${_imgui_dir}/imgui_draw.cpp" "${_imgui_dir}/imgui_tables.cpp"
      "${_imgui_dir}/imgui_widgets.cpp"
      "${_imgui_dir}/backends/imgui_impl_glfw.cpp" "${_imgui_dir}/backends/imgui_impl_opengl3.cpp")
  target_include_directories(touchpoint_imgui SYSTEM PUBLIC "${_imgui_dir}" "${_imgui_dir}/backends")
  target_link_options(touchpoint_imgui PUBLIC -sUSE_GLFW=3 -sUSE_WEBGL2=1 -sFULL_ES3=1)
endif()
