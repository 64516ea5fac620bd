#!/usr/bin/env bash
# Builds the container image with podman and checks it for real; exits non-zero on any failure.
#   scripts/check-image.sh [--from-source] [--tag NAME]
#     default        the image takes the tree build/ already has (cmake --install --strip into
#                    image-tree/, Dockerfile TREE=prebuilt): about a minute; run scripts/build.sh first
#     --from-source  the image compiles Microblog itself (TREE=source): 15 minutes or more on 2 cores
#     --tag NAME     image name (default localhost/microblog:check)
# Stages: the image (scripts/build-image.sh: the base image when missing, then podman build), then one
# container on 127.0.0.1: migrate the volume, wait for /readyz, the image's HEALTHCHECK, a
# registration and a sign-in through the site, the server's user is not root, and it stops on
# SIGTERM (podman stop) well before the timeout with exit status 0. Each stage's seconds are
# printed; the container and its volume are removed at exit.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

MAX_IMAGE_MB=170      # the image must stay under this (ICU, for the interface languages and search, is 35 MB of it)
READY_DEADLINE=60     # seconds for the container to answer /readyz
STOP_TIMEOUT=30       # podman stop's grace before SIGKILL ...
STOP_MAX_SECONDS=10   # ... and how long stopping may take here (the server needs well under 1 s)

tree=prebuilt
tag=localhost/microblog:check
while (($# > 0)); do
  case "$1" in
    --from-source) tree=source ;;
    --tag)
      (($# > 1)) || die "--tag needs a name"
      tag=$2
      shift
      ;;
    -h | --help)
      sed -n '2,12s/^# \{0,1\}//p' "$0"
      exit 0
      ;;
    *) die "unknown argument: $1 (usage: $0 [--from-source] [--tag NAME])" ;;
  esac
  shift
done

command -v podman >/dev/null || die "podman not found: run scripts/install-deps.sh"
command -v curl >/dev/null || die "curl not found: run scripts/install-deps.sh"

now_ms() { echo $((${EPOCHREALTIME//[!0-9]/} / 1000)); }
summary=()
stage_name=""
stage_start=0
started=$(now_ms)
name=microblog-check-$$
volume=$name-data
work=$(mktemp -d "${TMPDIR:-/tmp}/microblog-check-image.XXXXXX")
container_started=0

record() { # NAME RESULT MILLISECONDS
  summary+=("$(printf '  %-32s %-7s %5d.%d s' "$1" "$2" $(($3 / 1000)) $(($3 % 1000 / 100)))")
}
stage() { # NAME: ends the previous stage
  local t
  t=$(now_ms)
  [[ -z $stage_name ]] || record "$stage_name" ok $((t - stage_start))
  stage_name=$1
  stage_start=$t
  [[ -z $stage_name ]] || msg "== $stage_name"
}
fail() {
  if ((container_started)); then
    msg "container log (last 30 lines):"
    podman logs --tail 30 "$name" >&2 || true
  fi
  die "$*"
}

cleanup() {
  local rc=$?
  set +e
  [[ -z $stage_name ]] || record "$stage_name" FAILED $(($(now_ms) - stage_start))
  podman rm --force --time 0 "$name" >/dev/null 2>&1
  podman volume rm --force "$volume" >/dev/null 2>&1
  rm -rf "$work"
  printf '%s\n' "${summary[@]}" >&2
  local total=$(($(now_ms) - started))
  if ((rc == 0)); then
    msg "image $tag passed in $((total / 1000)).$((total % 1000 / 100)) s"
  else
    msg "FAILED after $((total / 1000)) s"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---- image --------------------------------------------------------------------------------
stage "build the image ($tree)"
build_args=(--tag "$tag")
[[ $tree == prebuilt ]] || build_args+=(--from-source)
scripts/build-image.sh "${build_args[@]}"
size=$(podman image inspect --format '{{.Size}}' "$tag")
msg "image $tag: $size bytes ($((size / 1000000)) MB)"
((size < MAX_IMAGE_MB * 1000000)) || die "the image is $((size / 1000000)) MB, more than $MAX_IMAGE_MB MB"

# ---- a container on loopback ------------------------------------------------------------------
stage "migrate the volume"
podman volume create "$volume" >/dev/null
timeout 60 podman run --rm --volume "$volume:/var/lib/microblog" "$tag" db upgrade >"$work/upgrade.log" 2>&1 || {
  cat "$work/upgrade.log" >&2
  die "microblog db upgrade in the container failed"
}
grep -q 'is at schema version' "$work/upgrade.log" || die "db upgrade printed no schema version"

stage "start, wait for /readyz"
port=""
for _ in 1 2 3; do # the free port may be taken by someone else before podman binds it
  port=$(free_port)
  if podman run --detach --name "$name" --publish "127.0.0.1:$port:5000" \
    --volume "$volume:/var/lib/microblog" --env SECRET_KEY=check-image-secret-key-0123456789 \
    --env LOG_LEVEL=warn "$tag" >/dev/null 2>"$work/run.err"; then
    container_started=1
    break
  fi
  podman rm --force "$name" >/dev/null 2>&1 || true
  port=""
done
[[ -n $port ]] || fail "podman run failed: $(cat "$work/run.err")"
base=http://127.0.0.1:$port
deadline=$((SECONDS + READY_DEADLINE))
until [[ $(curl --silent --max-time 2 --output /dev/null --write-out '%{http_code}' "$base/readyz") == 200 ]]; do
  [[ $(podman inspect --format '{{.State.Running}}' "$name") == true ]] || fail "the container exited before /readyz answered"
  ((SECONDS < deadline)) || fail "/readyz did not answer 200 within $READY_DEADLINE s"
  sleep 0.2 # polling interval: the loop waits for a condition, with a deadline
done
msg "ready on $base"

stage "health check, user"
timeout 30 podman healthcheck run "$name" || fail "podman healthcheck run: the image's HEALTHCHECK fails"
uid=$(podman exec "$name" sed -n 's/^Uid:[[:space:]]*\([0-9]*\).*/\1/p' /proc/1/status)
[[ $uid =~ ^[0-9]+$ ]] || fail "could not read the server's uid"
((uid != 0)) || fail "the server runs as root"
msg "the server (pid 1 in the container) runs as uid $uid"

# ---- a registration and a sign-in through the container -----------------------------------
stage "register and sign in"
jar=$work/cookies
http() { # OUTPUT CURL-ARGS... -> prints "STATUS LOCATION"
  local out=$1
  shift
  curl --silent --max-time 20 --cookie "$jar" --cookie-jar "$jar" --output "$out" \
    --write-out '%{http_code} %{redirect_url}' "$@" || echo "no-answer"
}
csrf_token() { # PAGE-FILE
  sed -n 's/.*name="csrf_token" value="\([^"]*\)".*/\1/p' "$1" | head -n 1
}
user=ci$$
password="correct horse $$"

read -r status _ <<<"$(http "$work/register.html" "$base/auth/register")"
[[ $status == 200 ]] || fail "GET /auth/register: $status"
token=$(csrf_token "$work/register.html")
[[ -n $token ]] || fail "GET /auth/register: no csrf_token in the form"
read -r status location <<<"$(http "$work/registered.html" "$base/auth/register" --data-urlencode "csrf_token=$token" \
  --data-urlencode "username=$user" --data-urlencode "email=$user@example.com" \
  --data-urlencode "password=$password" --data-urlencode "password2=$password")"
[[ $status == 30[23] && $location == "$base/auth/login" ]] ||
  fail "POST /auth/register: expected a redirect to /auth/login, got $status ${location:-(no location)}"

read -r status _ <<<"$(http "$work/login.html" "$base/auth/login")"
[[ $status == 200 ]] || fail "GET /auth/login: $status"
grep -q 'Your account is ready' "$work/login.html" || fail "GET /auth/login: no flash confirming the registration"
token=$(csrf_token "$work/login.html")
[[ -n $token ]] || fail "GET /auth/login: no csrf_token in the form"

# A wrong password must not sign in: the check below can tell the difference.
read -r status _ <<<"$(http "$work/wrong.html" "$base/auth/login" --data-urlencode "csrf_token=$token" \
  --data-urlencode "username=$user" --data-urlencode "password=not the password")"
if [[ $status != 200 ]] || ! grep -q 'Invalid username or password' "$work/wrong.html"; then
  fail "POST /auth/login with a wrong password: expected the form again with an error, got $status"
fi

read -r status location <<<"$(http "$work/signed-in.html" "$base/auth/login" --data-urlencode "csrf_token=$token" \
  --data-urlencode "username=$user" --data-urlencode "password=$password")"
[[ $status == 30[23] ]] || fail "POST /auth/login: expected a redirect, got $status"
read -r status _ <<<"$(http "$work/index.html" "$base/index")"
[[ $status == 200 ]] || fail "GET /index after signing in: $status (redirected from $location)"
grep -q "Hi, $user!" "$work/index.html" || fail "GET /index after signing in: no greeting for $user"
msg "registered and signed in as $user"

# ---- SIGTERM ------------------------------------------------------------------------------
stage "stop (SIGTERM)"
stop_start=$(now_ms)
timeout $((STOP_TIMEOUT + 15)) podman stop --time "$STOP_TIMEOUT" "$name" >/dev/null || fail "podman stop failed"
stop_ms=$(($(now_ms) - stop_start))
code=$(podman inspect --format '{{.State.ExitCode}}' "$name")
container_started=0
((code == 0)) || fail "the server exited with status $code after SIGTERM (137: it was killed)"
((stop_ms < STOP_MAX_SECONDS * 1000)) || fail "podman stop took $stop_ms ms (more than $STOP_MAX_SECONDS s)"
msg "stopped on SIGTERM in $stop_ms ms, exit status 0"
stage ""
