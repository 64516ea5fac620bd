# shellcheck shell=bash
# The target checks of bench/run.sh (bench/README.md), sourced by it: one line each, per backend
# and size, from RESULTS_TSV. The targets are for the server as deployed, with the post-list
# cache on. With the cache off the pages are rendered from the database every time: p99, errors
# and posting are still held to their targets, on lines marked "(cache off)"; the ratios and the
# RSS are printed as INFO there, since no target was set for them.

MIN_NGINX_RATIO=0.30
MAX_P99_MS=50
MAX_RSS_MB=100
MAX_SLOWDOWN=1.5

checks() {
  awk -F'\t' -v ni="$(nginx_rps index.html)" -v ne="$(nginx_rps explore.html)" \
    -v minr="$MIN_NGINX_RATIO" -v maxp99="$MAX_P99_MS" -v maxrss="$MAX_RSS_MB" -v maxslow="$MAX_SLOWDOWN" '
    function verdict(ok) { return ok ? "PASS" : "FAIL" }
    # A target of the cached rows; for information only on the uncached ones.
    function target(ok, k, text, goal) {
      if (k ~ /cache off/) printf "- INFO %s: %s\n", k, text
      else printf "- %s %s: %s (%s)\n", verdict(ok), k, text, goal
    }
    $1 == "nginx" {
      if ($5 == "-") printf "- FAIL nginx: %s: %s\n", $4, $10
      else if ($8 + 0 > 0) printf "- FAIL nginx: %s errors on %s: the ceiling is not valid\n", $8, $4
      next
    }
    {
      g = $1 " " $2
      if (!(g in seen)) { seen[g] = 1; order[++ng] = g }
      suffix = $3 == "off" ? " (cache off)" : ""
      key = g suffix
      backend[key] = $1; size[key] = $2; sfx[key] = suffix
      if ($5 == "-") { failed[key] = failed[key] "; " $4 ": " $10; next }
      if (!($4 in route_idx)) { route_idx[$4] = 1; routes[++nr] = $4 }
      rps[key, $4] = $5
      # The p99 target is for the pages people read; posting has its own line below.
      if ($4 !~ /^POST/ && (!(key in worst) || $7 + 0 > worst[key])) { worst[key] = $7 + 0; worst_route[key] = $4 }
      errors[key] += $8
      if ($9 + 0 > rss[key]) rss[key] = $9 + 0
      if ($4 == "POST /index") { post[key] = $10; post_p99[key] = $7 }
    }
    END {
      for (i = 1; i <= ng; i++) {
        for (c = 0; c < 2; c++) {
          k = order[i] (c ? " (cache off)" : "")
          if (k in failed) printf "- FAIL %s: not measured: %s\n", k, substr(failed[k], 3)
          if (!(k in worst)) continue
          if (ni > 0 && (k, "GET /index") in rps)
            target(rps[k, "GET /index"] / ni >= minr, k, sprintf("/index at %.0f %% of nginx", 100 * rps[k, "GET /index"] / ni), sprintf("target >= %.0f %%", 100 * minr))
          if (ne > 0 && (k, "GET /explore?page=1") in rps)
            target(rps[k, "GET /explore?page=1"] / ne >= minr, k, sprintf("/explore at %.0f %% of nginx", 100 * rps[k, "GET /explore?page=1"] / ne), sprintf("target >= %.0f %%", 100 * minr))
          printf "- %s %s: worst p99 of the pages %.2f ms, %s (target < %s ms)\n", verdict(worst[k] < maxp99), k, worst[k], worst_route[k], maxp99
          printf "- %s %s: %d errors (target 0)\n", verdict(errors[k] == 0), k, errors[k]
          target(rss[k] < maxrss, k, sprintf("server RSS at most %.1f MB", rss[k]), "target < " maxrss " MB")
          a = rps[k, "GET /explore?page=1"]; b = rps[k, "GET /explore?page=200"]
          if (a > 0 && b > 0)
            target(a / b <= maxslow, k, sprintf("/explore?page=200 %.2fx the cost of page 1", a / b), sprintf("target <= %.1fx", maxslow))
          if (k in post) printf "- %s %s: posting under load: %s\n", verdict(post[k] ~ /^OK/), k, post[k]
          if (k in post) printf "- INFO %s: posting p99 %.2f ms (no target; see docs/performance.md on its spread)\n", k, post_p99[k]
          if (size[k] == "10x") {
            k1 = backend[k] " 1x" sfx[k]
            for (j = 1; j <= nr; j++) {
              r = routes[j]
              if (r ~ /^POST/ || !((k, r) in rps) || !((k1, r) in rps)) continue
              s = rps[k1, r] / rps[k, r]
              target(s <= maxslow, k, sprintf("%s with 10x data %.2fx the cost at 1x", r, s), sprintf("target <= %.1fx", maxslow))
            }
          }
        }
      }
    }' "$RESULTS_TSV"
}
