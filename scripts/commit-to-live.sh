#!/usr/bin/env bash
# Takes the current commit live on this host: build, fast tests, image, blue/green deploy.
#   scripts/commit-to-live.sh [--native] [--state DIR] [--env-file FILE] [--allow-dirty]
#     --native       deploy the build's binary (installed into STATE/releases/COMMIT) instead of
#                    the image localhost/microblog:COMMIT
#     --state DIR    deploy/bluegreen.sh's state folder (default: .bluegreen/); HAProxy is
#                    started there first when it is not running
#     --port N       HAProxy's port when it is started (default 8080); blue gets N+1, green N+2
#     --env-file F   the instances' environment (default: STATE/microblog.env, created on the
#                    first run with a SQLite database in STATE and a random SECRET_KEY; for
#                    containers STATE/microblog-container.env, the database in the podman volume
#                    microblog-live-data)
#     --allow-dirty  deploy even when the work tree has uncommitted changes (the build then
#                    holds them, and the commit id no longer says what runs)
# Stages: build (scripts/build.sh, incremental: the server and the unit tests only), fast tests
# (ctest -L unit), image (scripts/build-image.sh) or install, deploy (deploy/bluegreen.sh). The
# seconds of each stage and the total are printed at the end.
set -euo pipefail
CALLER_PWD=$PWD
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

abs_path() { case "$1" in /*) printf '%s\n' "$1" ;; *) printf '%s\n' "$CALLER_PWD/$1" ;; esac }
native=0
allow_dirty=0
state=$REPO_ROOT/.bluegreen
env_file=""
port=8080
while (($# > 0)); do
  case "$1" in
    --native) native=1 ;;
    --allow-dirty) allow_dirty=1 ;;
    --state)
      (($# > 1)) || die "--state needs a folder"
      state=$(abs_path "$2")
      shift
      ;;
    --port)
      (($# > 1)) || die "--port needs a number"
      port=$2
      shift
      ;;
    --env-file)
      (($# > 1)) || die "--env-file needs a file"
      env_file=$(abs_path "$2")
      shift
      ;;
    -h | --help)
      sed -n '2,16s/^# \{0,1\}//p' "$0"
      exit 0
      ;;
    *) die "unknown argument: $1 (see $0 --help)" ;;
  esac
  shift
done

now_ms() { echo $((${EPOCHREALTIME//[!0-9]/} / 1000)); }
summary=()
total_start=$(now_ms)
step() { # NAME COMMAND...
  local name=$1 start rc=0
  shift
  printf '\n==> %s\n' "$name" >&2
  start=$(now_ms)
  "$@" || rc=$?
  local ms=$(($(now_ms) - start))
  summary+=("$(printf '  %-28s %-7s %4d.%d s' "$name" "$([[ $rc == 0 ]] && echo ok || echo FAILED)" $((ms / 1000)) $((ms % 1000 / 100)))")
  if ((rc != 0)); then
    print_summary
    die "$name failed (exit status $rc): nothing was deployed${deploy_started:+ (or the deploy stopped part way: see above)}"
  fi
}
print_summary() {
  local ms=$(($(now_ms) - total_start))
  printf '\n==> commit to live: %s\n' "${commit:-?}" >&2
  printf '%s\n' "${summary[@]}" >&2
  printf '  %-28s         %4d.%d s\n' total $((ms / 1000)) $((ms % 1000 / 100)) >&2
}

commit=$(git rev-parse --short=12 HEAD)
if [[ -n $(git status --porcelain --untracked-files=no) ]]; then
  ((allow_dirty)) || die "the work tree has uncommitted changes: commit them, or pass --allow-dirty"
  commit=$commit-dirty-$(date -u +%Y%m%d%H%M%S)
fi
msg "taking $commit live ($([[ $native == 1 ]] && echo native || echo container) mode)"

build_image() { # TAG
  scripts/build-image.sh --tag "localhost/microblog:$1"
}

# A release folder per commit, so that the running instance never sees the next build's files.
# A commit already installed is reused; a dirty tree gets a new folder each time. Releases other
# than the 3 newest and those the instances run are removed.
install_release() { # DIR
  if [[ -x $1/bin/microblog && $1 != *-dirty-* ]]; then
    msg "reusing $1"
  else
    rm -rf "$1.tmp"
    cmake --install build --prefix "$1.tmp" >/dev/null
    mv "$1.tmp" "$1"
  fi
  local old
  while IFS= read -r old; do
    grep -qsF "$old/" "$state"/blue.version "$state"/green.version || rm -rf "$old"
  done < <(find "$state/releases" -mindepth 1 -maxdepth 1 -type d ! -path "$1" -printf '%T@ %p\n' |
    sort -rn | tail -n +3 | cut -d' ' -f2-)
}

fast_tests() {
  ctest --test-dir build -L '^unit$' -j2 --output-on-failure --no-tests=error
}

# The default environment: SQLite and the mail outbox in STATE for native instances; for
# containers, in the podman volume CONTAINER_VOLUME (both colors and the migration mount it), since
# a container sees neither STATE nor the host's user.
CONTAINER_VOLUME=microblog-live-data
ensure_env_file() {
  local data=$state
  if [[ -z $env_file ]]; then
    if ((native)); then
      env_file=$state/microblog.env
    else
      env_file=$state/microblog-container.env
      data=/var/lib/microblog
    fi
  fi
  [[ -f $env_file ]] && return 0
  mkdir -p "$state"
  msg "creating $env_file (SQLite in $data, a random SECRET_KEY)"
  (
    umask 077
    printf '%s\n' "DATABASE_URL=sqlite:///$data/microblog.db" \
      "SECRET_KEY=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')" \
      "MAIL_OUTBOX_DIR=$data/outbox" "SHUTDOWN_GRACE_SECONDS=10" >"$env_file"
  )
}

bluegreen_up() { # does nothing when HAProxy already runs for STATE
  deploy/bluegreen.sh --state "$state" up --port "$port" --blue-port $((port + 1)) \
    --green-port $((port + 2))
}

deploy_started=""
step "build" scripts/build.sh --target microblog --target unit_tests
step "fast tests (ctest -L unit)" fast_tests
ensure_env_file
if ((native)); then
  release=$state/releases/$commit
  step "install release" install_release "$release"
  deploy_args=(--exec "$release/bin/microblog")
else
  step "image" build_image "$commit"
  deploy_args=(--image "localhost/microblog:$commit" --podman-arg "--volume=$CONTAINER_VOLUME:/var/lib/microblog")
fi
step "HAProxy" bluegreen_up
deploy_started=1
step "deploy (blue/green)" deploy/bluegreen.sh --state "$state" deploy "${deploy_args[@]}" --env-file "$env_file"
print_summary
msg "$commit is live: http://127.0.0.1:$(sed -n 's/^PORT=//p' "$state/ports")"
