# shellcheck shell=bash
# Shared helpers for the scripts in this folder. Source it after `set -euo pipefail`:
#   source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# It moves to the repository root, so every script works from any directory.

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$REPO_ROOT" || exit 1

# Messages go to stderr so that stdout stays usable (start-mariadb.sh prints only the URL there).
msg() { printf '[%s] %s\n' "$(basename "$0")" "$*" >&2; }
die() {
  msg "error: $*"
  exit 1
}

# Prints a TCP port that is free on 127.0.0.1 now. Another process may take it before the caller
# binds it, so callers that can retry should.
free_port() {
  /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
