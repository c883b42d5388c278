# Shared by the checks in this folder: a source file as a CMake list, one element per line.
# Semicolons in the code become commas, so they do not split lines.
function(read_source_lines file out_var)
  file(READ "${file}" _text)
  string(REPLACE ";" "," _text "${_text}")
  string(REPLACE "\n" ";" _lines "${_text}")
  set(${out_var} "${_lines}" PARENT_SCOPE)
endfunction()
