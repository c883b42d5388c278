# Warnings for the project's own targets (third-party targets keep their defaults).
function(touchpoint_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion)
endfunction()
