#!/bin/sh
# MariaDB for compose.yaml: creates the data folder, the database and the user on the first start
# (MARIADB_PASSWORD), then runs the server in the foreground.
set -eu
datadir=/var/lib/mysql
if [ ! -d "$datadir/mysql" ]; then
  mariadb-install-db --no-defaults --user=mysql --datadir="$datadir" \
    --auth-root-authentication-method=socket >/dev/null
fi
mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld "$datadir"
cat >/run/mysqld/init.sql <<SQL
CREATE DATABASE IF NOT EXISTS microblog CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS 'microblog'@'%' IDENTIFIED BY '${MARIADB_PASSWORD}';
GRANT ALL ON microblog.* TO 'microblog'@'%';
SQL
exec mariadbd --no-defaults --user=mysql --datadir="$datadir" --socket=/run/mysqld/mysqld.sock \
  --bind-address=0.0.0.0 --port=3306 --skip-log-bin --init-file=/run/mysqld/init.sql \
  --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci
