#!/usr/bin/env bash
# Benchmarks full-text search (docs/search.md) through the real server: the first page of
# /search?q=<two words> over 1,000,000 posts, one connection at a time (latency, not throughput),
# on SQLite and MariaDB (bench/README.md, "Search").
#   bench/search.sh [--backend sqlite|mysql|both] [--duration 10s] [--posts N] [--reindex]
# Seeds once into bench/.cache/ (sqlite-search.db; MariaDB database bench_search) with
# `microblog_bench_seed --vocabulary 5000`, posts drawn from 5,000 made-up words with Zipf
# frequencies. Measures three queries: two mid-frequency words (ranks 20 and 100, the typical
# case), the two most frequent words (ranks 1 and 2, the worst case: most posts match) and two
# rare words (ranks 1000 and 2000). --reindex also times `microblog search reindex` (SQLite
# works on a copy). Writes bench/results/search-latest.md. Builds nothing: scripts/build.sh first.
# Environment: MYSQL_URL (a MariaDB server to use; else a private one is started), KEEP_TMP=1.
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

usage() { sed -n '2,13s/^# \{0,1\}//p' "$BENCH_DIR/search.sh"; }

posts=1000000
users=10000
vocabulary=5000
reindex=0
while (($# > 0)); do
  case "$1" in
    --backend | --duration)
      shared_option "$1" "${2:-}"
      shift 2
      ;;
    --posts)
      [[ ${2:-} =~ ^[0-9]+$ ]] || die "--posts takes a number"
      posts=$2
      shift 2
      ;;
    --reindex)
      reindex=1
      shift
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

BENCH_USER=user1
BENCH_PASSWORD=bench-password
# One connection: the time of one search, not how many a server answers at once.
CONNECTIONS=1
THREADS=1

[[ -x $SERVER ]] || die "$SERVER not found: run scripts/build.sh first"
[[ -x $SEED ]] || die "$SEED not found: run scripts/build.sh first (with MICROBLOG_BUILD_BENCH=ON)"
for tool in wrk curl awk; do
  command -v "$tool" >/dev/null || die "$tool not found (apt-get install wrk curl)"
done

mkdir -p "$CACHE" "$RESULTS"
TMP=$(mktemp -d /tmp/microblog-search-bench.XXXXXX)
RESULTS_TSV=$TMP/results.tsv
: >"$RESULTS_TSV"
notes=()
cleanup() {
  stop_server
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

mapfile -t words < <("$SEED" --vocabulary "$vocabulary" --print-words)
((${#words[@]} == vocabulary)) || die "the seed tool printed ${#words[@]} words, not $vocabulary"
word() { echo "${words[$(($1 - 1))]}"; }
QUERIES=("typical: ranks 20 + 100|$(word 20) $(word 100)"
  "worst: ranks 1 + 2|$(word 1) $(word 2)"
  "rare: ranks 1000 + 2000|$(word 1000) $(word 2000)")

seed_search() { # DATABASE_URL LOG BACKEND
  local start=$SECONDS
  msg "seeding $users users and $posts posts (vocabulary $vocabulary) on $3; log $2"
  if ! "$SEED" --database-url "$1" --users "$users" --posts "$posts" --follows 10 \
    --vocabulary "$vocabulary" --password "$BENCH_PASSWORD" >"$2" 2>&1; then
    tail -n 5 "$2" >&2
    return 1
  fi
  grep -E '^(posts|seeded)' "$2" >&2 || true
  notes+=("seeded $posts posts on $3 in $((SECONDS - start)) s")
}

# DB_URL := the search data set on BACKEND, seeded when missing.
prepare() { # BACKEND
  case $1 in
    sqlite)
      local cached=$CACHE/sqlite-search-$posts.db
      if [[ ! -f $cached ]]; then
        rm -f "$cached.partial"*
        seed_search "sqlite:///$cached.partial" "$CACHE/seed-sqlite-search.log" sqlite || return 1
        mv "$cached.partial" "$cached"
      fi
      DB_URL="sqlite:///$cached"
      ;;
    mysql)
      prepare_mysql_server || return 1
      local db=bench_search_$posts n
      n=$(mysql_q -e "SELECT COUNT(*) FROM \`$db\`.post WHERE id = $posts" 2>/dev/null || echo 0)
      if [[ $n != 1 ]]; then
        mysql_q -e "DROP DATABASE IF EXISTS \`$db\`; CREATE DATABASE \`$db\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci" ||
          return 1
        seed_search "${MYSQL_SERVER_URL%/*}/$db" "$CACHE/seed-mysql-search.log" mysql || return 1
      fi
      DB_URL="${MYSQL_SERVER_URL%/*}/$db"
      ;;
  esac
}

bench_query() { # BACKEND LABEL QUERY
  local path="/search?q=${3// /+}" label page out rps p50 p99 sock non reqs shown
  label="$1-$(tr -c 'a-z0-9\n' '_' <<<"${2%%:*}")"
  page=$TMP/page-$label.html
  if ! why=$(preflight_get "$path" "$page"); then
    record "$1" "$2" "$3" - - - - - - "FAILED: $why"
    return 0
  fi
  shown=$(grep -c 'class="post d-flex' "$page" || true)
  msg "$1 $2 GET $path ($shown posts on the page) for $duration"
  out=$(BENCH_COOKIE=$COOKIE run_wrk "$label" "$BASE$path" "$BENCH_DIR/lua/get.lua")
  read -r rps p50 p99 sock non reqs < <(parse_wrk "$out")
  record "$1" "$2" "$3" "$(count_hits "$1" "$3")" "$rps" "$p50" "$p99" "$((sock + non))" "$reqs" \
    "$shown on the page"
}

# How many posts hold both words (the whole result, not the page), straight from the index.
count_hits() { # BACKEND "W1 W2"
  local a b
  read -r a b <<<"$2"
  case $1 in
    sqlite) sqlite3 "${DB_URL#sqlite://}" "SELECT COUNT(*) FROM post_search WHERE post_search MATCH '\"xa$a\" \"xa$b\"'" ;;
    mysql) mysql_q -D "${DB_URL##*/}" -e "SELECT COUNT(*) FROM post_token a JOIN post_token b ON b.token = 'xa$b' AND b.post_id = a.post_id WHERE a.token = 'xa$a'" ;;
  esac
}

bench_backend() { # BACKEND
  local q t0
  DB_URL=""
  if ! prepare "$1" || [[ -z $DB_URL ]]; then
    record "$1" "(all)" - - - - - - - "FAILED: preparing the data"
    return 0
  fi
  t0=$SECONDS
  if ! start_server "$1" "$DB_URL" on; then
    record "$1" "(all)" - - - - - - - "FAILED: server did not start"
    return 0
  fi
  notes+=("$1: db upgrade (with its pass over posts without an index row) and start in $((SECONDS - t0)) s")
  if ! login "$1"; then
    record "$1" "(all)" - - - - - - - "FAILED: login"
    stop_server
    return 0
  fi
  for q in "${QUERIES[@]}"; do
    bench_query "$1" "${q%%|*}" "${q#*|}"
  done
  stop_server
  if ((reindex)); then
    local url=$DB_URL
    if [[ $1 == sqlite ]]; then
      cp "${DB_URL#sqlite://}" "$TMP/reindex.db"
      url="sqlite:///$TMP/reindex.db"
    fi
    t0=$SECONDS
    if DATABASE_URL=$url LOG_LEVEL=warn "$SERVER" search reindex >"$TMP/reindex-$1.log" 2>&1; then
      notes+=("$1: microblog search reindex of $posts posts: $(tail -n 1 "$TMP/reindex-$1.log") (wall $((SECONDS - t0)) s)")
    else
      notes+=("$1: microblog search reindex FAILED: $(tail -n 1 "$TMP/reindex-$1.log")")
    fi
  fi
}

started=$(date -u '+%Y-%m-%d %H:%M:%S UTC')
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for backend in "${backends[@]}"; do
  bench_backend "$backend"
done
report=$TMP/report.md
{
  echo "# Search benchmark"
  echo
  echo "- started $started on $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'))," \
    "commit $(git -C "$REPO_ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
  echo "- $posts posts of 6-22 words from a Zipf vocabulary of $vocabulary words; first page" \
    "(POSTS_PER_PAGE default) of /search, wrk -t$THREADS -c$CONNECTIONS -d$duration --latency"
  echo "- load average before: $load_before; after: $(cut -d' ' -f1-3 /proc/loadavg)"
  for n in "${notes[@]}"; do
    echo "- $n"
  done
  echo
  echo "| backend | query | words | matching posts | req/s | p50 ms | p99 ms | errors | requests | note |"
  echo "|---|---|---|---:|---:|---:|---:|---:|---:|---|"
  awk -F'\t' '{printf "| %s | %s | `%s` | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7, $8, $9, $10}' "$RESULTS_TSV"
} >"$report"
cp "$report" "$RESULTS/search-latest.md"
echo
cat "$report"
msg "written to ${RESULTS#"$REPO_ROOT"/}/search-latest.md"
