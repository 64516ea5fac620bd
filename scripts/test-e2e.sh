#!/usr/bin/env bash
# The browser tests (tests/e2e, node's test runner driving Debian's chromium through
# playwright-core) against a built server: build/microblog unless MICROBLOG_BINARY says another.
# Screenshots of every page visited go to build/e2e-screenshots (MICROBLOG_E2E_SCREENSHOTS).
#   scripts/test-e2e.sh [FILE.test.mjs ...]    default: every tests/e2e/*.test.mjs
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$(dirname "${BASH_SOURCE[0]}")/.."

export MICROBLOG_BINARY=${MICROBLOG_BINARY:-$PWD/build/microblog}
export MICROBLOG_E2E_SCREENSHOTS=${MICROBLOG_E2E_SCREENSHOTS:-$PWD/build/e2e-screenshots}
[[ -x $MICROBLOG_BINARY ]] || die "no server at $MICROBLOG_BINARY: run scripts/build.sh first"
[[ -x ${CHROMIUM:-/usr/bin/chromium} ]] || die "chromium not found: run scripts/install-deps.sh"
[[ -d node_modules/playwright-core ]] || die "playwright-core is not in node_modules: run npm ci"

files=("$@")
if ((${#files[@]} == 0)); then
  files=(tests/e2e/*.test.mjs)
fi
rm -rf "$MICROBLOG_E2E_SCREENSHOTS"
node --test --test-reporter=spec "${files[@]}"
msg "screenshots: $MICROBLOG_E2E_SCREENSHOTS"
