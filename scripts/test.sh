#!/usr/bin/env bash
# Runs every check Microblog has, failing at the first failure; this is what CI runs (.ci/run).
#   scripts/test.sh [--no-deps] [--quick] [--no-image]
#     --no-deps   skip scripts/install-deps.sh
#     --quick     skip clang-tidy and the sanitizer build
#     --no-image  skip the container image (where podman can't run: inside a container, as the
#                 GitHub and Jenkins test jobs are; their own image jobs build it)
# Steps: deps, format, ops definitions (scripts/check-ops.sh), build, translations
# (scripts/check-translations.sh: every text translated), MariaDB, tests, browser tests
# (scripts/test-e2e.sh: Chromium, screenshots in build/e2e-screenshots), container
# image (scripts/check-image.sh: podman, from build/; makes the base image once, 1.5-5 min),
# clang-tidy, sanitizer build + tests. A summary of the steps' durations is printed at the end.
# The MariaDB tests use MICROBLOG_TEST_MYSQL_URL; when it is not set, a private MariaDB server is
# started in a temporary folder (scripts/start-mariadb.sh) and stopped at exit.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

install_deps=1
quick=0
image=1
for arg in "$@"; do
  case "$arg" in
    --no-deps) install_deps=0 ;;
    --quick) quick=1 ;;
    --no-image) image=0 ;;
    -h | --help)
      sed -n '2,13s/^# \{0,1\}//p' "$0"
      exit 0
      ;;
    *) die "unknown argument: $arg (usage: $0 [--no-deps] [--quick] [--no-image])" ;;
  esac
done

now_ms() { echo $((${EPOCHREALTIME//[!0-9]/} / 1000)); } # EPOCHREALTIME: seconds.microseconds
summary=()
current_step=""
step_start=0
mariadb_dir=""
suite_start=$(now_ms)

record() { # NAME RESULT MILLISECONDS
  summary+=("$(printf '  %-34s %-8s %5d.%d s' "$1" "$2" $(($3 / 1000)) $(($3 % 1000 / 100)))")
}

# Runs one step: `step NAME COMMAND...`. A failing command ends the script (set -e) and the EXIT
# trap records the step as FAILED.
step() {
  current_step=$1
  shift
  printf '\n==> %s\n' "$current_step" >&2
  step_start=$(now_ms)
  "$@"
  record "$current_step" ok $(($(now_ms) - step_start))
  current_step=""
}
skip() { # NAME REASON
  printf '\n==> %s: skipped (%s)\n' "$1" "$2" >&2
  summary+=("$(printf '  %-34s skipped  (%s)' "$1" "$2")")
}

on_exit() {
  local rc=$?
  set +e
  if [[ -n $current_step ]]; then
    record "$current_step" FAILED $(($(now_ms) - step_start))
  fi
  if [[ -n $mariadb_dir ]]; then
    scripts/stop-mariadb.sh "$mariadb_dir" || msg "warning: could not stop the MariaDB server in $mariadb_dir"
    rm -rf "$mariadb_dir"
  fi
  printf '\n==> summary\n' >&2
  printf '%s\n' "${summary[@]}" >&2
  local total=$(($(now_ms) - suite_start))
  if ((rc == 0)); then
    msg "all steps passed in $((total / 1000)) s"
  else
    msg "FAILED (exit status $rc) after $((total / 1000)) s"
  fi
  exit "$rc"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

start_mariadb() {
  mariadb_dir=$(mktemp -d "${TMPDIR:-/tmp}/microblog-mariadb.XXXXXX")
  MICROBLOG_TEST_MYSQL_URL=$(scripts/start-mariadb.sh "$mariadb_dir")
  export MICROBLOG_TEST_MYSQL_URL
  msg "MICROBLOG_TEST_MYSQL_URL=$MICROBLOG_TEST_MYSQL_URL"
}

run_ctest() { # BUILD_DIR
  ctest --test-dir "$1" --output-on-failure --no-tests=error -j2
}

run_sanitized_ctest() {
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    run_ctest build-asan
}

if ((install_deps)); then
  step "install dependencies" scripts/install-deps.sh
else
  skip "install dependencies" "--no-deps"
fi
step "check formatting" scripts/check-format.sh
step "check AWS templates, CI definitions, scripts" scripts/check-ops.sh
step "build (build/)" scripts/build.sh
step "check translations" scripts/check-translations.sh
if [[ -n ${MICROBLOG_TEST_MYSQL_URL:-} ]]; then
  skip "start MariaDB" "MICROBLOG_TEST_MYSQL_URL is set"
else
  step "start MariaDB" start_mariadb
fi
step "tests (build/)" run_ctest build
step "browser tests (tests/e2e)" scripts/test-e2e.sh
if ((image)); then
  step "container image" scripts/check-image.sh
else
  skip "container image" "--no-image"
fi
if ((quick)); then
  skip "clang-tidy" "--quick"
  skip "sanitizer build (build-asan/)" "--quick"
  skip "sanitizer tests (build-asan/)" "--quick"
else
  step "clang-tidy" scripts/check-tidy.sh build
  step "sanitizer build (build-asan/)" scripts/build.sh --sanitize
  step "sanitizer tests (build-asan/)" run_sanitized_ctest
fi
