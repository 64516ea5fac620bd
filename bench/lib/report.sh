# shellcheck shell=bash
# The report of bench/run.sh, sourced by it: a header, the table of RESULTS_TSV and the target
# checks of checks.sh; bench/readers.sh uses its preamble, busy warning and table. Reads the
# settings for the header: started, load_before, THREADS, CONNECTIONS, duration, sizes,
# backends, cache, FOLLOWS, BENCH_USER and seed_notes.
# shellcheck disable=SC2154 # the settings named above are run.sh's

# Requests per second of nginx serving FILE, empty when it was not measured.
nginx_rps() { awk -F'\t' -v r="GET /$1" '$1 == "nginx" && $4 == r && $5 != "-" {print $5}' "$RESULTS_TSV"; }

# Rows are measured cache off first (see run.sh) but shown with each route's cached row first
# and its uncached row right below, so the two read side by side.
table() {
  echo "| backend | data | route | cache | req/s | p50 ms | p99 ms | errors | server RSS MB | vs nginx | note |"
  echo "|---|---|---|---|---:|---:|---:|---:|---:|---:|---|"
  awk -F'\t' -v ni="$(nginx_rps index.html)" -v ne="$(nginx_rps explore.html)" '
    {
      g = $1 SUBSEP $2
      if (!(g in seen_group)) { seen_group[g] = 1; groups[++ng] = g }
      r = g SUBSEP $4
      if (!(r in seen_route)) { seen_route[r] = 1; routes[g, ++nroutes[g]] = $4 }
      ratio = ""
      if ($5 != "-" && $1 != "nginx") {
        if ($4 == "GET /index" && ni > 0) ratio = sprintf("%.0f %%", 100 * $5 / ni)
        if (($4 == "GET /explore?page=1" || $4 == "GET /explore") && ne > 0) ratio = sprintf("%.0f %%", 100 * $5 / ne)
      }
      rows[r, $3] = rows[r, $3] sprintf("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
        $1, $2, $4, $3, $5, $6, $7, $8, $9, ratio, $10)
    }
    END {
      n = split("on off -", caches, " ")
      for (i = 1; i <= ng; i++)
        for (j = 1; j <= nroutes[groups[i]]; j++)
          for (c = 1; c <= n; c++)
            printf "%s", rows[groups[i], routes[groups[i], j], caches[c]]
    }' "$RESULTS_TSV"
}

cache_summary() {
  case $cache in
    on) echo "on (the server's default size)" ;;
    off) echo "off (POST_LIST_CACHE_MB=0), posting included" ;;
    both) echo "on (the server's default size) and off (POST_LIST_CACHE_MB=0, a second server on the same data, measured first); posting with the cache on" ;;
  esac
}

# The title and the lines every report starts with: when, which commit, which machine.
report_preamble() { # TITLE
  local commit cpu
  commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
  git diff --quiet HEAD -- . ':(exclude)bench/results' 2>/dev/null || commit+=" (with uncommitted changes)"
  cpu=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
  echo "# $1"
  echo
  echo "- date: $started"
  echo "- git commit: $commit ($(git rev-parse --abbrev-ref HEAD 2>/dev/null || echo '?'))"
  echo "- machine: $(nproc) CPUs, ${cpu:-unknown CPU}; load average before the run: $load_before"
}

# Figures from a busy machine say little about the server: the report says so in bold.
busy_warning() {
  if awk -v l="${load_before%% *}" -v n="$(nproc)" 'BEGIN {exit !(l > n / 2)}'; then
    echo
    echo "**WARNING: the machine was busy (load average $load_before on $(nproc) CPUs before the run,"
    echo "$(cut -d' ' -f1-3 /proc/loadavg) after): other processes took CPU from the server and from wrk, so these"
    echo "numbers are lower and noisier than the machine can do; do not compare them with the targets.**"
  fi
}

write_report() { # FILE
  local n
  {
    report_preamble "Microblog benchmark: latest run"
    echo "- load: wrk -t$THREADS -c$CONNECTIONS -d$duration --latency on the same machine; sizes: ${sizes[*]}; backends: ${backends[*]}"
    echo "- data: 1x = 1,000 users / 100,000 posts, 10x = 10,000 users / 1,000,000 posts; $FOLLOWS follows per user; logged in as $BENCH_USER"
    echo "- post-list cache: $(cache_summary)"
    for n in "${seed_notes[@]}"; do echo "- $n"; done
    busy_warning
    echo
    table
    echo
    echo "Targets (SQLite is the one that counts; MariaDB listed for comparison):"
    echo
    checks
  } >"$1"
}
