# FindImGuiBackends: Dear ImGui's GLFW and OpenGL 3 backends, as the target ImGui::Backends.
#
# Debian's libimgui-dev ships Dear ImGui as a library but its backends only as sources, in
# the package's documentation folder (/usr/share/doc/libimgui-dev/examples/backends) with
# their headers in /usr/include/imgui/backends. The backends call ImGui's internals, so they
# must come from the same ImGui release as the library we link: this module checks that and
# stops the configuration with a clear message when they differ.
#
# Needs PkgConfig::IMGUI (pkg_check_modules(IMGUI ... imgui)), PkgConfig::GLFW and OpenGL::GL.
# Input (cache): ImGuiBackends_SOURCE_DIR  the folder holding imgui_impl_glfw.cpp and
#                                          imgui_impl_opengl3.cpp (searched when unset)
# Output:        ImGuiBackends_FOUND, ImGuiBackends_VERSION (the ImGui release the backends
#                belong to), ImGui_VERSION (the installed imgui.h), target ImGui::Backends.
#
# How the backends' release is known: the Debian package that owns the sources (dpkg -S),
# whose upstream version must equal IMGUI_VERSION of the imgui.h we compile against; or,
# for sources outside any package (an ImGui checkout: <root>/backends next to <root>/imgui.h),
# the IMGUI_VERSION of that checkout's imgui.h.
include(FindPackageHandleStandardArgs)

find_path(ImGui_INCLUDE_DIR imgui.h HINTS ${IMGUI_INCLUDE_DIRS} PATH_SUFFIXES imgui)
find_path(ImGuiBackends_INCLUDE_DIR imgui_impl_glfw.h imgui_impl_opengl3.h
          HINTS ${ImGui_INCLUDE_DIR}/backends ${IMGUI_INCLUDE_DIRS} PATH_SUFFIXES backends imgui/backends)
find_path(ImGuiBackends_SOURCE_DIR imgui_impl_glfw.cpp
          PATHS /usr/share/doc/libimgui-dev/examples/backends /usr/local/share/doc/libimgui-dev/examples/backends
          DOC "The folder holding Dear ImGui's imgui_impl_glfw.cpp and imgui_impl_opengl3.cpp")

# IMGUI_VERSION "1.86" from an imgui.h.
function(_imgui_header_version header out)
  set(version "")
  if(EXISTS "${header}")
    file(STRINGS "${header}" line REGEX "^#define[ \t]+IMGUI_VERSION[ \t]+\"[^\"]+\"")
    string(REGEX REPLACE ".*\"([^\"]+)\".*" "\\1" version "${line}")
  endif()
  set(${out} "${version}" PARENT_SCOPE)
endfunction()

_imgui_header_version("${ImGui_INCLUDE_DIR}/imgui.h" ImGui_VERSION)

set(_imgui_backends_problem "")
set(ImGuiBackends_VERSION "")
if(NOT ImGui_INCLUDE_DIR OR ImGui_VERSION STREQUAL "")
  set(_imgui_backends_problem "imgui.h (with IMGUI_VERSION) was not found; install libimgui-dev.")
elseif(NOT ImGuiBackends_SOURCE_DIR OR NOT EXISTS "${ImGuiBackends_SOURCE_DIR}/imgui_impl_opengl3.cpp")
  string(CONCAT _imgui_backends_problem
      "the sources imgui_impl_glfw.cpp and imgui_impl_opengl3.cpp were not found (libimgui-dev installs them "
      "in /usr/share/doc/libimgui-dev/examples/backends); install libimgui-dev or pass "
      "-DImGuiBackends_SOURCE_DIR=<folder holding them>.")
elseif(NOT ImGuiBackends_INCLUDE_DIR)
  string(CONCAT _imgui_backends_problem
      "the headers imgui_impl_glfw.h and imgui_impl_opengl3.h were not found next to ${ImGui_INCLUDE_DIR}/imgui.h.")
else()
  set(_how "")
  # 1. Sources from a Debian package: that package's upstream version.
  find_program(ImGuiBackends_DPKG_QUERY dpkg-query)
  mark_as_advanced(ImGuiBackends_DPKG_QUERY)
  if(ImGuiBackends_DPKG_QUERY)
    get_filename_component(_src "${ImGuiBackends_SOURCE_DIR}/imgui_impl_glfw.cpp" REALPATH)
    execute_process(COMMAND ${ImGuiBackends_DPKG_QUERY} -S "${_src}"
                    OUTPUT_VARIABLE _owner RESULT_VARIABLE _rc ERROR_QUIET OUTPUT_STRIP_TRAILING_WHITESPACE)
    if(_rc EQUAL 0 AND _owner MATCHES "^([^:,]+)(:[^:,]+)?: ")
      set(_package "${CMAKE_MATCH_1}${CMAKE_MATCH_2}")
      execute_process(COMMAND ${ImGuiBackends_DPKG_QUERY} -W -f=\${Version} "${_package}"
                      OUTPUT_VARIABLE _deb_version RESULT_VARIABLE _rc ERROR_QUIET OUTPUT_STRIP_TRAILING_WHITESPACE)
      if(_rc EQUAL 0 AND _deb_version MATCHES "^([0-9]+:)?([0-9][0-9.]*)")
        set(ImGuiBackends_VERSION "${CMAKE_MATCH_2}")
        set(_how "the Debian package ${_package} ${_deb_version}, which owns ${_src}")
      endif()
    endif()
  endif()
  # 2. Sources from an ImGui checkout: the imgui.h beside them.
  if(ImGuiBackends_VERSION STREQUAL "")
    get_filename_component(_header "${ImGuiBackends_SOURCE_DIR}/../imgui.h" ABSOLUTE)
    _imgui_header_version("${_header}" ImGuiBackends_VERSION)
    set(_how "the IMGUI_VERSION of ${_header}")
  endif()
  if(ImGuiBackends_VERSION STREQUAL "")
    string(CONCAT _imgui_backends_problem
        "cannot tell which ImGui release the backend sources in ${ImGuiBackends_SOURCE_DIR} belong to: no Debian "
        "package owns them and no imgui.h lies beside them. Use the sources of the ImGui release you build against.")
  elseif(NOT ImGuiBackends_VERSION VERSION_EQUAL ImGui_VERSION)
    string(CONCAT _imgui_backends_problem
        "the backend sources in ${ImGuiBackends_SOURCE_DIR} belong to ImGui ${ImGuiBackends_VERSION} (${_how}), "
        "but ${ImGui_INCLUDE_DIR}/imgui.h is ImGui ${ImGui_VERSION}; backends call ImGui's internals and must "
        "come from the same release. Install matching packages (libimgui-dev) or pass "
        "-DImGuiBackends_SOURCE_DIR=<backends of ImGui ${ImGui_VERSION}>.")
  endif()
endif()

if(_imgui_backends_problem STREQUAL "")
  set(ImGuiBackends_CHECKED TRUE)
else()
  set(ImGuiBackends_CHECKED FALSE)
  if(ImGuiBackends_FIND_REQUIRED)
    message(FATAL_ERROR "Dear ImGui backends: ${_imgui_backends_problem}")
  endif()
  message(STATUS "Dear ImGui backends: ${_imgui_backends_problem}")
endif()

find_package_handle_standard_args(ImGuiBackends
  REQUIRED_VARS ImGuiBackends_SOURCE_DIR ImGuiBackends_INCLUDE_DIR ImGuiBackends_CHECKED
  VERSION_VAR ImGuiBackends_VERSION)

# A static library compiled once from the sources (an imported target cannot carry sources);
# its warnings are ImGui's, not ours.
if(ImGuiBackends_FOUND AND NOT TARGET ImGui::Backends)
  add_library(imgui_backends STATIC
    ${ImGuiBackends_SOURCE_DIR}/imgui_impl_glfw.cpp
    ${ImGuiBackends_SOURCE_DIR}/imgui_impl_opengl3.cpp)
  target_compile_options(imgui_backends PRIVATE -w)
  target_include_directories(imgui_backends SYSTEM PUBLIC ${ImGuiBackends_INCLUDE_DIR})
  target_link_libraries(imgui_backends PUBLIC PkgConfig::IMGUI PkgConfig::GLFW OpenGL::GL ${CMAKE_DL_LIBS})
  add_library(ImGui::Backends ALIAS imgui_backends)
endif()
mark_as_advanced(ImGui_INCLUDE_DIR ImGuiBackends_INCLUDE_DIR)
