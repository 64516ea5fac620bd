#!/usr/bin/env bash
# Benchmarks a busy site (bench/README.md, "Many readers while others post"): N distinct
# signed-in readers, a session each, taking turns on GET /index, GET /explore and the profiles of
# the other users, while bench/poster.py posts at a steady rate with sessions of its own (users
# from the middle of the range up); against nginx serving the same bytes. Same data sets, wrk
# settings and server settings as bench/run.sh.
#   bench/readers.sh [--size 1x|10x|both] [--backend sqlite|mysql|both] [--cache on|off|both]
#                    [--duration 10s] [--readers 1000] [--post-rate 20]
# Defaults: --size both --backend both --cache both --duration ${DURATION:-10s}. Builds nothing:
# run scripts/build.sh first. Writes bench/results/readers-latest.md. Environment: DURATION,
# MYSQL_URL, KEEP_TMP=1 keeps the logs.
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

usage() { sed -n '2,11s/^# \{0,1\}//p' "$BENCH_DIR/readers.sh"; }

readers=1000
post_rate=20
while (($# > 0)); do
  case "$1" in
    --size | --backend | --cache | --duration)
      shared_option "$1" "${2:-}"
      shift 2
      ;;
    --readers)
      [[ ${2:-} =~ ^[1-9][0-9]*$ ]] || die "--readers takes a number of users, such as 1000"
      readers=$2
      shift 2
      ;;
    --post-rate)
      if ! [[ ${2:-} =~ ^[0-9]+(\.[0-9]+)?$ ]] || ! awk -v r="$2" 'BEGIN {exit !(r > 0)}'; then
        die "--post-rate takes posts per second, such as 20"
      fi
      post_rate=$2
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

# data.sh's seeding and count_posts_since read these; nobody signs in with a password here.
BENCH_USER=user1
BENCH_PASSWORD=bench-password
CONNECTIONS=64
THREADS=2
FOLLOWS=50
# Posting accounts, from the middle of the user range up: with fewer readers than users they are
# not readers, and their posts reach the home pages of their followers among the readers.
POSTERS=100
POSTER_CONNECTIONS=4
ROUTES=(/index /explore profiles)
# The targets (bench/README.md): nginx ratios per backend; the others as in run.sh's checks.sh.
MIN_NGINX_RATIO_SQLITE=0.30
MIN_NGINX_RATIO_MYSQL=0.15
MAX_P99_MS=50
MAX_RSS_MB=100
MAX_SLOWDOWN=1.5
MIN_POST_RATE_SHARE=0.9

[[ -x $SERVER ]] || die "$SERVER not found: run scripts/build.sh first"
[[ -x $SEED ]] || die "$SEED not found: run scripts/build.sh first (with MICROBLOG_BUILD_BENCH=ON)"
need=(wrk curl nginx awk python3)
for b in "${backends[@]}"; do
  case $b in
    sqlite) need+=(sqlite3) ;;
    mysql) need+=(mariadb) ;;
  esac
done
for tool in "${need[@]}"; do
  command -v "$tool" >/dev/null || die "$tool not found (apt-get install wrk nginx python3 sqlite3 mariadb-client)"
done
for size in "${sizes[@]}"; do
  ((readers <= $(size_users "$size"))) ||
    die "--readers $readers: the $size data has only $(size_users "$size") users"
done

mkdir -p "$CACHE" "$RESULTS"
TMP=$(mktemp -d /tmp/microblog-readers-bench.XXXXXX)
RESULTS_TSV=$TMP/results.tsv
# One line per measured route: backend size cache route asked achieved acked failed failures
POSTS_TSV=$TMP/posts.tsv
: >"$RESULTS_TSV"
: >"$POSTS_TSV"
declare -a seed_notes=()
poster_pid=""

stop_poster() {
  if [[ -n $poster_pid ]] && kill -0 "$poster_pid" 2>/dev/null; then
    kill -TERM "$poster_pid" 2>/dev/null || true
    wait "$poster_pid" 2>/dev/null || true
  fi
  poster_pid=""
}

cleanup() {
  stop_poster
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

# Starts bench/poster.py on the running server and waits until every poster session has its
# CSRF token, so that posting is at full rate when wrk starts. Not in a $(...): poster_pid must
# be this shell's child. On failure POSTER_WHY says why.
POSTER_WHY=""
start_poster() { # LABEL COOKIES
  local out=$TMP/poster-$1.txt deadline
  POSTER_WHY=""
  python3 "$BENCH_DIR/poster.py" --base "$BASE" --cookies "$2" --rate "$post_rate" \
    --connections "$POSTER_CONNECTIONS" --run-id "$1-$(date +%s%N)" >"$out" 2>&1 &
  poster_pid=$!
  deadline=$((SECONDS + 60))
  until grep -q '^READY' "$out" 2>/dev/null; do
    if ! kill -0 "$poster_pid" 2>/dev/null || ((SECONDS >= deadline)); then
      stop_poster
      POSTER_WHY=$(tail -n 1 "$out")
      return 1
    fi
    sleep 0.1
  done
}

# The path the first request of ROUTE asks for, for the check with curl: the first reader
# (user1) on the profile of user2, as readers.lua begins.
first_path() { [[ $1 == profiles ]] && echo /user/user2 || echo "$1"; }
route_label() { [[ $1 == profiles ]] && echo "GET /user/<k> (profiles)" || echo "GET $1"; }

bench_route() { # BACKEND SIZE CACHE ROUTE USERS READER_COOKIES POSTER_COOKIES
  local label route why page out rps p50 p99 sock non reqs line asked achieved acked failed failures
  label="$1-$2-cache_$3-$(tr -c 'a-z0-9\n' '_' <<<"$4")"
  route=$(route_label "$4")
  page=$TMP/page-$label.html
  # Both ends of the cookie file: a session the seed tool wrote badly shows here, not as a
  # wrk run full of redirects to the login form.
  COOKIE=$(tail -n 1 "$6")
  why=$(preflight_get "$(first_path "$4")" "$page") || {
    msg "$1 $2 cache $3 $route as user$readers: $why: not measured"
    record_failure "$1" "$2" "$3" "$route" "FAILED: user$readers: $why"
    return 0
  }
  COOKIE=$(head -n 1 "$6")
  if ! why=$(preflight_get "$(first_path "$4")" "$page"); then
    msg "$1 $2 cache $3 $route: $why: not measured"
    record_failure "$1" "$2" "$3" "$route" "FAILED: $why"
    return 0
  fi
  if ! start_poster "$label" "$7"; then
    msg "$1 $2 cache $3 $route: the poster did not start: $POSTER_WHY"
    record_failure "$1" "$2" "$3" "$route" "FAILED: poster: $POSTER_WHY"
    return 0
  fi
  msg "$1 $2 cache $3 $route ($(wc -c <"$page") bytes for user1), $readers readers, posting $post_rate/s, for $duration"
  out=$(BENCH_COOKIES=$6 BENCH_PATH=$4 BENCH_USERS=$5 \
    run_wrk "$label" "$BASE$(first_path "$4")" "$BENCH_DIR/lua/readers.lua")
  stop_poster
  read -r rps p50 p99 sock non reqs < <(parse_wrk "$out")
  line=$(grep '^POSTER' "$TMP/poster-$label.txt" || true)
  if [[ -z $line ]]; then
    record_failure "$1" "$2" "$3" "$route" "FAILED: the poster printed no summary: $(tail -n 1 "$TMP/poster-$label.txt")"
    return 0
  fi
  asked=$(sed -n 's/.* asked=\([^ ]*\).*/\1/p' <<<"$line")
  achieved=$(sed -n 's/.* achieved=\([^ ]*\).*/\1/p' <<<"$line")
  acked=$(sed -n 's/.* acked=\([^ ]*\).*/\1/p' <<<"$line")
  failed=$(sed -n 's/.* failed=\([^ ]*\).*/\1/p' <<<"$line")
  failures=$(sed -n 's/.* failures=\([^ ]*\).*/\1/p' <<<"$line")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$route" "$asked" "$achieved" \
    "$acked" "$failed" "$failures" >>"$POSTS_TSV"
  if [[ $reqs == 0 ]]; then
    record_failure "$1" "$2" "$3" "$route" "FAILED: wrk: $(tail -n 1 "$out")"
    return 0
  fi
  local note="$readers readers; posts $achieved/s of $asked asked, $acked acked, $failed failed"
  ((failed > 0)) && note+=" ($failures)"
  note+=", p99 $(sed -n 's/.* p99_ms=\([^ ]*\).*/\1/p' <<<"$line") ms"
  ((sock > 0)) && note+="; wrk $(grep -o 'Socket errors:.*' "$out" | sed 's/Socket errors: //')"
  ((non > 0)) && note+="; $non non-2xx/3xx"
  [[ $4 != profiles ]] && note+="; $(wc -c <"$page") B"
  record "$1" "$2" "$3" "$route" "$rps" "$p50" "$p99" "$((sock + non + failed))" \
    "$(rss_mb "$server_pid")" "$note"
  case $4 in
    /index) [[ -f $TMP/www/index.html ]] || cp "$page" "$TMP/www/index.html" ;;
    /explore) [[ -f $TMP/www/explore.html ]] || cp "$page" "$TMP/www/explore.html" ;;
  esac
}

# One server with the post-list cache CACHE on the data of SIZE: sessions, start, the routes.
bench_server() { # BACKEND SIZE CACHE
  local label=$1-$2-cache_$3 users created readers_file posters_file posters_first route
  users=$(size_users "$2")
  # SQLite gets a fresh copy for each server, so that both cache settings read the same data.
  DB_URL=""
  if ! "prepare_$1" "$2" || [[ -z $DB_URL ]]; then
    record_failure "$1" "$2" "$3" "(all)" "FAILED: preparing the data"
    return 0
  fi
  readers_file=$TMP/readers-$label.txt
  posters_file=$TMP/posters-$label.txt
  posters_first=$((users / 2 + 1))
  # One creation time for both calls: each deletes the older sessions of its users only, so
  # where readers and posters overlap the readers' new sessions stay.
  created=$(date +%s%6N)
  if ! "$SEED" sessions --database-url "$DB_URL" --first 1 --count "$readers" \
    --created-us "$created" --out "$readers_file" >"$TMP/sessions-$label.log" 2>&1 ||
    ! "$SEED" sessions --database-url "$DB_URL" --first "$posters_first" \
      --count "$((POSTERS < users - posters_first + 1 ? POSTERS : users - posters_first + 1))" \
      --created-us "$created" --out "$posters_file" >>"$TMP/sessions-$label.log" 2>&1; then
    msg "creating the sessions failed: $(tail -n 2 "$TMP/sessions-$label.log")"
    record_failure "$1" "$2" "$3" "(all)" "FAILED: creating the sessions"
    return 0
  fi
  if ! start_server "$label" "$DB_URL" "$3"; then
    record_failure "$1" "$2" "$3" "(all)" "FAILED: server did not start"
    return 0
  fi
  msg "$1 $2 cache $3: server pid $server_pid on $BASE, RSS $(rss_mb "$server_pid") MB idle; warming up"
  # The readers' first requests load their sessions, and each route's first pages what they
  # read: not part of the measure. A MariaDB server started for this run begins with its buffer
  # pool empty, and its first route measured cold gave a tenth of the next run's rate.
  for route in "${ROUTES[@]}"; do
    BENCH_COOKIES=$readers_file BENCH_PATH=$route BENCH_USERS=$users \
      wrk -t"$THREADS" -c"$CONNECTIONS" -d2s -s "$BENCH_DIR/lua/readers.lua" "$BASE$(first_path "$route")" \
      >/dev/null 2>&1 || true
  done
  for route in "${ROUTES[@]}"; do
    bench_route "$1" "$2" "$3" "$route" "$users" "$readers_file" "$posters_file"
  done
  stop_server
}

# With both, the uncached server goes first, as in run.sh. Each server starts from the seeded
# data: SQLite's is copied afresh, and on MariaDB prepare_mysql deletes the posts added since.
bench_backend() { # BACKEND SIZE
  case $cache in
    on | off) bench_server "$1" "$2" "$cache" ;;
    both)
      bench_server "$1" "$2" off
      bench_server "$1" "$2" on
      ;;
  esac
}

# One line per target, backend, size and cache setting (bench/README.md). As in run.sh, p99,
# errors and the post rate are held on both cache settings; the nginx ratios, RSS and the 10x
# comparison are targets with the cache on and INFO with it off.
readers_checks() {
  awk -F'\t' -v ni="$(nginx_rps index.html)" -v ne="$(nginx_rps explore.html)" \
    -v minr_sqlite="$MIN_NGINX_RATIO_SQLITE" -v minr_mysql="$MIN_NGINX_RATIO_MYSQL" \
    -v maxp99="$MAX_P99_MS" -v maxrss="$MAX_RSS_MB" -v maxslow="$MAX_SLOWDOWN" \
    -v minshare="$MIN_POST_RATE_SHARE" -v posts_file="$POSTS_TSV" '
    function verdict(ok) { return ok ? "PASS" : "FAIL" }
    function target(ok, k, text, goal) {
      if (k ~ /cache off/) printf "- INFO %s: %s\n", k, text
      else printf "- %s %s: %s (%s)\n", verdict(ok), k, text, goal
    }
    FILENAME == posts_file {
      key = $1 " " $2 ($3 == "off" ? " (cache off)" : "")
      if (!(key in asked_min) || $6 / $5 < share[key]) { share[key] = $6 / $5; asked_min[key] = $5; achieved_min[key] = $6 }
      next
    }
    $1 == "nginx" {
      if ($5 == "-") printf "- FAIL nginx: %s: %s\n", $4, $10
      else if ($8 + 0 > 0) printf "- FAIL nginx: %s errors on %s: the ceiling is not valid\n", $8, $4
      next
    }
    {
      sfx = $3 == "off" ? " (cache off)" : ""
      key = $1 " " $2 sfx
      g = $1 " " $2
      if (!(g in seen)) { seen[g] = 1; order[++ng] = g }
      backend[key] = $1; size[key] = $2; suffix[key] = sfx
      if ($5 == "-") { failed[key] = failed[key] "; " $4 ": " $10; next }
      if (!($4 in route_seen)) { route_seen[$4] = 1; routes[++nr] = $4 }
      rps[key, $4] = $5
      if (!(key in worst) || $7 + 0 > worst[key]) { worst[key] = $7 + 0; worst_route[key] = $4 }
      errors[key] += $8
      if ($9 + 0 > rss[key]) rss[key] = $9 + 0
    }
    END {
      # Cache on first, as run.sh prints them, although the server with it off ran first.
      for (i = 1; i <= ng; i++) for (c = 0; c < 2; c++) {
        k = order[i] (c ? " (cache off)" : "")
        if (k in failed) printf "- FAIL %s: not measured: %s\n", k, substr(failed[k], 3)
        if (!(k in worst)) continue
        minr = backend[k] == "mysql" ? minr_mysql : minr_sqlite
        goal = sprintf("target >= %.0f %%", 100 * minr)
        if (ni > 0 && (k, "GET /index") in rps)
          target(rps[k, "GET /index"] / ni >= minr, k, sprintf("/index at %.0f %% of nginx", 100 * rps[k, "GET /index"] / ni), goal)
        if (ne > 0 && (k, "GET /explore") in rps)
          target(rps[k, "GET /explore"] / ne >= minr, k, sprintf("/explore at %.0f %% of nginx", 100 * rps[k, "GET /explore"] / ne), goal)
        printf "- %s %s: worst p99 %.2f ms, %s (target < %s ms)\n", verdict(worst[k] < maxp99), k, worst[k], worst_route[k], maxp99
        printf "- %s %s: %d errors, failed posts included (target 0)\n", verdict(errors[k] == 0), k, errors[k]
        target(rss[k] < maxrss, k, sprintf("server RSS at most %.1f MB", rss[k]), "target < " maxrss " MB")
        if (k in share)
          printf "- %s %s: posters held the rate: %s posts/s of %s asked at worst (target >= %.0f %%)\n", verdict(share[k] >= minshare), k, achieved_min[k], asked_min[k], 100 * minshare
        if (size[k] != "10x") continue
        k1 = backend[k] " 1x" suffix[k]
        for (j = 1; j <= nr; j++) {
          r = routes[j]
          if (!((k, r) in rps) || !((k1, r) in rps)) continue
          s = rps[k1, r] / rps[k, r]
          target(s <= maxslow, k, sprintf("%s with 10x data %.2fx the cost at 1x", r, s), sprintf("target <= %.1fx", maxslow))
        }
      }
    }' "$POSTS_TSV" "$RESULTS_TSV"
}

write_readers_report() { # FILE
  local n
  {
    report_preamble "Microblog benchmark: many readers while others post"
    echo "- load: wrk -t$THREADS -c$CONNECTIONS -d$duration --latency on the same machine (bench/lua/readers.lua); sizes: ${sizes[*]}; backends: ${backends[*]}"
    echo "- readers: user1..user$readers, a session each, taking turns; profiles: /user/user<k>, k over all users but the reader"
    echo "- posting during every run: $post_rate posts/s asked (bench/poster.py) over $POSTER_CONNECTIONS keep-alive connections, as up to $POSTERS users from the middle of the user range up"
    echo "- data: 1x = 1,000 users / 100,000 posts, 10x = 10,000 users / 1,000,000 posts; $FOLLOWS follows per user"
    case $cache in
      on) echo "- post-list cache: on (the server's default size)" ;;
      off) echo "- post-list cache: off (POST_LIST_CACHE_MB=0)" ;;
      both) echo "- post-list cache: on (the server's default size) and off (POST_LIST_CACHE_MB=0), a server each" ;;
    esac
    for n in "${seed_notes[@]}"; do echo "- $n"; done
    busy_warning
    echo
    table
    echo
    echo "Targets (nginx ratio >= $(awk -v r="$MIN_NGINX_RATIO_SQLITE" 'BEGIN {print 100 * r}') % on SQLite, >= $(awk -v r="$MIN_NGINX_RATIO_MYSQL" 'BEGIN {print 100 * r}') % on MariaDB):"
    echo
    readers_checks
  } >"$1"
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

write_readers_report "$TMP/report.md"
cp "$TMP/report.md" "$RESULTS/readers-latest.md"
echo
cat "$TMP/report.md"
echo
msg "written to ${RESULTS#"$REPO_ROOT"/}/readers-latest.md"
