# Strict warnings for our own targets only (never global add_compile_options).
function(fa_apply_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes
    -Wconversion -Wdouble-promotion -Wformat=2 -Wundef -Wcast-qual
    -Wwrite-strings -Wvla -Wimplicit-fallthrough)
  if(FA_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

# Tests: Criterion's new assert macros trip -Wconversion (see STYLE appendix).
function(fa_apply_test_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wno-conversion
                         -Wno-missing-field-initializers)
  if(FA_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
