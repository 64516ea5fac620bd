# shellcheck shell=bash
# The measurements of bench/run.sh, sourced by it: wrk on one route of the running server or of
# nginx, one result line each. Reads run.sh's TMP, BENCH_DIR, RESULTS_TSV, THREADS, CONNECTIONS
# and duration, and servers.sh's BASE, COOKIE, CSRF and server_pid.
# shellcheck disable=SC2154 # the globals named above are run.sh's and servers.sh's

# One tab-separated line per measurement in RESULTS_TSV:
#   backend size cache route rps p50_ms p99_ms errors rss_mb note
# cache is on, off or "-" (nginx, and failures before any server started).
record() { printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"$RESULTS_TSV"; }
record_failure() { record "$1" "$2" "$3" "$4" - - - - - "$5"; } # BACKEND SIZE CACHE ROUTE NOTE

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

# Runs wrk, leaves its output in $TMP/wrk-LABEL.txt and prints that path. A failing wrk is read
# from its output like any other (no requests: FAILED), so its status is not the verdict.
run_wrk() { # LABEL URL SCRIPT
  local out=$TMP/wrk-$1.txt
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$duration" --latency -s "$3" "$2" >"$out" 2>&1 || true
  echo "$out"
}

# Fills the server's and the database's caches before the measured runs.
warm_up() {
  wrk -t"$THREADS" -c"$CONNECTIONS" -d2s -s "$BENCH_DIR/lua/get.lua" "$BASE/explore?page=1" \
    >/dev/null 2>&1 || true
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

bench_get() { # BACKEND SIZE CACHE ROUTE
  local label why out page rps p50 p99 sock non reqs
  label="$1-$2-cache_$3-$(tr -c 'a-z0-9\n' '_' <<<"$4")"
  page=$TMP/page-$label.html
  if ! why=$(preflight_get "$4" "$page"); then
    msg "$1 $2 cache $3 $4: $why: not measured"
    record_failure "$1" "$2" "$3" "GET $4" "FAILED: $why"
    return 0
  fi
  msg "$1 $2 cache $3 GET $4 ($(wc -c <"$page") bytes) for $duration"
  out=$(BENCH_COOKIE=$COOKIE run_wrk "$label" "$BASE$4" "$BENCH_DIR/lua/get.lua")
  read -r rps p50 p99 sock non reqs < <(parse_wrk "$out")
  if [[ $reqs == 0 ]]; then
    record_failure "$1" "$2" "$3" "GET $4" "FAILED: wrk: $(tail -n 1 "$out")"
    return 0
  fi
  record "$1" "$2" "$3" "GET $4" "$rps" "$p50" "$p99" "$((sock + non))" "$(rss_mb "$server_pid")" \
    "$(wc -c <"$page") B"
  # The bytes nginx serves as the ceiling: the first /index and /explore pages measured.
  case $4 in
    /index) [[ -f $TMP/www/index.html ]] || cp "$page" "$TMP/www/index.html" ;;
    /explore?page=1) [[ -f $TMP/www/explore.html ]] || cp "$page" "$TMP/www/explore.html" ;;
  esac
}

bench_post() { # BACKEND SIZE CACHE DATABASE_URL
  local label="$1-$2-cache_$3-post" code since out note
  # One post first, outside the measured window: is posting there at all?
  code=$(curl -sS -o /dev/null -w '%{http_code}' -b "session=$COOKIE" \
    --data-urlencode "post=Preflight post before the load" --data-urlencode "csrf_token=$CSRF" \
    "$BASE/index") || code="no answer"
  if [[ $code != 302 && $code != 303 ]]; then
    msg "$1 $2 POST /index: one preflight post answered HTTP $code, not a redirect (a refused post: CSRF, session or validation): not measured"
    record_failure "$1" "$2" "$3" "POST /index" "FAILED: one post answered HTTP $code"
    return 0
  fi
  # The preflight post must fall before the window that counts the posts.
  sleep 0.01
  since=$(date +%s%6N)
  msg "$1 $2 cache $3 POST /index for $duration"
  out=$(BENCH_COOKIE=$COOKIE BENCH_CSRF=$CSRF BENCH_RUN_ID="$1-$2-$since" \
    run_wrk "$label" "$BASE/index" "$BENCH_DIR/lua/post.lua")
  local rps p50 p99 sock non reqs acked bad last_bad stored
  read -r rps p50 p99 sock non reqs < <(parse_wrk "$out")
  read -r _ acked < <(grep '^BENCH_ACKED' "$out" || echo "x 0")
  read -r _ bad last_bad < <(grep '^BENCH_BAD' "$out" || echo "x 0 0")
  stored=$(count_posts_since "$1" "$since" "$4" 2>&1) || true
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
  record "$1" "$2" "$3" "POST /index" "$rps" "$p50" "$p99" "$((sock + bad))" "$(rss_mb "$server_pid")" "$note"
}

# nginx serving the pages saved by bench_get as static files: the ceiling for this machine.
bench_nginx() {
  local dir=$TMP/nginx file out rps p50 p99 sock non reqs pids
  if [[ ! -f $TMP/www/explore.html && ! -f $TMP/www/index.html ]]; then
    record_failure nginx - - "(all)" "FAILED: no page was fetched to serve"
    return 0
  fi
  if ! start_nginx "$dir" "$TMP/www"; then
    record_failure nginx - - "(all)" \
      "FAILED: nginx did not start: $(tail -n 2 "$dir/error.log" 2>/dev/null | tr '\n' ' ')"
    return 0
  fi
  for file in index.html explore.html; do
    [[ -f $TMP/www/$file ]] || continue
    if ! curl -sS -o "$dir/check.html" "http://127.0.0.1:$NGINX_PORT/$file" ||
      ! cmp -s "$dir/check.html" "$TMP/www/$file"; then
      record_failure nginx - - "GET /$file" "FAILED: nginx does not serve the page: $(tail -n 1 "$dir/error.log" 2>/dev/null)"
      continue
    fi
    msg "nginx GET /$file ($(wc -c <"$TMP/www/$file") bytes) for $duration"
    out=$(BENCH_COOKIE="" run_wrk "nginx-$file" "http://127.0.0.1:$NGINX_PORT/$file" "$BENCH_DIR/lua/get.lua")
    read -r rps p50 p99 sock non reqs < <(parse_wrk "$out")
    mapfile -t pids < <(ps -o pid= --ppid "$nginx_pid")
    record nginx - - "GET /$file" "$rps" "$p50" "$p99" "$((sock + non))" \
      "$(rss_mb "$nginx_pid" "${pids[@]}")" "static file, same bytes"
  done
  stop_nginx
}
