# shellcheck shell=bash
# What the ops tests share, sourced after scripts/lib.sh: failing the test, checking its tools
# and binary, and waiting on a condition with a deadline instead of sleeping a fixed time.

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# Fails unless every TOOL is on PATH and BINARY is executable.
need() { # BINARY TOOL...
  local binary=$1 tool
  shift
  for tool in "$@"; do
    command -v "$tool" >/dev/null || fail "$tool not found: run scripts/install-deps.sh"
  done
  [[ -x $binary ]] || fail "not an executable: $binary"
}

# Polls COMMAND every 0.1 s until it succeeds, failing the test after SECONDS.
wait_for() { # SECONDS DESCRIPTION COMMAND...
  local limit=$1 deadline=$((SECONDS + $1)) what=$2
  shift 2
  until "$@"; do
    ((SECONDS < deadline)) || fail "no $what within $limit s"
    sleep 0.1
  done
}

# Sets port (HAProxy's), blue_port and green_port to three different free ports.
# shellcheck disable=SC2034 # read by the test that sources this file
pick_bluegreen_ports() {
  port=$(free_port)
  blue_port=$(free_port)
  green_port=$(free_port)
  while [[ $green_port == "$blue_port" || $green_port == "$port" || $blue_port == "$port" ]]; do
    blue_port=$(free_port)
    green_port=$(free_port)
  done
}
