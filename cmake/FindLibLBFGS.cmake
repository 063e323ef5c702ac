# FindLibLBFGS — Debian's liblbfgs-dev ships no CMake config.
# Defines LibLBFGS_FOUND and the imported target LibLBFGS::LibLBFGS.
find_path(LibLBFGS_INCLUDE_DIR NAMES lbfgs.h)
find_library(LibLBFGS_LIBRARY NAMES lbfgs)
include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(LibLBFGS REQUIRED_VARS LibLBFGS_LIBRARY LibLBFGS_INCLUDE_DIR)
if(LibLBFGS_FOUND AND NOT TARGET LibLBFGS::LibLBFGS)
  add_library(LibLBFGS::LibLBFGS UNKNOWN IMPORTED)
  set_target_properties(LibLBFGS::LibLBFGS PROPERTIES
    IMPORTED_LOCATION "${LibLBFGS_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${LibLBFGS_INCLUDE_DIR}")
endif()
mark_as_advanced(LibLBFGS_INCLUDE_DIR LibLBFGS_LIBRARY)
