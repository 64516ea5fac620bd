#!/usr/bin/env bash
# Stops a MariaDB server started by scripts/start-mariadb.sh DIR. Leaves DIR in place (remove it
# yourself to drop the data). Succeeds when nothing is running.
# Usage: scripts/stop-mariadb.sh DIR
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[[ $# -eq 1 && $1 != -* ]] || {
  sed -n '2,4s/^# \{0,1\}//p' "$0" >&2
  exit 2
}
[[ -d $1 ]] || die "no such directory: $1"
dir=$(cd "$1" && pwd)
SHUTDOWN_TIMEOUT=${MARIADB_SHUTDOWN_TIMEOUT:-60} # seconds

pid=""
[[ -f $dir/pid ]] && pid=$(cat "$dir/pid")
if [[ -n $pid ]] && ! kill -0 "$pid" 2>/dev/null; then
  pid="" # a stale pid file
fi

running() { [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; }

# The orderly way: ask the server through its socket (it waits for the shutdown to complete).
if [[ -S $dir/sock ]] &&
  mariadb-admin --no-defaults --socket="$dir/sock" --user="$(id -un)" --connect-timeout=2 \
    --shutdown-timeout="$SHUTDOWN_TIMEOUT" shutdown 2>/dev/null; then
  msg "shut down the server in $dir"
elif running; then
  msg "no answer on $dir/sock; sending SIGTERM to pid $pid"
  kill -TERM "$pid" 2>/dev/null || true
else
  msg "no server running in $dir"
  exit 0
fi

deadline=$((SECONDS + SHUTDOWN_TIMEOUT))
while running; do
  if ((SECONDS >= deadline)); then
    msg "pid $pid still alive after ${SHUTDOWN_TIMEOUT}s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    break
  fi
  sleep 0.1
done
rm -f "$dir/pid"
msg "stopped"
