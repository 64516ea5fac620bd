#!/usr/bin/env bash
# Prometheus against the real server (issue #16): promtool accepts deploy/monitoring's config and
# rules (and the rules' own tests pass); then the build's server runs on SQLite with METRICS_TOKEN,
# answers a known number of requests, and a Prometheus of the test (Debian's package, a free port,
# a temporary storage folder, deploy/monitoring/prometheus.yml with a 1 s interval and the test's
# target) scrapes it with the bearer token. Asserts through Prometheus' HTTP API: the scrape is up,
# microblog_http_requests_total per route equals the requests made, a scrape with a wrong token
# is refused, the deploy marker's value is the instance's DEPLOY_TIMESTAMP, every rule evaluates
# without error, and every query of the Grafana dashboard is valid PromQL.
#   prometheus_test.sh MICROBLOG_BINARY SOURCE_DIR
# Synchronises on events only (readiness, scrapes, rule evaluations), each with a deadline.
set -euo pipefail
binary=$1
source_dir=$2
# shellcheck source=scripts/lib.sh
source "$source_dir/scripts/lib.sh"
# shellcheck source=tests/ops/lib.sh
source "$source_dir/tests/ops/lib.sh"
need "$binary" prometheus promtool curl
monitoring=$source_dir/deploy/monitoring

work=$(mktemp -d "${TMPDIR:-/tmp}/microblog-prometheus-test.XXXXXX")
server_pid=""
prometheus_pid=""
cleanup() {
  local rc=$?
  set +e
  local pid
  for pid in "$prometheus_pid" "$server_pid"; do
    [[ -n $pid ]] || continue
    kill -TERM "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
  done
  if ((rc != 0)); then
    echo "--- server log" >&2
    tail -n 20 "$work/server.log" >&2
    echo "--- prometheus log" >&2
    tail -n 20 "$work/prometheus.log" >&2
  fi
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM


# ---- the files as they are in the repository -----------------------------------------------
promtool check config --syntax-only "$monitoring/prometheus.yml" || fail "promtool rejects prometheus.yml"
promtool check rules "$monitoring"/rules/*.yml || fail "promtool rejects the rules"
promtool test rules "$monitoring"/rules/tests/*.yml || fail "the rules' unit tests fail"

# ---- the server, with a known number of requests ---------------------------------------------
token="prometheus-test-metrics-token-0123456789"
deployed_at=$(($(date +%s) - 120))
app_port=$(free_port)
app_env=(PATH="$PATH" DATABASE_URL="sqlite:///$work/microblog.db"
  SECRET_KEY="prometheus-test-secret-key-0123456789" METRICS_TOKEN="$token" LOG_LEVEL=warn
  DEPLOY_TIMESTAMP="$deployed_at" DEPLOY_COLOR=blue)
env -i "${app_env[@]}" "$binary" db upgrade >"$work/migrate.log" 2>&1 || fail "db upgrade failed"
env -i "${app_env[@]}" "$binary" serve --listen "127.0.0.1:$app_port" >"$work/server.log" 2>&1 &
server_pid=$!
app_ready() { curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$app_port/readyz" 2>/dev/null; }
wait_for 30 "answer from the server's /readyz" app_ready

get() { # PATH EXPECTED_STATUS
  local code
  code=$(curl -sS -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$app_port$1")
  [[ $code == "$2" ]] || fail "GET $1 answered $code, expected $2"
}
for ((i = 0; i < 7; i++)); do get /healthz 200; done
for ((i = 0; i < 4; i++)); do get /auth/login 200; done
for ((i = 0; i < 3; i++)); do get /no/such/page 404; done

# ---- Prometheus, as deploy/monitoring configures it, on this server --------------------------
mkdir -p "$work/prometheus"
cp -r "$monitoring/rules" "$work/prometheus/rules"
printf '%s' "$token" >"$work/prometheus/metrics-token"
printf '%s' "not-the-metrics-token-at-all" >"$work/prometheus/wrong-token"
/usr/bin/python3 - "$monitoring/prometheus.yml" "$work/prometheus/prometheus.yml" "127.0.0.1:$app_port" <<'PYTHON'
import copy, sys, yaml

source, target, address = sys.argv[1:]
config = yaml.safe_load(open(source))
config["global"]["scrape_interval"] = "1s"
config["global"]["evaluation_interval"] = "1s"
[job] = [j for j in config["scrape_configs"] if j["job_name"] == "microblog"]
job["static_configs"] = [{"targets": [address]}]
# The same scrape with a token the server must refuse.
wrong = copy.deepcopy(job)
wrong["job_name"] = "wrong-token"
wrong["authorization"]["credentials_file"] = "wrong-token"
config["scrape_configs"].append(wrong)
yaml.safe_dump(config, open(target, "w"))
PYTHON
promtool check config "$work/prometheus/prometheus.yml" ||
  fail "promtool rejects prometheus.yml with its token file and rules in place"

prom_port=$(free_port)
while [[ $prom_port == "$app_port" ]]; do prom_port=$(free_port); done
prometheus --config.file="$work/prometheus/prometheus.yml" --storage.tsdb.path="$work/data" \
  --web.listen-address="127.0.0.1:$prom_port" >"$work/prometheus.log" 2>&1 &
prometheus_pid=$!
prom=http://127.0.0.1:$prom_port
prom_ready() { curl -fsS -o /dev/null --max-time 2 "$prom/-/ready" 2>/dev/null; }
wait_for 30 "answer from Prometheus' /-/ready" prom_ready

# Prints the value of the one series QUERY gives (empty when none; fails on several, or when
# Prometheus rejects the query).
query() { # QUERY
  curl -fsS --max-time 5 --data-urlencode "query=$1" "$prom/api/v1/query" |
    /usr/bin/python3 -c '
import json, sys
answer = json.load(sys.stdin)
if answer["status"] != "success":
    sys.exit("query failed: " + json.dumps(answer))
result = answer["data"]["result"]
if len(result) > 1:
    sys.exit("more than one series: " + json.dumps(result))
print(result[0]["value"][1] if result else "")'
}
# True when Prometheus evaluates QUERY (whatever it finds).
valid_query() { # QUERY
  curl -fsS --max-time 5 --data-urlencode "query=$1" "$prom/api/v1/query" |
    /usr/bin/python3 -c 'import json, sys; sys.exit(json.load(sys.stdin)["status"] != "success")'
}
is_value() { # QUERY VALUE
  [[ $(query "$1") == "$2" ]]
}

wait_for 30 "successful scrape of the server" is_value 'up{job="microblog"}' 1
wait_for 30 "scrape with the wrong token" is_value 'scrape_samples_scraped{job="wrong-token"}' 0
[[ $(query 'up{job="wrong-token"}') == 0 ]] || fail "a scrape with the wrong token was not refused"

expect() { # QUERY VALUE
  local got
  got=$(query "$1")
  [[ $got == "$2" ]] || fail "$1 is '$got', expected $2"
  echo "ok: $1 = $2"
}
expect 'microblog_http_requests_total{route="/healthz",method="GET",status="200"}' 7
expect 'microblog_http_requests_total{route="/auth/login",method="GET",status="200"}' 4
expect 'microblog_http_requests_total{route="none",method="GET",status="404"}' 3
expect 'sum(microblog_http_requests_total{job="microblog",route!~"/metrics|/readyz"})' 14
expect 'microblog_http_request_duration_seconds_count{route="/healthz",method="GET"}' 7
version=$("$binary" --version | sed -n 's/^microblog \([^ ]*\) (commit \(.*\))$/\1 \2/p')
[[ -n $version ]] || fail "microblog --version does not say 'microblog VERSION (commit COMMIT)'"
read -r build_version build_commit <<<"$version"
expect "microblog_deploy_timestamp_seconds{version=\"$build_version\",commit=\"$build_commit\",color=\"blue\"}" "$deployed_at"

# Every rule evaluated on this server's series without an error.
rules_healthy() {
  curl -fsS --max-time 5 "$prom/api/v1/rules" | /usr/bin/python3 -c '
import json, sys
rules = [r for g in json.load(sys.stdin)["data"]["groups"] for r in g["rules"]]
bad = [(r["name"], r.get("health"), r.get("lastError")) for r in rules if r.get("health") != "ok"]
if len(rules) < 11 or bad:
    sys.exit(f"{len(rules)} rules; not ok: {bad}")'
}
wait_for 30 "evaluation of every rule without error" rules_healthy
echo "ok: every rule evaluates"

# Every query of the dashboard is PromQL that Prometheus accepts, with Grafana's variables as
# Grafana would fill them in; the deploy annotation finds the marker, in milliseconds.
/usr/bin/python3 - "$monitoring/grafana/microblog.json" >"$work/queries" <<'PYTHON'
import json, sys

dashboard = json.load(open(sys.argv[1]))
queries = [t["expr"] for p in dashboard["panels"] for t in p.get("targets", [])]
queries += [a["expr"] for a in dashboard["annotations"]["list"] if a.get("expr")]
for q in queries:
    print(q.replace("$__rate_interval", "1m").replace("$job", ".*"))
PYTHON
checked=0
while IFS= read -r q; do
  valid_query "$q" || fail "Prometheus rejects the dashboard's query: $q"
  checked=$((checked + 1))
done <"$work/queries"
((checked >= 25)) || fail "only $checked queries found in the dashboard"
echo "ok: the dashboard's $checked queries are valid"
annotation=$(tail -n 1 "$work/queries")
[[ $annotation == *microblog_deploy_timestamp_seconds* ]] || fail "the dashboard has no deploy annotation"
expect "$annotation" "$((deployed_at * 1000))"
echo "PASS"
