#!/usr/bin/env bash
# Runs clang-tidy (checks in .clang-tidy, every warning an error) on every src/**/*.cpp compiled in
# BUILD_DIR (default build/, made by scripts/build.sh), two files at a time. Fails on any finding.
#   scripts/check-tidy.sh [BUILD_DIR]
# Environment: TIDY_JOBS (default: nproc).
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

case "${1:-}" in
  -h | --help)
    sed -n '2,5s/^# \{0,1\}//p' "$0"
    exit 0
    ;;
esac
build_dir=${1:-build}
db=$build_dir/compile_commands.json
command -v clang-tidy >/dev/null || die "clang-tidy not found: run scripts/install-deps.sh"
[[ -f $db ]] || die "$db not found: run scripts/build.sh first"

# The files to check are those under src/ that the build compiles (the database knows their flags).
# A unity build (cmake/Layers.cmake) lists batches, not files: each file of a batch is checked on
# its own with its batch's flags, from a database written for clang-tidy in a temporary folder
# (scripts/per-file-compile-db.py).
tidy_db=$(mktemp -d "${TMPDIR:-/tmp}/microblog-tidy.XXXXXX")
trap 'rm -rf "$tidy_db"' EXIT
mapfile -t files < <(/usr/bin/python3 "$REPO_ROOT/scripts/per-file-compile-db.py" \
  "$db" "$tidy_db/compile_commands.json" --only-under "$REPO_ROOT/src")
# The database is written last: without it the list above is not to be trusted.
[[ -f $tidy_db/compile_commands.json ]] || die "could not read the files to check from $db"
if ((${#files[@]} == 0)); then
  msg "no src/ files in $db: nothing to check"
  exit 0
fi

jobs=${TIDY_JOBS:-$(nproc)}
msg "clang-tidy on ${#files[@]} files, $jobs at a time"
# Each file's output is collected and printed at once, so parallel runs do not interleave. The
# database holds GCC's flags: clang's opinion of them (unknown warning options, -Werror on compiler
# warnings) is silenced so that only the .clang-tidy checks decide.
# shellcheck disable=SC2016 # expanded by the bash that xargs starts
tidy_one='
  out=$(clang-tidy -p "$0" --quiet --extra-arg=-Wno-unknown-warning-option --extra-arg=-Wno-error "$1" 2>&1)
  rc=$?
  printf "%s\n" "$out" | grep -Ev "^[0-9]+ warnings? (and [0-9]+ errors? )?generated\.$" | grep -v "^$" || true
  exit $((rc != 0))'
status=0
printf '%s\0' "${files[@]}" | xargs -0 -n 1 -P "$jobs" bash -c "$tidy_one" "$tidy_db" || status=$?
if ((status != 0)); then
  die "clang-tidy found problems (see above)"
fi
msg "clang-tidy: no findings"
