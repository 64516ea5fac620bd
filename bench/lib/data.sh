# shellcheck shell=bash
# The data sets of bench/run.sh, sourced by it: seeded once per size, kept in bench/.cache/ and
# reused by later runs. Reads run.sh's SEED, CACHE, TMP, FOLLOWS, BENCH_USER and BENCH_PASSWORD;
# appends to its seed_notes.
# shellcheck disable=SC2034 # DB_URL and mariadb_started are read by run.sh

size_users() { [[ $1 == 1x ]] && echo 1000 || echo 10000; }
size_posts() { [[ $1 == 1x ]] && echo 100000 || echo 1000000; }

# MariaDB client arguments for a mysql:// URL.
MYSQL_ARGS=()
set_mysql_args() {
  [[ $1 =~ ^mysql://([^:@/]+):([^@/]*)@([^:/]+):([0-9]+)/ ]] || die "cannot parse MariaDB URL: $1"
  MYSQL_ARGS=(--no-defaults -h "${BASH_REMATCH[3]}" -P "${BASH_REMATCH[4]}" -u "${BASH_REMATCH[1]}"
    "-p${BASH_REMATCH[2]}" -N -B)
}
mysql_q() { mariadb "${MYSQL_ARGS[@]}" "$@"; }

seed() { # SIZE DATABASE_URL LOG BACKEND
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

# The prepare functions set DB_URL rather than print it: they must run in run.sh's shell, where
# they record seed notes and which MariaDB server to stop at the end.
DB_URL=""

# DB_URL := a working copy of the SQLite data set of SIZE.
prepare_sqlite() { # SIZE
  local cached=$CACHE/sqlite-$1.db
  if [[ ! -f $cached ]]; then
    rm -f "$cached.partial"*
    seed "$1" "sqlite:///$cached.partial" "$CACHE/seed-sqlite-$1.log" sqlite || return 1
    mv "$cached.partial" "$cached"
  fi
  # Posting changes the data: every run works on a fresh copy. bench/readers.sh asks again for
  # each server: a journal left by the last one must not be applied to the new copy.
  rm -f "$TMP/sqlite-$1.db-wal" "$TMP/sqlite-$1.db-shm" "$TMP/sqlite-$1.db-journal"
  cp "$cached" "$TMP/sqlite-$1.db"
  DB_URL="sqlite:///$TMP/sqlite-$1.db"
}

MYSQL_SERVER_URL=""
mariadb_started="" # the data directory of the server this run started, to stop it at the end
prepare_mysql_server() {
  [[ -n $MYSQL_SERVER_URL ]] && return 0
  if [[ -n ${MYSQL_URL:-} ]]; then
    MYSQL_SERVER_URL=$MYSQL_URL
  else
    local dir=$CACHE/mariadb
    if ! [[ -f $dir/pid ]] || ! kill -0 "$(cat "$dir/pid")" 2>/dev/null; then
      mariadb_started=$dir
    fi
    # The 10x data's posts, follows and users with their indexes are about 350 MB: a database
    # server in production keeps what its pages read in memory, and with MariaDB's default of
    # 128 MB every uncached home timeline at 10x read pages from the files (bench/README.md).
    MYSQL_SERVER_URL=$(MARIADB_BUFFER_POOL_SIZE=${MARIADB_BUFFER_POOL_SIZE:-1G} scripts/start-mariadb.sh "$dir") || return 1
  fi
  set_mysql_args "$MYSQL_SERVER_URL"
}

# DB_URL := the MariaDB data set of SIZE (database bench_SIZE), seeded when it is missing or
# incomplete (posts are written last and in id order: the last id proves it).
prepare_mysql() { # SIZE
  prepare_mysql_server || return 1
  local db=bench_$1 users posts url seeded
  url="${MYSQL_SERVER_URL%/*}/$db"
  seeded=$(size_posts "$1")
  users=$(mysql_q -e "SELECT COUNT(*) FROM \`$db\`.user" 2>/dev/null || echo 0)
  posts=$(mysql_q -e "SELECT COUNT(*) FROM \`$db\`.post WHERE id = $seeded" 2>/dev/null || echo 0)
  if [[ $users != "$(size_users "$1")" || $posts != 1 ]]; then
    mysql_q -e "DROP DATABASE IF EXISTS \`$db\`; CREATE DATABASE \`$db\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci" ||
      return 1
    seed "$1" "$url" "$CACHE/seed-mysql-$1.log" mysql || return 1
  fi
  # Posting changes the data, and this database is kept between runs (SQLite's is copied
  # afresh): the posts earlier runs added are removed, so that every run reads the seeded data.
  # Left, they piled up (10,000 after a few runs at 10x) and became the site's newest posts, all
  # by the bench's posters: the window of recent posts then held nearly nothing by the users a
  # reader follows, and most home pages fell back to the query (docs/performance.md). Setting
  # innodb_max_purge_lag_wait to 0 returns once InnoDB has purged the deleted rows, work that
  # would otherwise share the cores with the measure.
  mysql_q -D "$db" -e "DELETE FROM post_search WHERE post_id > $seeded;
    DELETE FROM post WHERE id > $seeded;
    UPDATE post_sequence SET last_position = (SELECT MAX(position) FROM post) WHERE id = 1;
    SET GLOBAL innodb_max_purge_lag_wait = 0" || return 1
  DB_URL=$url
}

# Prints how many posts the bench user wrote since SINCE_US (microseconds).
count_posts_since() { # BACKEND SINCE_US DATABASE_URL
  local q="SELECT COUNT(*) FROM post WHERE user_id = (SELECT id FROM user WHERE username_key = '$BENCH_USER') AND created_us >= $2"
  case $1 in
    sqlite) sqlite3 "${3#sqlite://}" "$q" ;;
    mysql) mysql_q -D "${3##*/}" -e "$q" ;;
  esac
}
