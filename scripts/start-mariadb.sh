#!/usr/bin/env bash
# Starts a private MariaDB server for tests and development, without systemd and without touching
# the system's /var/lib/mysql. Everything lives in DIR:
#   DIR/data (datadir)  DIR/sock  DIR/port  DIR/url  DIR/pid  DIR/err.log  DIR/tmp
# It listens on 127.0.0.1 on a free port (or $PORT if set), has the account mbtest/mbtest with all
# privileges (the tests create and drop their own databases) and an empty utf8mb4 database
# "microblog". On success it prints only the URL on stdout:
#   mysql://mbtest:mbtest@127.0.0.1:PORT/microblog
# Usage: scripts/start-mariadb.sh DIR      (stop it with scripts/stop-mariadb.sh DIR)
# Running it again on a running DIR prints the URL again. MARIADB_BUFFER_POOL_SIZE (default 128M,
# MariaDB's own default) is the memory InnoDB keeps its pages in.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[[ $# -eq 1 && $1 != -* ]] || {
  sed -n '2,12s/^# \{0,1\}//p' "$0" >&2
  exit 2
}
STARTUP_TIMEOUT=${MARIADB_STARTUP_TIMEOUT:-60} # seconds
DB_USER=mbtest
DB_PASSWORD=mbtest
DB_NAME=microblog

mkdir -p "$1"
dir=$(cd "$1" && pwd)
sock=$dir/sock
# A Unix socket path must fit in sun_path (108 bytes).
((${#sock} < 100)) || die "path too long for a Unix socket: $sock (use a shorter DIR)"

for tool in mariadb-install-db mariadbd mariadb-admin mariadb; do
  command -v "$tool" >/dev/null || die "$tool not found: run scripts/install-deps.sh"
done
os_user=$(id -un) # mariadb-install-db gives this OS user a socket-authenticated admin account

admin() { mariadb-admin --no-defaults --socket="$sock" --user="$os_user" "$@"; }
url() { printf 'mysql://%s:%s@127.0.0.1:%s/%s\n' "$DB_USER" "$DB_PASSWORD" "$(cat "$dir/port")" "$DB_NAME"; }

if [[ -f $dir/port ]] && admin --connect-timeout=2 ping >/dev/null 2>&1; then
  msg "already running in $dir"
  url
  exit 0
fi

free_port() {
  /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

if [[ ! -d $dir/data/mysql ]]; then
  msg "initialising $dir/data"
  mkdir -p "$dir/data"
  mariadb-install-db --no-defaults --user="$os_user" --datadir="$dir/data" \
    --auth-root-authentication-method=socket --skip-test-db >"$dir/install.log" 2>&1 ||
    die "mariadb-install-db failed, see $dir/install.log: $(tail -n 5 "$dir/install.log")"
fi
mkdir -p "$dir/tmp"

# The free port is only free when checked; if another process takes it first, the server fails to
# bind and we try again with a new one (unless $PORT was imposed).
attempts=3
[[ -n ${PORT:-} ]] && attempts=1
for ((attempt = 1; attempt <= attempts; attempt++)); do
  port=${PORT:-$(free_port)}
  echo "$port" >"$dir/port"
  rm -f "$dir/pid"
  touch "$dir/err.log"
  log_start=$(($(wc -l <"$dir/err.log") + 1)) # this attempt's lines start here
  msg "starting mariadbd on 127.0.0.1:$port (log: $dir/err.log)"
  # stdin/stdout/stderr are detached so that a caller capturing our stdout, $(...), does not wait on it.
  nohup mariadbd --no-defaults --user="$os_user" --datadir="$dir/data" --socket="$sock" \
    --port="$port" --bind-address=127.0.0.1 --skip-name-resolve --tmpdir="$dir/tmp" --skip-log-bin \
    --innodb-buffer-pool-size="${MARIADB_BUFFER_POOL_SIZE:-128M}" --character-set-server=utf8mb4 \
    --collation-server=utf8mb4_unicode_ci --innodb-flush-log-at-trx-commit=2 \
    --pid-file="$dir/pid" --log-error="$dir/err.log" </dev/null >"$dir/mariadbd.out" 2>&1 &
  pid=$!
  deadline=$((SECONDS + STARTUP_TIMEOUT))
  until admin --connect-timeout=1 ping >/dev/null 2>&1; do
    if ! kill -0 "$pid" 2>/dev/null; then
      pid=""
      break
    fi
    if ((SECONDS >= deadline)); then
      kill "$pid" 2>/dev/null || true
      die "mariadbd did not answer within ${STARTUP_TIMEOUT}s; see $dir/err.log: $(tail -n 5 "$dir/err.log")"
    fi
    sleep 0.1
  done
  [[ -n $pid ]] && break
  if ((attempt == attempts)) || ! tail -n "+$log_start" "$dir/err.log" | grep "Bind on TCP/IP port" >/dev/null; then
    die "mariadbd exited; see $dir/err.log: $(tail -n "+$log_start" "$dir/err.log" | tail -n 5)"
  fi
  msg "port $port was taken meanwhile, trying another one"
done

mariadb --no-defaults --socket="$sock" --user="$os_user" <<SQL
CREATE USER IF NOT EXISTS '$DB_USER'@'127.0.0.1' IDENTIFIED BY '$DB_PASSWORD';
GRANT ALL PRIVILEGES ON *.* TO '$DB_USER'@'127.0.0.1';
CREATE DATABASE IF NOT EXISTS \`$DB_NAME\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
SQL
url >"$dir/url"
msg "ready (pid $pid): $(cat "$dir/url")"
cat "$dir/url"
