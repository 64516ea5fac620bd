#!/usr/bin/env bash
# Deploy markers (issue #16): deploy/bluegreen.sh deploys the build's binary twice (blue, then
# green) and once a version that never becomes ready, with DD_AGENT_HOST pointing at a UDP socket
# of the test. Asserts: each deploy sent one DogStatsD event (title, text, alert type, tags, and
# lengths that match the bytes), the failed one an error event; each new instance's /metrics shows
# microblog_deploy_timestamp_seconds{version,commit,color} with the deploy's time and color; the
# instances' own DogStatsD metrics reach the same socket with the env file's tags.
#   deploy_marker_test.sh MICROBLOG_BINARY SOURCE_DIR
# Synchronises on events only (datagrams, readiness, process exits), each with a deadline.
set -euo pipefail
binary=$1
source_dir=$2
# shellcheck source=scripts/lib.sh
source "$source_dir/scripts/lib.sh"
# shellcheck source=tests/ops/lib.sh
source "$source_dir/tests/ops/lib.sh"
need "$binary" haproxy socat curl

bluegreen=$source_dir/deploy/bluegreen.sh
work=$(mktemp -d "${TMPDIR:-/tmp}/microblog-deploy-marker-test.XXXXXX")
state=$work/state
agent_pid=""
cleanup() {
  local rc=$?
  set +e
  "$bluegreen" --state "$state" down 2>/dev/null
  local f
  for f in "$state"/blue.pid "$state"/green.pid "$state"/haproxy.pid; do
    [[ -f $f ]] && kill -KILL "$(cat "$f")" 2>/dev/null
  done
  if [[ -n $agent_pid ]]; then
    kill -TERM "$agent_pid" 2>/dev/null
    wait "$agent_pid" 2>/dev/null
  fi
  if ((rc != 0)); then
    echo "--- datagrams received" >&2
    tail -n 20 "$work/datagrams.jsonl" >&2
  fi
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM


# The stand-in agent: every line of every datagram, as a JSON string per line.
: >"$work/datagrams.jsonl"
/usr/bin/python3 -u -c '
import json, socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1], flush=True)
with open(sys.argv[1], "a") as out:
    while True:
        for line in s.recv(65535).decode("utf-8", "replace").split("\n"):
            out.write(json.dumps(line) + "\n")
            out.flush()
' "$work/datagrams.jsonl" >"$work/agent.port" &
agent_pid=$!
port_written() { [[ -s $work/agent.port ]]; }
wait_for 10 "port from the stand-in agent" port_written
agent_port=$(head -n 1 "$work/agent.port")

pick_bluegreen_ports

token="deploy-marker-test-metrics-token-01234"
common=("SECRET_KEY=deploy-marker-test-secret-key-0123456789" "METRICS_TOKEN=$token" LOG_LEVEL=warn
  DD_AGENT_HOST=127.0.0.1 "DD_DOGSTATSD_PORT=$agent_port" DD_ENV=ops-test DD_FLUSH_SECONDS=1)
mkdir -p "$work/broken"
printf '%s\n' "DATABASE_URL=sqlite:///$work/microblog.db" "${common[@]}" >"$work/good.env"
printf '%s\n' "DATABASE_URL=sqlite:///$work/broken/microblog.db" "${common[@]}" >"$work/broken.env"
deploy() { # ENV_FILE [ARG...]
  timeout 60 "$bluegreen" --state "$state" deploy --exec "$binary" --env-file "$@" \
    --ready-timeout 20 --drain-timeout 20 --stop-timeout 20
}
version=$("$binary" --version | sed -n 's/^microblog \([^ ]*\) (commit \(.*\))$/\1 \2/p')
[[ -n $version ]] || fail "microblog --version does not say 'microblog VERSION (commit COMMIT)'"
read -r build_version build_commit <<<"$version"

# Checks the NTH event (from 1) received: its lengths, title, alert type and tags; prints its
# date (d:). Fails when it is not there (yet).
event() { # NTH TYPE TITLE TEXT_START TAG...
  /usr/bin/python3 - "$work/datagrams.jsonl" "$@" <<'PYTHON'
import json, re, sys

path, nth, alert_type, title, text_start, *tags = sys.argv[1:]
lines = [json.loads(l) for l in open(path)]
events = [l for l in lines if l.startswith("_e{")]
if len(events) < int(nth):
    sys.exit(1)
e = events[int(nth) - 1]
m = re.fullmatch(r"_e\{(\d+),(\d+)\}:(.*)", e)
raw = m.group(3).encode()
title_len, text_len = int(m.group(1)), int(m.group(2))
got_title = raw[:title_len].decode()
assert raw[title_len:title_len + 1] == b"|", f"the title length {title_len} is wrong: {e}"
got_text = raw[title_len + 1:title_len + 1 + text_len].decode()
fields = raw[title_len + 1 + text_len:].decode().split("|")
assert fields[0] == "", f"the text length {text_len} is wrong: {e}"
meta = {("#" if f.startswith("#") else f[:2]): f[1:] if f.startswith("#") else f[2:] for f in fields[1:]}
assert got_title == title, f"title {got_title!r}, expected {title!r}"
assert got_text.startswith(text_start), f"text {got_text!r}, expected it to start {text_start!r}"
assert meta.get("t:") == alert_type, f"alert type {meta.get('t:')!r}, expected {alert_type}"
got_tags = meta.get("#", "").split(",")
for t in tags:
    assert t in got_tags, f"tag {t} missing from {got_tags}"
print(meta["d:"])
PYTHON
}
has_event() { event "$@" >/dev/null 2>&1; } # NTH TYPE TITLE TEXT_START
metrics_of() { # PORT
  curl -fsS --max-time 5 -H "Authorization: Bearer $token" "http://127.0.0.1:$1/metrics"
}
marker() { # PORT COLOR: the marker's value on that instance
  metrics_of "$1" | sed -n "s/^microblog_deploy_timestamp_seconds{version=\"$build_version\",commit=\"$build_commit\",color=\"$2\"} //p"
}
tags=(service:microblog env:ops-test "version:$build_version" "commit:$build_commit" source:bluegreen)

timeout 20 "$bluegreen" --state "$state" up --port "$port" --blue-port "$blue_port" \
  --green-port "$green_port"

before=$(date +%s)
deploy "$work/good.env" || fail "the first deploy failed"
after=$(date +%s)
title="microblog $build_version (commit $build_commit)"
wait_for 10 "deploy event for blue" has_event 1 success "Deployed $title to blue" ""
sent=$(event 1 success "Deployed $title to blue" "blue is live in " "${tags[@]}" color:blue) ||
  fail "the first deploy's event is not as expected"
((before <= sent && sent <= after + 1)) || fail "the event's date $sent is not the deploy's ($before..$after)"
blue_marker=$(marker "$blue_port" blue)
[[ -n $blue_marker ]] || fail "blue's /metrics has no deploy marker: $(metrics_of "$blue_port" | grep deploy)"
((before <= blue_marker && blue_marker <= after)) ||
  fail "blue's marker $blue_marker is not the deploy's time ($before..$after)"
echo "ok: deploy to blue: event and marker $blue_marker"

before=$(date +%s)
deploy "$work/good.env" || fail "the second deploy failed"
after=$(date +%s)
wait_for 10 "deploy event for green" has_event 2 success "Deployed $title to green" ""
event 2 success "Deployed $title to green" "green is live in " "${tags[@]}" color:green >/dev/null ||
  fail "the second deploy's event is not as expected"
green_marker=$(marker "$green_port" green)
[[ -n $green_marker ]] || fail "green's /metrics has no deploy marker"
((before <= green_marker && green_marker <= after)) ||
  fail "green's marker $green_marker is not the second deploy's time ($before..$after)"
echo "ok: deploy to green: event and marker $green_marker"

if deploy "$work/broken.env" --no-migrate >"$work/broken.out" 2>&1; then
  fail "the deploy of a version that never becomes ready succeeded"
fi
wait_for 10 "error event for the failed deploy" has_event 3 error "Failed to deploy $title to blue" ""
event 3 error "Failed to deploy $title to blue" "blue exited before it became ready" \
  "${tags[@]}" color:blue >/dev/null || fail "the failed deploy's event is not as expected"
echo "ok: failed deploy: error event"

# The instances' own metrics, pushed over DogStatsD with the env file's settings.
build_info_seen() {
  grep -q "^\"microblog_build_info:1|g|#version:$build_version,commit:$build_commit,env:ops-test,service:microblog\"$" \
    "$work/datagrams.jsonl"
}
wait_for 10 "microblog_build_info from an instance over DogStatsD" build_info_seen
echo "ok: the instances' metrics arrive over DogStatsD"
echo "PASS"
