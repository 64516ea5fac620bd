#!/usr/bin/env bash
# Benchmarks the real Microblog server with wrk against nginx serving the same bytes, on SQLite
# and MariaDB, with 1x and 10x data (bench/README.md explains what and why).
#   bench/run.sh [--size 1x|10x|both] [--backend sqlite|mysql|both] [--duration 10s]
# Defaults: --size both --backend both --duration ${DURATION:-10s}. Builds nothing: run
# scripts/build.sh first. Data is generated once per size and cached in bench/.cache/ (SQLite file;
# MariaDB data directory, or the server in $MYSQL_URL when set). Prints a table and writes
# bench/results/latest.md. Environment: DURATION, MYSQL_URL, BENCH_USER (user1), BENCH_PROFILE
# (user2), BENCH_PASSWORD (bench-password), KEEP_TMP=1 keeps the logs.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$BENCH_DIR/.." && pwd)
cd "$REPO_ROOT"

msg() { printf '[bench] %s\n' "$*" >&2; }
die() {
  msg "error: $*"
  exit 1
}
usage() { sed -n '2,9s/^# \{0,1\}//p' "$0"; }

sizes=(1x 10x)
backends=(sqlite mysql)
duration=${DURATION:-10s}
while (($# > 0)); do
  case "$1" in
    --size)
      case "${2:-}" in
        1x | 10x) sizes=("$2") ;;
        both) sizes=(1x 10x) ;;
        *) die "--size takes 1x, 10x or both" ;;
      esac
      shift 2
      ;;
    --backend)
      case "${2:-}" in
        sqlite | mysql) backends=("$2") ;;
        both) backends=(sqlite mysql) ;;
        *) die "--backend takes sqlite, mysql or both" ;;
      esac
      shift 2
      ;;
    --duration)
      [[ ${2:-} =~ ^[0-9]+[smh]?$ ]] || die "--duration takes a wrk duration such as 10s"
      duration=$2
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

SERVER=$REPO_ROOT/build/microblog
SEED=$REPO_ROOT/build/bench/microblog_bench_seed
CACHE=$BENCH_DIR/.cache
RESULTS=$BENCH_DIR/results
BENCH_USER=${BENCH_USER:-user1}
BENCH_PROFILE=${BENCH_PROFILE:-user2}
BENCH_PASSWORD=${BENCH_PASSWORD:-bench-password}
SECRET_KEY=bench-secret-key-not-for-production
CONNECTIONS=64
THREADS=2
# Targets (bench/README.md).
MIN_NGINX_RATIO=0.30
MAX_P99_MS=50
MAX_RSS_MB=100
MAX_SLOWDOWN=1.5

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

size_users() { [[ $1 == 1x ]] && echo 1000 || echo 10000; }
size_posts() { [[ $1 == 1x ]] && echo 100000 || echo 1000000; }
FOLLOWS=50

mkdir -p "$CACHE" "$RESULTS"
TMP=$(mktemp -d /tmp/microblog-bench.XXXXXX)
server_pid=""
nginx_pid=""
mariadb_started=""

stop_server() {
  if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  server_pid=""
}
stop_nginx() {
  if [[ -n $nginx_pid ]] && kill -0 "$nginx_pid" 2>/dev/null; then
    kill -QUIT "$nginx_pid" 2>/dev/null || true
    wait "$nginx_pid" 2>/dev/null || true
  fi
  nginx_pid=""
}
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

free_port() {
  /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
now_us() { date +%s%6N; }
# VmRSS in MB of the given pids, summed.
rss_mb() {
  local kb=0 pid v
  for pid in "$@"; do
    v=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
    kb=$((kb + ${v:-0}))
  done
  awk -v kb="$kb" 'BEGIN {printf "%.1f", kb / 1024}'
}

# ---------------------------------------------------------------------------------------------
# Results: one tab-separated line per measurement in $TMP/results.tsv:
#   backend size route rps p50_ms p99_ms errors rss_mb note
RESULTS_TSV=$TMP/results.tsv
: >"$RESULTS_TSV"
record() { printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"$RESULTS_TSV"; }
record_failure() { record "$1" "$2" "$3" - - - - - "$4"; }
declare -a seed_notes=()

# Parses wrk --latency output: prints "rps p50_ms p99_ms socket_errors non_2xx_3xx requests".
parse_wrk() {
  awk '
    function ms(v,   n) {
      n = v + 0
      if (v ~ /us$/) return n / 1000
      if (v ~ /ms$/) return n
      if (v ~ /m$/) return n * 60000
      if (v ~ /s$/) return n * 1000
      return n
    }
    /Latency Distribution/ { dist = 1 }
    dist && $1 == "50%" { p50 = ms($2) }
    dist && $1 == "99%" { p99 = ms($2) }
    /requests in/ { reqs = $1 }
    /Socket errors:/ { gsub(",", ""); sock = $4 + $6 + $8 + $10 }
    /Non-2xx or 3xx responses:/ { non = $NF }
    /Requests\/sec:/ { rps = $2 }
    END { printf "%.0f %.2f %.2f %d %d %d\n", rps, p50, p99, sock, non, reqs }
  ' "$1"
}

# run_wrk LABEL URL SCRIPT: runs wrk, leaves its output in $TMP/wrk-LABEL.txt, prints the path.
run_wrk() {
  local out=$TMP/wrk-$1.txt
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$duration" --latency -s "$3" "$2" >"$out" 2>&1 || true
  echo "$out"
}

# ---------------------------------------------------------------------------------------------
# Data

# MariaDB client for a mysql:// URL; extra arguments follow.
MYSQL_ARGS=()
set_mysql_args() {
  [[ $1 =~ ^mysql://([^:@/]+):([^@/]*)@([^:/]+):([0-9]+)/ ]] || die "cannot parse MariaDB URL: $1"
  MYSQL_ARGS=(--no-defaults -h "${BASH_REMATCH[3]}" -P "${BASH_REMATCH[4]}" -u "${BASH_REMATCH[1]}"
    "-p${BASH_REMATCH[2]}" -N -B)
}
mysql_q() { mariadb "${MYSQL_ARGS[@]}" "$@"; }

seed() { # seed SIZE URL LOG
  local start=$SECONDS
  msg "seeding $1 data into ${2%%//*}//... ($(size_users "$1") users, $(size_posts "$1") posts; log $3)"
  if ! "$SEED" --database-url "$2" --users "$(size_users "$1")" --posts "$(size_posts "$1")" \
    --follows "$FOLLOWS" --password "$BENCH_PASSWORD" >"$3" 2>&1; then
    tail -n 5 "$3" >&2
    return 1
  fi
  grep -E '^(users|follows|posts|seeded)' "$3" >&2 || true
  seed_notes+=("seeded $1 on $4 in $((SECONDS - start)) s")
}

# Sets DB_URL to a working copy of the SQLite data set of SIZE.
# (The prepare functions set globals rather than print: they must run in this shell.)
DB_URL=""
prepare_sqlite() {
  local cached=$CACHE/sqlite-$1.db
  if [[ ! -f $cached ]]; then
    rm -f "$cached.partial"*
    seed "$1" "sqlite:///$cached.partial" "$CACHE/seed-sqlite-$1.log" sqlite || return 1
    mv "$cached.partial" "$cached"
  fi
  # Posting changes the data: every run works on a fresh copy.
  cp "$cached" "$TMP/sqlite-$1.db"
  DB_URL="sqlite:///$TMP/sqlite-$1.db"
}

MYSQL_SERVER_URL=""
prepare_mysql_server() {
  [[ -n $MYSQL_SERVER_URL ]] && return 0
  if [[ -n ${MYSQL_URL:-} ]]; then
    MYSQL_SERVER_URL=$MYSQL_URL
  else
    local dir=$CACHE/mariadb
    if ! [[ -f $dir/pid ]] || ! kill -0 "$(cat "$dir/pid")" 2>/dev/null; then
      mariadb_started=$dir
    fi
    MYSQL_SERVER_URL=$(scripts/start-mariadb.sh "$dir") || return 1
  fi
  set_mysql_args "$MYSQL_SERVER_URL"
}

# Sets DB_URL to the MariaDB data set of SIZE (database bench_SIZE), seeding it when
# it is missing or incomplete (posts are written last and in id order: the last id proves it).
prepare_mysql() {
  prepare_mysql_server || return 1
  local db=bench_$1 users posts url
  url="${MYSQL_SERVER_URL%/*}/$db"
  users=$(mysql_q -e "SELECT COUNT(*) FROM \`$db\`.user" 2>/dev/null || echo 0)
  posts=$(mysql_q -e "SELECT COUNT(*) FROM \`$db\`.post WHERE id = $(size_posts "$1")" 2>/dev/null || echo 0)
  if [[ $users != "$(size_users "$1")" || $posts != 1 ]]; then
    mysql_q -e "DROP DATABASE IF EXISTS \`$db\`; CREATE DATABASE \`$db\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci" ||
      return 1
    seed "$1" "$url" "$CACHE/seed-mysql-$1.log" mysql || return 1
  fi
  DB_URL=$url
}

# Prints how many posts the bench user wrote since $2 (microseconds).
count_posts_since() { # BACKEND SINCE_US DATABASE_URL
  local q="SELECT COUNT(*) FROM post WHERE user_id = (SELECT id FROM user WHERE username_key = '$BENCH_USER') AND created_us >= $2"
  case $1 in
    sqlite) sqlite3 "${3#sqlite://}" "$q" ;;
    mysql) mysql_q -D "${3##*/}" -e "$q" ;;
  esac
}

# ---------------------------------------------------------------------------------------------
# Server

BASE=""
start_server() { # LABEL DATABASE_URL
  local port out=$TMP/server-$1.out log=$TMP/server-$1.log deadline
  if ! DATABASE_URL=$2 "$SERVER" db upgrade >"$TMP/upgrade-$1.log" 2>&1; then
    msg "db upgrade failed: $(tail -n 3 "$TMP/upgrade-$1.log")"
    return 1
  fi
  port=$(free_port)
  DATABASE_URL=$2 SECRET_KEY=$SECRET_KEY LOG_LEVEL=warn \
    "$SERVER" serve --listen "127.0.0.1:$port" >"$out" 2>"$log" &
  server_pid=$!
  deadline=$((SECONDS + 30))
  until grep -q '^listening on' "$out" 2>/dev/null; do
    if ! kill -0 "$server_pid" 2>/dev/null; then
      server_pid=""
      msg "the server exited at start: $(tail -n 3 "$log")"
      return 1
    fi
    if ((SECONDS >= deadline)); then
      msg "the server did not listen within 30 s: $(tail -n 3 "$log")"
      stop_server
      return 1
    fi
    sleep 0.1
  done
  BASE=http://127.0.0.1:$port
}

csrf_of() { grep -o '<meta name="csrf-token" content="[^"]*"' "$1" | head -n 1 | sed 's/.*content="//; s/"$//'; }

COOKIE=""
CSRF=""
login() { # LABEL
  local jar=$TMP/cookies-$1 page=$TMP/login-$1.html token code
  rm -f "$jar"
  code=$(curl -sS -o "$page" -w '%{http_code}' -c "$jar" -b "$jar" "$BASE/auth/login") || return 1
  token=$(csrf_of "$page")
  [[ $code == 200 && -n $token ]] || {
    msg "GET /auth/login answered $code without a CSRF token"
    return 1
  }
  code=$(curl -sS -o /dev/null -w '%{http_code}' -c "$jar" -b "$jar" \
    --data-urlencode "username=$BENCH_USER" --data-urlencode "password=$BENCH_PASSWORD" \
    --data-urlencode "csrf_token=$token" "$BASE/auth/login") || return 1
  [[ $code == 302 || $code == 303 ]] || {
    msg "POST /auth/login as $BENCH_USER answered $code, not a redirect: wrong password or data?"
    return 1
  }
  COOKIE=$(awk -F'\t' '$6 == "session" {v = $7} END {print v}' "$jar")
  [[ -n $COOKIE ]] || {
    msg "no session cookie after logging in"
    return 1
  }
  # The token is bound to the session, which login rotated: take it from a page of the new one.
  curl -sS -o "$page" -b "session=$COOKIE" "$BASE/user/$BENCH_USER" || return 1
  CSRF=$(csrf_of "$page")
  [[ -n $CSRF ]] || {
    msg "no CSRF token on /user/$BENCH_USER after logging in"
    return 1
  }
}

# Fetches PATH once as the logged-in user into FILE; fails unless it is a 200 page that is not
# the login form (a lost session would redirect there and wrk would count that as success).
preflight_get() { # PATH FILE
  local code
  code=$(curl -sS -o "$2" -w '%{http_code} %{redirect_url}' -b "session=$COOKIE" "$BASE$1") ||
    code="no answer"
  if [[ $code != "200 " ]]; then
    echo "HTTP $code"
    return 1
  fi
  if grep -q 'name="password"' "$2"; then
    echo "got the login form"
    return 1
  fi
}

bench_get() { # BACKEND SIZE ROUTE
  local label why out
  label="$1-$2-$(tr -c 'a-z0-9\n' '_' <<<"$3")"
  if ! why=$(preflight_get "$3" "$TMP/page-$label.html"); then
    msg "$1 $2 $3: $why: not measured"
    record_failure "$1" "$2" "GET $3" "FAILED: $why"
    return 0
  fi
  msg "$1 $2 GET $3 ($(wc -c <"$TMP/page-$label.html") bytes) for $duration"
  out=$(BENCH_COOKIE=$COOKIE run_wrk "$label" "$BASE$3" "$BENCH_DIR/lua/get.lua")
  local rps p50 p99 sock non reqs
  read -r rps p50 p99 sock non reqs < <(parse_wrk "$out")
  if [[ $reqs == 0 ]]; then
    record_failure "$1" "$2" "GET $3" "FAILED: wrk: $(tail -n 1 "$out")"
    return 0
  fi
  record "$1" "$2" "GET $3" "$rps" "$p50" "$p99" "$((sock + non))" "$(rss_mb "$server_pid")" \
    "$(wc -c <"$TMP/page-$label.html") B"
  # The bytes nginx serves as the ceiling: the first backend's /index and /explore pages.
  case $3 in
    /index) [[ -f $TMP/www/index.html ]] || cp "$TMP/page-$label.html" "$TMP/www/index.html" ;;
    /explore?page=1) [[ -f $TMP/www/explore.html ]] || cp "$TMP/page-$label.html" "$TMP/www/explore.html" ;;
  esac
}

bench_post() { # BACKEND SIZE DATABASE_URL
  local label="$1-$2-post" code since out note
  # One post first, outside the measured window: is posting there at all?
  code=$(curl -sS -o /dev/null -w '%{http_code}' -b "session=$COOKIE" \
    --data-urlencode "post=Preflight post before the load" --data-urlencode "csrf_token=$CSRF" \
    "$BASE/index") || code="no answer"
  if [[ $code != 302 && $code != 303 ]]; then
    msg "$1 $2 POST /index: one preflight post answered HTTP $code, not a redirect (a refused post: CSRF, session or validation): not measured"
    record_failure "$1" "$2" "POST /index" "FAILED: one post answered HTTP $code"
    return 0
  fi
  sleep 0.01
  since=$(now_us)
  msg "$1 $2 POST /index for $duration"
  out=$(BENCH_COOKIE=$COOKIE BENCH_CSRF=$CSRF BENCH_RUN_ID="$1-$2-$since" \
    run_wrk "$label" "$BASE/index" "$BENCH_DIR/lua/post.lua")
  local rps p50 p99 sock non reqs acked bad last_bad stored
  read -r rps p50 p99 sock non reqs < <(parse_wrk "$out")
  read -r _ acked < <(grep '^BENCH_ACKED' "$out" || echo "x 0")
  read -r _ bad last_bad < <(grep '^BENCH_BAD' "$out" || echo "x 0 0")
  stored=$(count_posts_since "$1" "$since" "$3" 2>&1) || true
  if ! [[ $stored =~ ^[0-9]+$ ]]; then
    msg "counting the posts failed: $stored"
    note="CHECK FAILED: cannot count posts"
  elif ((stored >= acked)); then
    note="OK: $acked acknowledged, $stored stored"
    ((stored > acked)) && note+=" (the rest in flight when wrk stopped)"
  else
    note="LOST: $((acked - stored)) of $acked acknowledged posts missing"
  fi
  ((bad > 0)) && note+="; $bad answers not a redirect (last HTTP $last_bad)"
  msg "$1 $2 posting: $note"
  record "$1" "$2" "POST /index" "$rps" "$p50" "$p99" "$((sock + bad))" "$(rss_mb "$server_pid")" "$note"
}

bench_backend() { # BACKEND SIZE
  local url
  DB_URL=""
  if ! "prepare_$1" "$2" || [[ -z $DB_URL ]]; then
    record_failure "$1" "$2" "(all)" "FAILED: preparing the data"
    return 0
  fi
  url=$DB_URL
  start_server "$1-$2" "$url" || {
    record_failure "$1" "$2" "(all)" "FAILED: server did not start"
    return 0
  }
  if ! login "$1-$2"; then
    record_failure "$1" "$2" "(all)" "FAILED: login as $BENCH_USER"
    stop_server
    return 0
  fi
  msg "$1 $2: server pid $server_pid on $BASE, RSS $(rss_mb "$server_pid") MB idle; warming up"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d2s -s "$BENCH_DIR/lua/get.lua" "$BASE/explore?page=1" \
    >/dev/null 2>&1 || true
  local route
  for route in /index '/explore?page=1' '/explore?page=200' "/user/$BENCH_PROFILE"; do
    bench_get "$1" "$2" "$route"
  done
  bench_post "$1" "$2" "$url"
  stop_server
}

# ---------------------------------------------------------------------------------------------
# nginx: the same bytes as static files, the ceiling for this machine.
bench_nginx() {
  local dir=$TMP/nginx port file out
  if [[ ! -f $TMP/www/explore.html && ! -f $TMP/www/index.html ]]; then
    record_failure nginx - "(all)" "FAILED: no page was fetched to serve"
    return 0
  fi
  mkdir -p "$dir/tmp"
  # nginx started by root runs its workers as nobody: they must be able to read the pages.
  chmod 711 "$TMP"
  chmod 755 "$TMP/www"
  chmod 644 "$TMP"/www/*.html
  port=$(free_port)
  cat >"$dir/nginx.conf" <<EOF
daemon off;
master_process on;
worker_processes 2;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  keepalive_timeout 65;
  client_body_temp_path $dir/tmp/body;
  proxy_temp_path $dir/tmp/proxy;
  fastcgi_temp_path $dir/tmp/fastcgi;
  uwsgi_temp_path $dir/tmp/uwsgi;
  scgi_temp_path $dir/tmp/scgi;
  default_type text/html;
  server {
    listen 127.0.0.1:$port;
    root $TMP/www;
  }
}
EOF
  nginx -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" >"$dir/out.log" 2>&1 &
  nginx_pid=$!
  local deadline=$((SECONDS + 10))
  until curl -s -o /dev/null "http://127.0.0.1:$port/"; do
    if ! kill -0 "$nginx_pid" 2>/dev/null || ((SECONDS >= deadline)); then
      record_failure nginx - "(all)" "FAILED: nginx did not start: $(tail -n 2 "$dir/error.log" 2>/dev/null)"
      nginx_pid=""
      return 0
    fi
    sleep 0.1
  done
  for file in index.html explore.html; do
    [[ -f $TMP/www/$file ]] || continue
    if ! curl -sS -o "$dir/check.html" "http://127.0.0.1:$port/$file" ||
      ! cmp -s "$dir/check.html" "$TMP/www/$file"; then
      record_failure nginx - "GET /$file" "FAILED: nginx does not serve the page: $(tail -n 1 "$dir/error.log" 2>/dev/null)"
      continue
    fi
    msg "nginx GET /$file ($(wc -c <"$TMP/www/$file") bytes) for $duration"
    out=$(BENCH_COOKIE="" run_wrk "nginx-$file" "http://127.0.0.1:$port/$file" "$BENCH_DIR/lua/get.lua")
    local rps p50 p99 sock non reqs pids
    read -r rps p50 p99 sock non reqs < <(parse_wrk "$out")
    mapfile -t pids < <(ps -o pid= --ppid "$nginx_pid")
    record nginx - "GET /$file" "$rps" "$p50" "$p99" "$((sock + non))" \
      "$(rss_mb "$nginx_pid" "${pids[@]}")" "static file, same bytes"
  done
  stop_nginx
}

# ---------------------------------------------------------------------------------------------
started=$(date -u '+%Y-%m-%d %H:%M:%S UTC')
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
mkdir -p "$TMP/www"
for size in "${sizes[@]}"; do
  for backend in "${backends[@]}"; do
    bench_backend "$backend" "$size"
  done
done
bench_nginx

# ---------------------------------------------------------------------------------------------
# Report
nginx_rps() { awk -F'\t' -v r="GET /$1" '$1 == "nginx" && $3 == r && $4 != "-" {print $4}' "$RESULTS_TSV"; }
nginx_index=$(nginx_rps index.html)
nginx_explore=$(nginx_rps explore.html)

table() {
  echo "| backend | data | route | req/s | p50 ms | p99 ms | errors | server RSS MB | vs nginx | note |"
  echo "|---|---|---|---:|---:|---:|---:|---:|---:|---|"
  awk -F'\t' -v ni="$nginx_index" -v ne="$nginx_explore" '{
    ratio = "";
    if ($4 != "-" && $1 != "nginx") {
      if ($3 == "GET /index" && ni > 0) ratio = sprintf("%.0f %%", 100 * $4 / ni);
      if ($3 == "GET /explore?page=1" && ne > 0) ratio = sprintf("%.0f %%", 100 * $4 / ne);
    }
    printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7, $8, ratio, $9
  }' "$RESULTS_TSV"
}

# Target checks, per backend and size: one line each, PASS or FAIL.
checks() {
  awk -F'\t' -v ni="$nginx_index" -v ne="$nginx_explore" -v minr="$MIN_NGINX_RATIO" \
    -v maxp99="$MAX_P99_MS" -v maxrss="$MAX_RSS_MB" -v maxslow="$MAX_SLOWDOWN" '
    function verdict(ok) { return ok ? "PASS" : "FAIL" }
    $1 == "nginx" {
      if ($4 == "-") printf "- FAIL nginx: %s: %s\n", $3, $9
      else if ($7 + 0 > 0) printf "- FAIL nginx: %s errors on %s: the ceiling is not valid\n", $7, $3
      next
    }
    {
      key = $1 " " $2
      if (!(key in seen)) { seen[key] = 1; order[++nk] = key }
      if ($4 == "-") { failed[key] = failed[key] "; " $3 ": " $9; next }
      if (!($3 in route_idx)) { route_idx[$3] = 1; routes[++nr] = $3 }
      rps[key, $3] = $4
      # The p99 target is for the pages people read; posting has its own line below.
      if ($3 !~ /^POST/ && (!(key in worst) || $6 + 0 > worst[key])) { worst[key] = $6 + 0; worst_route[key] = $3 }
      errors[key] += $7
      if ($8 + 0 > rss[key]) rss[key] = $8 + 0
      if ($3 == "POST /index") { post[key] = $9; post_p99[key] = $6 }
    }
    END {
      for (i = 1; i <= nk; i++) {
        k = order[i]
        split(k, kp, " ")
        if (k in failed) printf "- FAIL %s: not measured: %s\n", k, substr(failed[k], 3)
        if (!(k in worst)) continue
        if (ni > 0 && (k, "GET /index") in rps)
          printf "- %s %s: /index at %.0f %% of nginx (target >= %.0f %%)\n", verdict(rps[k, "GET /index"] / ni >= minr), k, 100 * rps[k, "GET /index"] / ni, 100 * minr
        if (ne > 0 && (k, "GET /explore?page=1") in rps)
          printf "- %s %s: /explore at %.0f %% of nginx (target >= %.0f %%)\n", verdict(rps[k, "GET /explore?page=1"] / ne >= minr), k, 100 * rps[k, "GET /explore?page=1"] / ne, 100 * minr
        printf "- %s %s: worst p99 of the pages %.2f ms, %s (target < %s ms)\n", verdict(worst[k] < maxp99), k, worst[k], worst_route[k], maxp99
        printf "- %s %s: %d errors (target 0)\n", verdict(errors[k] == 0), k, errors[k]
        printf "- %s %s: server RSS at most %.1f MB (target < %s MB)\n", verdict(rss[k] < maxrss), k, rss[k], maxrss
        a = rps[k, "GET /explore?page=1"]; b = rps[k, "GET /explore?page=200"]
        if (a > 0 && b > 0)
          printf "- %s %s: /explore?page=200 %.2fx the cost of page 1 (target <= %.1fx)\n", verdict(a / b <= maxslow), k, a / b, maxslow
        if (k in post) printf "- %s %s: posting under load: %s\n", verdict(post[k] ~ /^OK/), k, post[k]
        if (k in post) printf "- INFO %s: posting p99 %.2f ms (no target; see docs/performance.md on its spread)\n", k, post_p99[k]
        if (kp[2] == "10x") {
          k1 = kp[1] " 1x"
          for (j = 1; j <= nr; j++) {
            r = routes[j]
            if (r ~ /^POST/ || !((k, r) in rps) || !((k1, r) in rps)) continue
            s = rps[k1, r] / rps[k, r]
            printf "- %s %s: %s with 10x data %.2fx the cost at 1x (target <= %.1fx)\n", verdict(s <= maxslow), k, r, s, maxslow
          }
        }
      }
    }' "$RESULTS_TSV"
}

commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
git diff --quiet HEAD -- . ':(exclude)bench/results' 2>/dev/null || commit+=" (with uncommitted changes)"
cpu=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
{
  echo "# Microblog benchmark: latest run"
  echo
  echo "- date: $started"
  echo "- git commit: $commit ($(git rev-parse --abbrev-ref HEAD 2>/dev/null || echo '?'))"
  echo "- machine: $(nproc) CPUs, ${cpu:-unknown CPU}; load average before the run: $load_before"
  echo "- load: wrk -t$THREADS -c$CONNECTIONS -d$duration --latency on the same machine; sizes: ${sizes[*]}; backends: ${backends[*]}"
  echo "- data: 1x = 1,000 users / 100,000 posts, 10x = 10,000 users / 1,000,000 posts; $FOLLOWS follows per user; logged in as $BENCH_USER"
  for n in "${seed_notes[@]}"; do echo "- $n"; done
  if awk -v l="${load_before%% *}" -v n="$(nproc)" 'BEGIN {exit !(l > n / 2)}'; then
    echo
    echo "**WARNING: the machine was busy (load average $load_before on $(nproc) CPUs before the run,"
    echo "$(cut -d' ' -f1-3 /proc/loadavg) after): other processes took CPU from the server and from wrk, so these"
    echo "numbers are lower and noisier than the machine can do; do not compare them with the targets.**"
  fi
  echo
  table
  echo
  echo "Targets (SQLite is the one that counts; MariaDB listed for comparison):"
  echo
  checks
} >"$TMP/report.md"
cp "$TMP/report.md" "$RESULTS/latest.md"
echo
cat "$TMP/report.md"
echo
msg "written to ${RESULTS#"$REPO_ROOT"/}/latest.md"
