#!/usr/bin/env bash
# Configures and builds Microblog with CMake + Ninja + ccache.
#   scripts/build.sh               -> build/       (RelWithDebInfo)
#   scripts/build.sh --sanitize    -> build-asan/  (Debug, -DMICROBLOG_SANITIZE=ON: ASan + UBSan)
#   scripts/build.sh --target microblog   only that target and what it needs (run.sh does this)
# Extra -D... arguments are passed to CMake's configure step, e.g. scripts/build.sh -DMICROBLOG_BUILD_TESTS=OFF
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

build_dir=build
cmake_args=(-DCMAKE_BUILD_TYPE=RelWithDebInfo)
extra_args=()
build_args=()
while (($# > 0)); do
  arg=$1
  shift
  case "$arg" in
    --sanitize)
      build_dir=build-asan
      cmake_args=(-DCMAKE_BUILD_TYPE=Debug -DMICROBLOG_SANITIZE=ON)
      ;;
    --target)
      (($# > 0)) || die "--target needs a target name"
      build_args+=(--target "$1")
      shift
      ;;
    -D*) extra_args+=("$arg") ;;
    -h | --help)
      sed -n '2,6s/^# \{0,1\}//p' "$0"
      exit 0
      ;;
    *) die "unknown argument: $arg (usage: $0 [--sanitize] [--target NAME ...] [-DVAR=VALUE ...])" ;;
  esac
done

for tool in cmake ninja; do
  command -v "$tool" >/dev/null || die "$tool not found: run scripts/install-deps.sh"
done
if command -v ccache >/dev/null; then
  # The tests' precompiled header (tests/CMakeLists.txt) is cached only with this sloppiness: its
  # .gch is always newer than the compile that starts right after it.
  launcher="env;CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime;ccache"
  cmake_args+=("-DCMAKE_CXX_COMPILER_LAUNCHER=$launcher" "-DCMAKE_C_COMPILER_LAUNCHER=$launcher")
else
  msg "warning: ccache not found, building without it (scripts/install-deps.sh installs it)"
fi

# A build folder configured with another generator cannot be switched to Ninja in place.
if [[ -f $build_dir/CMakeCache.txt ]] && ! grep -qx 'CMAKE_GENERATOR:INTERNAL=Ninja' "$build_dir/CMakeCache.txt"; then
  die "$build_dir/ was configured with another generator than Ninja: remove it (rm -rf $build_dir) and run again"
fi

jobs=$(nproc)
msg "configuring $build_dir/ (${cmake_args[*]} ${extra_args[*]})"
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_EXPORT_COMPILE_COMMANDS=ON "${cmake_args[@]}" "${extra_args[@]}"
msg "building $build_dir/ ${build_args[*]:-(all targets)} with $jobs jobs"
cmake --build "$build_dir" -j "$jobs" "${build_args[@]}"

# For editors and clangd: CMake's database lists the unity batches (cmake/Layers.cmake), in which
# an editor finds no flags for the file it opens, so they get a copy with one entry per file.
# clangd reads only a file named compile_commands.json, hence a folder of its own.
/usr/bin/python3 scripts/per-file-compile-db.py "$build_dir/compile_commands.json" \
  "$build_dir/editor/compile_commands.json" ||
  die "could not write $build_dir/editor/compile_commands.json"
# compile_commands.json at the root, where clangd looks first, points at the normal build's
# (git-ignored); a file put there by hand is left alone.
if [[ $build_dir == build && (! -e compile_commands.json || -L compile_commands.json) ]]; then
  ln -sfn build/editor/compile_commands.json compile_commands.json
fi
msg "done: $build_dir/"
