# Warnings for the project's own targets (third-party targets keep their defaults).
function(touchpoint_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion
    # GCC 12 reports std::string concatenation as overlapping memcpy (a known false positive).
    $<$<CXX_COMPILER_ID:GNU>:-Wno-restrict>)
endfunction()
