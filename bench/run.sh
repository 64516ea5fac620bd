#!/usr/bin/env bash
# Benchmarks the real Microblog server with wrk against nginx serving the same bytes, on SQLite
# and MariaDB, with 1x and 10x data, with the post-list cache on and off (bench/README.md).
#   bench/run.sh [--size 1x|10x|both] [--backend sqlite|mysql|both] [--cache on|off|both]
#                [--duration 10s]
# Defaults: --size both --backend both --cache both --duration ${DURATION:-10s}. Builds nothing:
# run scripts/build.sh first. Data is generated once per size and cached in bench/.cache/ (SQLite
# file; MariaDB data directory, or the server in $MYSQL_URL when set). Prints a table and writes
# bench/results/latest.md. Environment: DURATION, MYSQL_URL, BENCH_USER (user1), BENCH_PROFILE
# (user2), BENCH_PASSWORD (bench-password), KEEP_TMP=1 keeps the logs.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/lib.sh
source "$BENCH_DIR/../scripts/lib.sh"
# shellcheck source=bench/lib/options.sh
source "$BENCH_DIR/lib/options.sh"
# shellcheck source=bench/lib/data.sh
source "$BENCH_DIR/lib/data.sh"
# shellcheck source=bench/lib/servers.sh
source "$BENCH_DIR/lib/servers.sh"
# shellcheck source=bench/lib/wrk.sh
source "$BENCH_DIR/lib/wrk.sh"
# shellcheck source=bench/lib/report.sh
source "$BENCH_DIR/lib/report.sh"
# shellcheck source=bench/lib/checks.sh
source "$BENCH_DIR/lib/checks.sh"

usage() { sed -n '2,10s/^# \{0,1\}//p' "$BENCH_DIR/run.sh"; }

while (($# > 0)); do
  case "$1" in
    --size | --backend | --cache | --duration)
      shared_option "$1" "${2:-}"
      shift 2
      ;;
    -h | --help)
      usage
      exit 0
      ;;
    *)
      usage >&2
      die "unknown argument: $1"
      ;;
  esac
done

BENCH_USER=${BENCH_USER:-user1}
BENCH_PROFILE=${BENCH_PROFILE:-user2}
BENCH_PASSWORD=${BENCH_PASSWORD:-bench-password}
CONNECTIONS=64
THREADS=2
FOLLOWS=50
ROUTES=(/index '/explore?page=1' '/explore?page=200' "/user/$BENCH_PROFILE")

[[ -x $SERVER ]] || die "$SERVER not found: run scripts/build.sh first"
[[ -x $SEED ]] || die "$SEED not found: run scripts/build.sh first (with MICROBLOG_BUILD_BENCH=ON)"
need=(wrk curl nginx awk)
for b in "${backends[@]}"; do
  case $b in
    sqlite) need+=(sqlite3) ;;
    mysql) need+=(mariadb) ;;
  esac
done
for tool in "${need[@]}"; do
  command -v "$tool" >/dev/null || die "$tool not found (apt-get install wrk nginx sqlite3 mariadb-client)"
done

mkdir -p "$CACHE" "$RESULTS"
TMP=$(mktemp -d /tmp/microblog-bench.XXXXXX)
RESULTS_TSV=$TMP/results.tsv
: >"$RESULTS_TSV"
declare -a seed_notes=()

cleanup() {
  stop_server
  stop_nginx
  if [[ -n $mariadb_started ]]; then
    scripts/stop-mariadb.sh "$mariadb_started" >/dev/null 2>&1 || true
  fi
  if [[ ${KEEP_TMP:-0} == 1 ]]; then
    msg "logs kept in $TMP"
  else
    rm -rf "$TMP"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# One server start with the post-list cache CACHE (on or off): the GET routes, then posting
# when asked to. Every failure is a result line, so the run goes on with the next server.
bench_server() { # BACKEND SIZE CACHE DATABASE_URL [post]
  local label=$1-$2-cache_$3 route
  if ! start_server "$label" "$4" "$3"; then
    record_failure "$1" "$2" "$3" "(all)" "FAILED: server did not start"
    return 0
  fi
  if ! login "$label"; then
    record_failure "$1" "$2" "$3" "(all)" "FAILED: login as $BENCH_USER"
    stop_server
    return 0
  fi
  msg "$1 $2 cache $3: server pid $server_pid on $BASE, RSS $(rss_mb "$server_pid") MB idle; warming up"
  warm_up
  for route in "${ROUTES[@]}"; do
    bench_get "$1" "$2" "$3" "$route"
  done
  [[ ${5:-} == post ]] && bench_post "$1" "$2" "$3" "$4"
  stop_server
}

# With both, the uncached server goes first: posting, on the cached one, adds rows, and both
# must read the same data.
bench_backend() { # BACKEND SIZE
  local url
  DB_URL=""
  if ! "prepare_$1" "$2" || [[ -z $DB_URL ]]; then
    record_failure "$1" "$2" - "(all)" "FAILED: preparing the data"
    return 0
  fi
  url=$DB_URL
  case $cache in
    on | off) bench_server "$1" "$2" "$cache" "$url" post ;;
    both)
      bench_server "$1" "$2" off "$url"
      bench_server "$1" "$2" on "$url" post
      ;;
  esac
}

started=$(date -u '+%Y-%m-%d %H:%M:%S UTC')
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
mkdir -p "$TMP/www"
for size in "${sizes[@]}"; do
  for backend in "${backends[@]}"; do
    bench_backend "$backend" "$size"
  done
done
bench_nginx

write_report "$TMP/report.md"
cp "$TMP/report.md" "$RESULTS/latest.md"
echo
cat "$TMP/report.md"
echo
msg "written to ${RESULTS#"$REPO_ROOT"/}/latest.md"
