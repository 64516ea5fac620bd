# shellcheck shell=bash
# The processes bench/run.sh measures, sourced by it: the Microblog server (one at a time) and
# nginx. Reads run.sh's SERVER, SECRET_KEY, TMP, BENCH_USER and BENCH_PASSWORD. The stop
# functions are safe to call twice, so the EXIT trap can always call them.
# shellcheck disable=SC2034 # NGINX_PORT is read by wrk.sh

server_pid=""
nginx_pid=""
BASE="" # URL of the running server
COOKIE="" # its session cookie for BENCH_USER, and the CSRF token bound to that session
CSRF=""

# VmRSS in MB of the given pids, summed.
rss_mb() {
  local kb=0 pid v
  for pid in "$@"; do
    v=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
    kb=$((kb + ${v:-0}))
  done
  awk -v kb="$kb" 'BEGIN {printf "%.1f", kb / 1024}'
}

stop_server() {
  if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  server_pid=""
}

# CACHE is on (the server's default size) or off (POST_LIST_CACHE_MB=0). A value of the caller's
# environment is dropped for "on", so that "on" means the same in every run.
start_server() { # LABEL DATABASE_URL CACHE
  local port out=$TMP/server-$1.out log=$TMP/server-$1.log deadline cache_env=(-u POST_LIST_CACHE_MB)
  [[ $3 == off ]] && cache_env=(POST_LIST_CACHE_MB=0)
  if ! DATABASE_URL=$2 "$SERVER" db upgrade >"$TMP/upgrade-$1.log" 2>&1; then
    msg "db upgrade failed: $(tail -n 3 "$TMP/upgrade-$1.log")"
    return 1
  fi
  port=$(free_port)
  # env execs the server, so $! is the server's own pid (for its RSS and for stopping it). The
  # posting benchmark posts as one user as fast as it can: the per-user limit is raised out of
  # its way (the counting still runs, as in production).
  env "${cache_env[@]}" DATABASE_URL="$2" SECRET_KEY="$SECRET_KEY" LOG_LEVEL=warn \
    POSTS_PER_USER_PER_MINUTE=10000000 FOLLOWS_PER_USER_PER_MINUTE=10000000 \
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

# Logs in as BENCH_USER on the running server: sets COOKIE and CSRF.
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

stop_nginx() {
  if [[ -n $nginx_pid ]] && kill -0 "$nginx_pid" 2>/dev/null; then
    kill -QUIT "$nginx_pid" 2>/dev/null || true
    wait "$nginx_pid" 2>/dev/null || true
  fi
  nginx_pid=""
}

# Starts nginx on a free port (NGINX_PORT) serving the files of WWW. Run as root, nginx runs its
# workers as nobody: they must be able to read the pages.
NGINX_PORT=""
start_nginx() { # DIR WWW
  local dir=$1 www=$2 port deadline
  mkdir -p "$dir/tmp"
  chmod 711 "$(dirname "$www")"
  chmod 755 "$www"
  chmod 644 "$www"/*.html
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
    root $www;
  }
}
EOF
  nginx -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" >"$dir/out.log" 2>&1 &
  nginx_pid=$!
  deadline=$((SECONDS + 10))
  until curl -s -o /dev/null "http://127.0.0.1:$port/"; do
    if ! kill -0 "$nginx_pid" 2>/dev/null || ((SECONDS >= deadline)); then
      stop_nginx
      return 1
    fi
    sleep 0.1
  done
  NGINX_PORT=$port
}
