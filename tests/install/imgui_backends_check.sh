#!/usr/bin/env bash
# cmake/FindImGuiBackends.cmake: finds the backends libimgui-dev ships and accepts them only
# when they belong to the installed ImGui release. Configures a small project three times:
#   1. as found on this system: accepted, with the installed imgui.h's version;
#   2. backends of another release (a checkout whose imgui.h says 1.79): refused, naming both;
#   3. backends of a checkout of the installed release: accepted.
# Usage: imgui_backends_check.sh CMAKE SOURCE_DIR
set -euo pipefail
cmake=$1 source=$(realpath "$2")
work=$(mktemp -d "${TMPDIR:-/tmp}/anl-imgui.XXXXXX")
trap 'rm -rf "$work"' EXIT
installed=$(sed -n 's/^#define[ \t]*IMGUI_VERSION[ \t]*"\([^"]*\)".*/\1/p' /usr/include/imgui/imgui.h)
[ -n "$installed" ] || { echo "no /usr/include/imgui/imgui.h here"; exit 77; }

mkdir -p "$work/project"
cat >"$work/project/CMakeLists.txt" <<PROJECT
cmake_minimum_required(VERSION 3.25)
project(probe CXX)
list(APPEND CMAKE_MODULE_PATH "$source/cmake")
find_package(PkgConfig REQUIRED)
find_package(OpenGL REQUIRED)
pkg_check_modules(IMGUI REQUIRED IMPORTED_TARGET imgui)
pkg_check_modules(GLFW REQUIRED IMPORTED_TARGET glfw3)
find_package(ImGuiBackends REQUIRED)
message(STATUS "backends of ImGui \${ImGuiBackends_VERSION} from \${ImGuiBackends_SOURCE_DIR}")
PROJECT
checkout() {  # a checkout of ImGui VERSION: imgui.h and backends/
  mkdir -p "$work/$1/backends"
  printf '#define IMGUI_VERSION               "%s"\n' "$1" >"$work/$1/imgui.h"
  : >"$work/$1/backends/imgui_impl_glfw.cpp"; : >"$work/$1/backends/imgui_impl_opengl3.cpp"
}
configure() { rm -rf "$work/build"; "$cmake" -S "$work/project" -B "$work/build" "$@" >"$work/out.txt" 2>&1; }

configure || { cat "$work/out.txt"; echo "FAILED: the system's backends were refused"; exit 1; }
grep -q "backends of ImGui $installed from" "$work/out.txt" || { cat "$work/out.txt"; echo "FAILED: version"; exit 1; }
echo "1. the system's backends: ImGui $installed, accepted"

checkout 1.79
if configure -DImGuiBackends_SOURCE_DIR="$work/1.79/backends"; then
  cat "$work/out.txt"; echo "FAILED: backends of ImGui 1.79 were accepted for ImGui $installed"; exit 1
fi
said=$(tr -s ' \n' ' ' <"$work/out.txt")  # CMake wraps its messages
case $said in *"belong to ImGui 1.79"*"is ImGui $installed"*) ;;
  *) cat "$work/out.txt"; echo "FAILED: the refusal does not name both versions"; exit 1 ;;
esac
echo "2. backends of ImGui 1.79: refused: ${said#*CMake Error at }" | head -c 400; echo

checkout "$installed"
configure -DImGuiBackends_SOURCE_DIR="$work/$installed/backends" \
  || { cat "$work/out.txt"; echo "FAILED: a checkout of ImGui $installed was refused"; exit 1; }
echo "3. a checkout of ImGui $installed: accepted"
