#!/usr/bin/env bash
# Installs what Microblog needs on Debian 12 to build, test and run, and only what is missing:
#   1. the Debian packages in PACKAGES (apt-get update runs only when one of them is missing);
#   2. the npm packages (node_modules) when they are missing or older than package.json/package-lock.json;
#   3. podman's /etc/containers/containers.conf when it is missing (runc, ulimits the machine allows).
# Safe to run again and again; as a normal user it uses sudo for apt-get.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PACKAGES=(
  # toolchain and checks
  build-essential cmake ninja-build ccache pkg-config git clang-format clang-tidy
  # C++ libraries
  libboost1.81-dev libboost-url1.81-dev libboost-locale1.81-dev libicu-dev libsoci-dev libsqlite3-dev libmariadb-dev
  libctemplate-dev libsodium-dev libspdlog-dev libfmt-dev libcli11-dev nlohmann-json3-dev
  libgtest-dev libgmock-dev libcurl4-openssl-dev libcld2-dev libssl-dev gettext
  # front-end assets (Bootstrap from npm)
  nodejs npm
  # services and tools used by the tests, benchmarks and deployment
  mariadb-server mariadb-client python3-aiosmtpd wrk nginx sqlite3 curl haproxy socat
  # promtool and a Prometheus the monitoring test starts on a free port (tests/ops/prometheus_test.sh)
  prometheus
  # the browser the browser tests drive (tests/e2e, through playwright-core; none is downloaded)
  chromium
  # offline checks of the AWS templates, CI definitions and shell scripts (scripts/check-ops.sh)
  shellcheck default-jre-headless
  # the container image (Dockerfile, scripts/make-base-image.sh, scripts/check-image.sh)
  podman buildah runc debootstrap aardvark-dns
)

# Packages that count as present when their command exists, whatever installed it. NodeSource's
# nodejs bundles npm and conflicts with Debian's npm package, so installing "npm" there would fail.
declare -A SATISFIED_BY_COMMAND=([nodejs]=node [npm]=npm [default-jre-headless]=java)

is_installed() {
  local pkg=$1
  if [[ -n "${SATISFIED_BY_COMMAND[$pkg]:-}" ]] && command -v "${SATISFIED_BY_COMMAND[$pkg]}" >/dev/null; then
    return 0
  fi
  [[ "$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null)" == "install ok installed" ]]
}

as_root() {
  if [[ $EUID -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null; then
    sudo "$@"
  else
    die "not root and sudo is missing: run as root: apt-get install $*"
  fi
}

install_debian_packages() {
  command -v dpkg-query >/dev/null || die "dpkg-query not found: this script targets Debian 12"
  local missing=() pkg
  for pkg in "${PACKAGES[@]}"; do
    is_installed "$pkg" || missing+=("$pkg")
  done
  if [[ ${#missing[@]} -eq 0 ]]; then
    msg "all ${#PACKAGES[@]} Debian packages are installed"
    return
  fi
  msg "installing ${#missing[@]} missing Debian packages: ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  if [[ " ${missing[*]} " == *" prometheus "* ]]; then
    quiet_system_prometheus
  fi
}

# Debian's prometheus package enables and starts a system service (port 9090, scraping nothing of
# ours) where systemd runs. It is installed here as a tool: the test starts its own on a free port.
quiet_system_prometheus() {
  if [[ -d /run/systemd/system ]] && command -v systemctl >/dev/null; then
    as_root systemctl disable --now prometheus.service >/dev/null 2>&1 || true
    msg "prometheus: the system service Debian enabled is stopped and disabled (installed as a tool)"
  fi
}

install_npm_packages() {
  [[ -f package.json ]] || die "package.json not found in $REPO_ROOT"
  # npm writes node_modules/.package-lock.json on every install: it marks when node_modules was made.
  local marker=node_modules/.package-lock.json
  if [[ -f $marker && ! package.json -nt $marker && ! (-f package-lock.json && package-lock.json -nt $marker) ]]; then
    msg "node_modules is up to date"
    return
  fi
  if [[ -f package-lock.json ]]; then
    msg "installing npm packages (npm ci)"
    npm ci --no-audit --no-fund
  else
    msg "installing npm packages (npm install; no package-lock.json yet)"
    npm install --no-audit --no-fund
  fi
  touch "$marker"
}

# podman's defaults fail on some machines (VMs without CAP_SYS_RESOURCE, hybrid cgroups): it asks
# for more open files than the hard limit allows, and crun refuses hybrid cgroups. runc and
# ulimits within the machine's hard limits work everywhere. An existing file is never replaced:
# when it lacks these settings, a warning says what to add.
CONTAINERS_CONF=/etc/containers/containers.conf
configure_podman() {
  command -v podman >/dev/null || return 0
  local nofile nproc
  nofile=$(ulimit -Hn)
  nproc=$(ulimit -Hu)
  [[ $nofile == unlimited || $nofile -gt 1048576 ]] && nofile=1048576
  # podman lowers its own process limit to 32768 when it starts; a container can't get more.
  [[ $nproc == unlimited || $nproc -gt 32768 ]] && nproc=32768
  local wanted
  # netavark with aardvark-dns: compose's services find each other by name. Without the setting,
  # podman 4.3 keeps the older CNI backend whenever a CNI network exists, and CNI has no DNS here.
  wanted=$(printf '[containers]\ndefault_ulimits = ["nofile=%s:%s", "nproc=%s:%s"]\n[engine]\nruntime = "runc"\n[network]\nnetwork_backend = "netavark"\n' \
    "$nofile" "$nofile" "$nproc" "$nproc")
  local marker="# Written by Microblog's scripts/install-deps.sh"
  if [[ ! -e $CONTAINERS_CONF ]] ||
    { [[ $(head -n 1 "$CONTAINERS_CONF") == "$marker" ]] && [[ $(tail -n +2 "$CONTAINERS_CONF") != "$wanted" ]]; }; then
    # Missing, or ours from an earlier version of this script: (re)written.
    msg "writing $CONTAINERS_CONF (runtime runc, ulimits nofile=$nofile nproc=$nproc, netavark)"
    printf '%s\n%s\n' "$marker" "$wanted" | as_root tee "$CONTAINERS_CONF" >/dev/null
  elif ! grep -q '^[[:space:]]*runtime[[:space:]]*=[[:space:]]*"runc"' "$CONTAINERS_CONF" ||
    ! grep -q '^[[:space:]]*default_ulimits' "$CONTAINERS_CONF" ||
    ! grep -q '^[[:space:]]*network_backend[[:space:]]*=[[:space:]]*"netavark"' "$CONTAINERS_CONF"; then
    msg "warning: $CONTAINERS_CONF exists but does not set runtime = \"runc\", default_ulimits and" \
      "network_backend = \"netavark\"; if podman run fails with setrlimit or cgroup errors, or" \
      "compose's services can't resolve each other, add:"
    printf '%s\n' "$wanted" >&2
  else
    msg "$CONTAINERS_CONF sets runc and ulimits"
  fi
}

case "${1:-}" in
  "") ;;
  -h | --help)
    sed -n '2,6s/^# \{0,1\}//p' "$0"
    exit 0
    ;;
  *) die "unknown argument: $1 (usage: $0)" ;;
esac

install_debian_packages
install_npm_packages
configure_podman
