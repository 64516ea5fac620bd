#!/usr/bin/env bash
# Blue/green deploys under load (issue #11's "Done when"): starts HAProxy with deploy/bluegreen.sh,
# deploys version 1 (the build's binary, SQLite in a temporary folder), then runs wrk at 64
# connections through HAProxy while two blue/green deploys happen and then a deploy of a version
# that never becomes ready (the same binary on a database without its migrations, so the real
# server refuses to start). Asserts: 0 socket errors, 0 non-2xx answers, enough requests, both
# colors served, each old instance exited, the failed deploy exited non-zero naming the reason,
# and the previous version still serves (status + a request through HAProxy).
#   bluegreen_test.sh MICROBLOG_BINARY SOURCE_DIR
# Synchronises on events only (readiness, HAProxy's counters, process exits), each with a deadline.
set -euo pipefail
binary=$1
source_dir=$2
# shellcheck source=scripts/lib.sh
source "$source_dir/scripts/lib.sh"
# shellcheck source=tests/ops/lib.sh
source "$source_dir/tests/ops/lib.sh"
need "$binary" haproxy socat wrk curl

bluegreen=$source_dir/deploy/bluegreen.sh
work=$(mktemp -d "${TMPDIR:-/tmp}/microblog-bluegreen-test.XXXXXX")
state=$work/state
wrk_pid=""
cleanup() {
  local rc=$?
  set +e
  if [[ -n $wrk_pid ]] && kill -0 "$wrk_pid" 2>/dev/null; then
    kill -KILL "$wrk_pid" 2>/dev/null
    wait "$wrk_pid" 2>/dev/null
  fi
  "$bluegreen" --state "$state" down 2>/dev/null
  # Whatever `down` could not stop (a broken state folder): every pid the run recorded.
  local f
  for f in "$state"/blue.pid "$state"/green.pid "$state"/haproxy.pid; do
    [[ -f $f ]] && kill -KILL "$(cat "$f")" 2>/dev/null
  done
  if ((rc != 0)); then
    echo "--- HAProxy log" >&2
    tail -n 20 "$state/haproxy.log" >&2
  fi
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

stat_field() { # SERVER FIELD (show stat CSV: 8 = stot, total sessions)
  printf 'show stat\n' | socat -t 5 stdio "UNIX-CONNECT:$state/admin.sock" |
    awk -F, -v s="$1" -v f="$2" '$1 == "be" && $2 == s { print $f }'
}
served_more_than() { (($(stat_field "$1" 8) > $2)); }

pick_bluegreen_ports

# Versions 1 to 3 share the database; the broken one points at a database nobody migrated.
secret="bluegreen-test-secret-key-0123456789"
mkdir -p "$work/broken"
printf '%s\n' "DATABASE_URL=sqlite:///$work/microblog.db" "SECRET_KEY=$secret" LOG_LEVEL=warn \
  SHUTDOWN_GRACE_SECONDS=10 >"$work/good.env"
printf '%s\n' "DATABASE_URL=sqlite:///$work/broken/microblog.db" "SECRET_KEY=$secret" \
  LOG_LEVEL=warn >"$work/broken.env"
deploy() { # ENV_FILE [ARG...]
  timeout 60 "$bluegreen" --state "$state" deploy --exec "$binary" --env-file "$@" \
    --ready-timeout 20 --drain-timeout 20 --stop-timeout 20
}
pid_of() { cat "$state/$1.pid"; }
live() { cat "$state/live"; }

timeout 20 "$bluegreen" --state "$state" up --port "$port" --blue-port "$blue_port" \
  --green-port "$green_port"
deploy "$work/good.env" || fail "the first deploy failed"
[[ $(live) == blue ]] || fail "version 1 is not on blue"
v1_pid=$(pid_of blue)

start=$SECONDS
timeout 120 wrk -t2 -c64 -d100s --timeout 5s --latency -s "$source_dir/tests/ops/count.lua" \
  "http://127.0.0.1:$port" >"$work/wrk.out" 2>"$work/wrk.err" &
wrk_pid=$!
wait_for 15 "traffic through HAProxy to blue" served_more_than blue 500

# Version 2: blue -> green.
deploy "$work/good.env" || fail "the deploy of version 2 failed"
[[ $(live) == green ]] || fail "version 2 is not on green"
! kill -0 "$v1_pid" 2>/dev/null || fail "version 1 (pid $v1_pid) still runs after the deploy"
wait_for 15 "traffic to green" served_more_than green 500
v2_pid=$(pid_of green)

# Version 3: green -> blue.
blue_before=$(stat_field blue 8)
deploy "$work/good.env" || fail "the deploy of version 3 failed"
[[ $(live) == blue ]] || fail "version 3 is not on blue"
! kill -0 "$v2_pid" 2>/dev/null || fail "version 2 (pid $v2_pid) still runs after the deploy"
wait_for 15 "traffic to blue again" served_more_than blue $((blue_before + 500))
v3_pid=$(pid_of blue)

# A version that never becomes ready: the deploy must fail, and traffic must never move.
green_before=$(stat_field green 8)
set +e
deploy "$work/broken.env" --no-migrate >"$work/broken-deploy.out" 2>&1
broken_rc=$?
set -e
cat "$work/broken-deploy.out" >&2
((broken_rc != 0)) || fail "the deploy of a version that never becomes ready succeeded"
((broken_rc != 124)) || fail "the failed deploy hit the test's time limit instead of failing by itself"
grep -q 'deploy failed: green exited before it became ready' "$work/broken-deploy.out" ||
  fail "the failed deploy does not name the reason"
grep -q 'schema is at version 0' "$work/broken-deploy.out" ||
  fail "the failed deploy does not show the end of the new instance's log"
[[ $(live) == blue ]] || fail "the failed deploy changed the live color"
[[ $(stat_field green 8) == "$green_before" ]] || fail "the never-ready green received traffic"
[[ ! -f $state/green.pid ]] || fail "the never-ready green was not cleaned up"
kill -0 "$v3_pid" 2>/dev/null || fail "version 3 stopped running after the failed deploy"
blue_before=$(stat_field blue 8)
wait_for 15 "traffic to blue after the failed deploy" served_more_than blue $((blue_before + 500))

# wrk stops at SIGINT and prints its results (done() included).
kill -INT "$wrk_pid"
wrk_gone() { ! kill -0 "$wrk_pid" 2>/dev/null; }
wait_for 15 "end of wrk" wrk_gone
wrk_rc=0
wait "$wrk_pid" || wrk_rc=$?
wrk_pid=""
cat "$work/wrk.out"
((wrk_rc == 0)) || fail "wrk exited with $wrk_rc: $(cat "$work/wrk.err")"
result=$(grep '^bluegreen-result ' "$work/wrk.out") || fail "wrk printed no result line"
value() { sed -n "s/.* $1=\([0-9]*\).*/\1/p" <<<"$result"; }
echo "under load for $((SECONDS - start)) s: $result"
(($(value requests) >= 5000)) || fail "only $(value requests) requests (expected at least 5000)"
for counter in non2xx connect read write timeout status; do
  (($(value "$counter") == 0)) || fail "$counter = $(value "$counter"), expected 0; wrk: $(cat "$work/wrk.err")"
done

status=$("$bluegreen" --state "$state" status) || fail "status exits non-zero: $status"
echo "$status"
grep -qx 'live: blue' <<<"$status" || fail "status does not show blue live"
code=$(curl -sS -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$port/auth/login")
[[ $code == 200 ]] || fail "GET /auth/login through HAProxy answered $code after the failed deploy"
echo "PASS"
