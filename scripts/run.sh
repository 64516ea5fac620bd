#!/usr/bin/env bash
# Installs what is missing, builds, migrates the database and serves Microblog in the foreground.
#   scripts/run.sh [--no-deps]
# Environment: LISTEN (default 127.0.0.1:5000); DATABASE_URL and the rest of the configuration are
# read by the program itself (default database: sqlite:///microblog.db in the repository root).
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

install_deps=1
for arg in "$@"; do
  case "$arg" in
    --no-deps) install_deps=0 ;;
    -h | --help)
      sed -n '2,5s/^# \{0,1\}//p' "$0"
      exit 0
      ;;
    *) die "unknown argument: $arg (usage: $0 [--no-deps])" ;;
  esac
done

if [[ $install_deps -eq 1 ]]; then
  scripts/install-deps.sh
fi
# Only the server and the files it serves: the tests and benchmark tools are scripts/test.sh's
# business. Same folder and configuration as test.sh, so neither rebuilds what the other built.
scripts/build.sh --target microblog
msg "migrating the database (microblog db upgrade)"
build/microblog db upgrade
listen=${LISTEN:-127.0.0.1:5000}
msg "serving on http://$listen/ (Ctrl-C to stop)"
exec build/microblog serve --listen "$listen"
