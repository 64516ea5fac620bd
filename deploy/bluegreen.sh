#!/usr/bin/env bash
# Blue/green deploys of Microblog on one host, behind HAProxy (docs/deploy.md, "Blue/green on one host").
#   deploy/bluegreen.sh [--state DIR] up [--port N] [--blue-port N] [--green-port N]
#   deploy/bluegreen.sh [--state DIR] deploy (--exec BINARY | --image IMAGE) [--env-file FILE]
#                       [--ready-timeout S] [--drain-timeout S] [--stop-timeout S] [--no-migrate]
#                       [--podman-arg ARG]...
#   deploy/bluegreen.sh [--state DIR] status
#   deploy/bluegreen.sh [--state DIR] down
# up      starts HAProxy (master-worker, runtime API on STATE/admin.sock) on 127.0.0.1:PORT
#         (default 8080), with the servers blue (127.0.0.1:8001) and green (8002), both disabled.
# deploy  starts the new version in the idle color beside the live one, after `db upgrade` (skip
#         it with --no-migrate), waits for its /readyz (--ready-timeout, default 60 s), enables it,
#         drains the live one until its sessions reach 0 (--drain-timeout, default 60 s), disables
#         it, then stops it with SIGTERM and waits for it to exit (--stop-timeout, default 60 s,
#         then SIGKILL). If the new version never becomes ready, traffic never moves: it is
#         stopped, and the command fails with the reason and the end of its log.
#         --exec runs a native microblog binary; --image runs a container (podman, published on
#         127.0.0.1:PORT:5000). The instance's environment is only what --env-file gives (KEY=VALUE
#         lines, as podman --env-file reads them), plus PATH, and DEPLOY_TIMESTAMP and DEPLOY_COLOR
#         (its /metrics shows microblog_deploy_timestamp_seconds). With DD_AGENT_HOST set (here or
#         in the env file) each deploy, or its failure, is also a Datadog event (deploy/dd-event.sh).
# status  HAProxy, the live color, and each server's state, sessions, process and /readyz.
#         Exits 0 only when HAProxy runs and the live color is UP.
# down    stops both instances and HAProxy.
# STATE (default: .bluegreen/ in the repository) holds the config, the pids, the logs and the
# admin socket. Each stage's seconds are printed on stderr.
set -euo pipefail
CALLER_PWD=$PWD
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"

usage() {
  sed -n '2,27s/^# \{0,1\}//p' "$0" >&2
  exit 2
}
abs_path() { # PATH, relative to the caller's directory
  case "$1" in
    /*) printf '%s\n' "$1" ;;
    *) printf '%s\n' "$CALLER_PWD/$1" ;;
  esac
}

state=$REPO_ROOT/.bluegreen
while (($# > 0)); do
  case "$1" in
    --state)
      (($# > 1)) || die "--state needs a folder"
      state=$(abs_path "$2")
      shift 2
      ;;
    -h | --help) usage ;;
    *) break ;;
  esac
done
(($# > 0)) || usage
command=$1
shift

for tool in haproxy socat curl; do
  command -v "$tool" >/dev/null || die "$tool not found: run scripts/install-deps.sh"
done

SOCKET=$state/admin.sock
now_ms() { echo $((${EPOCHREALTIME//[!0-9]/} / 1000)); }
seconds_since() { # START_MS: prints the seconds since, to 0.1 s
  local ms=$(($(now_ms) - $1))
  printf '%d.%d' $((ms / 1000)) $((ms % 1000 / 100))
}
indent() { sed 's/^/  | /' >&2; }
stage_start=0
stage() { # NAME: starts a stage; stage_done prints its seconds
  stage_start=$(now_ms)
  stage_name=$1
}
stage_done() {
  msg "stage $stage_name: $(seconds_since "$stage_start") s"
}

# ---- HAProxy and its runtime API ----------------------------------------------------------

api() { # COMMAND...: one runtime API command; prints its answer
  printf '%s\n' "$*" | socat -t 5 stdio "UNIX-CONNECT:$SOCKET"
}
haproxy_pid() { [[ -f $state/haproxy.pid ]] && cat "$state/haproxy.pid"; }
haproxy_running() {
  local pid
  pid=$(haproxy_pid) && [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null
}
# FIELD of server be/COLOR in `show stat` (CSV; 5 = scur, current sessions; 18 = status: UP,
# DOWN, MAINT, DRAIN, "UP 1/2", ...).
server_field() { # COLOR FIELD
  api "show stat" | awk -F, -v s="$1" -v f="$2" '$1 == "be" && $2 == s { print $f }'
}
wait_until() { # DEADLINE_SECONDS DESCRIPTION COMMAND...: polls COMMAND every 0.1 s
  local limit=$1 deadline=$((SECONDS + $1)) what=$2
  shift 2
  until "$@"; do
    ((SECONDS < deadline)) || {
      msg "timed out after $limit s waiting for $what"
      return 1
    }
    sleep 0.1
  done
}
server_is_up() { [[ $(server_field "$1" 18) == UP ]]; }
server_is_idle() { [[ $(server_field "$1" 5) == 0 ]]; }

load_ports() {
  [[ -f $state/ports ]] || die "no HAProxy set up in $state: run '$0 --state $state up' first"
  PORT=$(sed -n 's/^PORT=//p' "$state/ports")
  BLUE_PORT=$(sed -n 's/^BLUE_PORT=//p' "$state/ports")
  GREEN_PORT=$(sed -n 's/^GREEN_PORT=//p' "$state/ports")
}

cmd_up() {
  local port=8080 blue_port=8001 green_port=8002
  while (($# > 0)); do
    case "$1" in
      --port) port=$2 ;;
      --blue-port) blue_port=$2 ;;
      --green-port) green_port=$2 ;;
      *) die "up: unknown argument: $1" ;;
    esac
    shift 2
  done
  if haproxy_running; then
    msg "HAProxy already runs (pid $(haproxy_pid)) for $state"
    return 0
  fi
  mkdir -p "$state"
  rm -f "$SOCKET" "$state/live"
  printf 'PORT=%s\nBLUE_PORT=%s\nGREEN_PORT=%s\n' "$port" "$blue_port" "$green_port" >"$state/ports"
  sed -e "s|@STATE@|$state|g" -e "s|@PORT@|$port|g" -e "s|@BLUE_PORT@|$blue_port|g" \
    -e "s|@GREEN_PORT@|$green_port|g" deploy/haproxy/haproxy.cfg.in >"$state/haproxy.cfg"
  haproxy -c -q -f "$state/haproxy.cfg" || die "HAProxy rejects $state/haproxy.cfg"
  stage "start HAProxy"
  # -W master-worker, -db in the foreground (its own session, so that the caller's Ctrl-C does
  # not reach it); -p writes the master's pid.
  setsid haproxy -W -db -p "$state/haproxy.pid" -f "$state/haproxy.cfg" \
    >>"$state/haproxy.log" 2>&1 </dev/null &
  local pid=$!
  api_answers() { [[ -S $SOCKET ]] && api "show info" 2>/dev/null | grep -q '^Pid:'; }
  if ! wait_until 10 "HAProxy's admin socket" api_answers; then
    kill -TERM "$pid" 2>/dev/null || true
    die "HAProxy did not start: $(tail -n 5 "$state/haproxy.log")"
  fi
  stage_done
  msg "HAProxy (pid $(haproxy_pid)) listens on 127.0.0.1:$port; blue -> :$blue_port, green -> :$green_port"
}

# ---- instances -------------------------------------------------------------------------------
# STATE/COLOR.pid (native) or STATE/COLOR.container (podman) names the running instance;
# STATE/COLOR.log is its output; STATE/COLOR.version says what it runs.

container_name() { echo "microblog-$1-$(printf '%s' "$state" | md5sum | cut -c1-8)"; }

instance_alive() { # COLOR
  if [[ -f $state/$1.pid ]]; then
    kill -0 "$(cat "$state/$1.pid")" 2>/dev/null
  elif [[ -f $state/$1.container ]]; then
    [[ $(podman inspect -f '{{.State.Running}}' "$(cat "$state/$1.container")" 2>/dev/null) == true ]]
  else
    return 1
  fi
}

instance_log_tail() { # COLOR
  if [[ -f $state/$1.container ]]; then
    local name
    name=$(cat "$state/$1.container")
    # An exited container's last lines reach its log only once conmon is done with it.
    instance_alive "$1" || timeout 10 podman wait "$name" >/dev/null 2>&1 || true
    podman logs --tail 20 "$name" 2>&1 || true
  else
    tail -n 20 "$state/$1.log" 2>/dev/null || true
  fi
}

# Stops the instance of COLOR, if any: SIGTERM (the server finishes its requests in flight), then
# waits up to TIMEOUT seconds for it to exit, then SIGKILL.
stop_instance() { # COLOR TIMEOUT
  local color=$1 timeout=$2 pid name
  if [[ -f $state/$color.pid ]]; then
    pid=$(cat "$state/$color.pid")
    if kill -TERM "$pid" 2>/dev/null; then
      pid_gone() { ! kill -0 "$pid" 2>/dev/null; }
      if ! wait_until "$timeout" "$color (pid $pid) to exit" pid_gone; then
        kill -KILL "$pid" 2>/dev/null || true
        msg "warning: killed $color (pid $pid) after $timeout s"
      fi
    fi
    rm -f "$state/$color.pid"
  elif [[ -f $state/$color.container ]]; then
    name=$(cat "$state/$color.container")
    podman stop --time "$timeout" "$name" >/dev/null 2>&1 || true
    podman logs "$name" >"$state/$color.log" 2>&1 || true
    podman rm --force "$name" >/dev/null 2>&1 || true
    rm -f "$state/$color.container"
  fi
  rm -f "$state/$color.version"
}

# Reads KEY=VALUE lines (no quoting, as podman --env-file) into the array env_args.
read_env_file() { # FILE
  env_args=()
  [[ -n $1 ]] || return 0
  local line
  while IFS= read -r line || [[ -n $line ]]; do
    [[ $line =~ ^[[:space:]]*(#|$) ]] && continue
    [[ $line == *=* ]] || die "$1: not a KEY=VALUE line: $line"
    env_args+=("$line")
  done <"$1"
}

migrate() { # MODE TARGET
  local log=$state/migrate.log
  if [[ $1 == exec ]]; then
    env -i PATH="$PATH" "${env_args[@]}" "$2" db upgrade >"$log" 2>&1
  else
    podman run --rm "${podman_env[@]}" "${podman_args[@]}" --entrypoint microblog "$2" \
      db upgrade >"$log" 2>&1
  fi || {
    msg "db upgrade failed; traffic did not move. Its output:"
    indent <"$log"
    deploy_event error "Failed to deploy" "db upgrade failed; traffic did not move"
    exit 1
  }
}

start_instance() { # COLOR MODE TARGET PORT DEPLOY_TIMESTAMP
  local color=$1 mode=$2 target=$3 port=$4 marker=(DEPLOY_TIMESTAMP="$5" DEPLOY_COLOR="$1") name
  : >"$state/$color.log"
  if [[ $mode == exec ]]; then
    # setsid: its own session, so a Ctrl-C of this command leaves it alone; env -i: only the
    # env file's variables, as in a container. setsid and env both exec, so $! is its pid.
    setsid env -i PATH="$PATH" "${env_args[@]}" "${marker[@]}" "$target" serve --listen "127.0.0.1:$port" \
      >>"$state/$color.log" 2>&1 </dev/null 9>&- &
    echo $! >"$state/$color.pid"
  else
    name=$(container_name "$color")
    podman rm --force "$name" >/dev/null 2>&1 || true
    podman run -d --name "$name" "${podman_env[@]}" "${marker[@]/#/--env=}" "${podman_args[@]}" \
      -p "127.0.0.1:$port:5000" --entrypoint microblog "$target" serve --listen 0.0.0.0:5000 \
      >/dev/null 2>>"$state/$color.log" 9>&- || {
      msg "podman run failed: $(tail -n 5 "$state/$color.log")"
      exit 1
    }
    echo "$name" >"$state/$color.container"
  fi
  echo "$mode $target" >"$state/$color.version"
}

# ---- deploy events ---------------------------------------------------------------------------

setting() { # NAME: this command's environment first, else the env file's line
  local name=$1 line
  if [[ -n ${!name:-} ]]; then
    printf '%s\n' "${!name}"
    return
  fi
  for line in "${env_args[@]}"; do
    if [[ $line == "$name="* ]]; then
      printf '%s\n' "${line#*=}"
      return
    fi
  done
}
# target_version: "microblog 0.1.0 (commit abc)" from the new version itself (asked once per
# deploy), or what it was given as when it can't say.
target_version=""
find_target_version() {
  [[ -z $target_version ]] || return 0
  if [[ $deploy_mode == exec ]]; then
    target_version=$(timeout 10 "$deploy_target" --version 2>/dev/null) || true
  else
    target_version=$(timeout 60 podman run --rm "${podman_args[@]}" --entrypoint microblog \
      "$deploy_target" --version 2>/dev/null) || true
  fi
  target_version=${target_version:-$deploy_target}
}
# A Datadog event (deploy/dd-event.sh) titled "VERB <version> to <color>", when DD_AGENT_HOST is
# set; nothing otherwise.
deploy_event() { # TYPE VERB TEXT
  local host version commit
  host=$(setting DD_AGENT_HOST)
  [[ -n $host ]] || return 0
  find_target_version
  commit=$(sed -n 's/.*(commit \(.*\)).*/\1/p' <<<"$target_version")
  version=$(sed -n 's/^microblog \([^ ]*\) .*/\1/p' <<<"$target_version")
  DD_AGENT_HOST=$host DD_DOGSTATSD_PORT=$(setting DD_DOGSTATSD_PORT) DD_ENV=$(setting DD_ENV) \
    DD_SERVICE=$(setting DD_SERVICE) "$REPO_ROOT/deploy/dd-event.sh" --type "$1" \
    --tag "color:$deploy_color" --tag "version:${version:-unknown}" --tag "commit:${commit:-unknown}" \
    --tag "source:bluegreen" "$2 $target_version to $deploy_color" "$3 ($deploy_target)"
}

ready_answer() { # PORT: true when /readyz answers 200
  curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$1/readyz" 2>/dev/null
}

cmd_deploy() {
  local mode="" target="" env_file="" ready_timeout=60 drain_timeout=60 stop_timeout=60 do_migrate=1
  podman_args=()
  while (($# > 0)); do
    case "$1" in
      --exec) mode=exec target=$(abs_path "$2") ;;
      --image) mode=image target=$2 ;;
      --env-file) env_file=$(abs_path "$2") ;;
      --ready-timeout) ready_timeout=$2 ;;
      --drain-timeout) drain_timeout=$2 ;;
      --stop-timeout) stop_timeout=$2 ;;
      --podman-arg) podman_args+=("$2") ;;
      --no-migrate)
        do_migrate=0
        shift
        continue
        ;;
      *) die "deploy: unknown argument: $1" ;;
    esac
    shift 2
  done
  [[ -n $mode ]] || die "deploy: give --exec BINARY or --image IMAGE"
  if [[ $mode == exec ]]; then
    [[ -x $target ]] || die "not an executable: $target"
  else
    command -v podman >/dev/null || die "podman not found: run scripts/install-deps.sh"
  fi
  [[ -z $env_file || -f $env_file ]] || die "no such env file: $env_file"
  read_env_file "$env_file"
  podman_env=()
  [[ -n $env_file ]] && podman_env=(--env-file "$env_file")

  load_ports
  haproxy_running || die "HAProxy is not running for $state: run '$0 --state $state up'"
  # The lock is fd 9, closed in every process a deploy leaves running (9>&-).
  exec 9>"$state/lock"
  flock -n 9 || die "another deploy runs on $state"

  local live="" idle port total_start
  [[ -f $state/live ]] && live=$(cat "$state/live")
  if [[ $live == blue ]]; then idle=green port=$GREEN_PORT; else idle=blue port=$BLUE_PORT; fi
  total_start=$(now_ms)
  deploy_mode=$mode deploy_target=$target deploy_color=$idle
  local deploy_timestamp
  deploy_timestamp=$(date +%s)
  msg "deploying $target to $idle (port $port); live: ${live:-none}"

  # A leftover of a deploy that was interrupted: never in rotation (live is the other color).
  if instance_alive "$idle" || [[ -f $state/$idle.pid || -f $state/$idle.container ]]; then
    api "set server be/$idle state maint" >/dev/null
    stop_instance "$idle" "$stop_timeout"
  fi

  if ((do_migrate)); then
    stage "migrate (db upgrade)"
    migrate "$mode" "$target"
    stage_done
  fi

  stage "start $idle"
  start_instance "$idle" "$mode" "$target" "$port" "$deploy_timestamp"
  stage_done

  stage "wait for $idle's /readyz"
  local deadline=$((SECONDS + ready_timeout)) reason=""
  until ready_answer "$port"; do
    if ! instance_alive "$idle"; then
      reason="$idle exited before it became ready"
      break
    fi
    if ((SECONDS >= deadline)); then
      reason="$idle did not answer 200 on /readyz within $ready_timeout s (last answer: $(curl -sS --max-time 2 "http://127.0.0.1:$port/readyz" 2>&1 | head -c 300))"
      break
    fi
    sleep 0.1
  done
  if [[ -n $reason ]]; then
    stage_done
    local log_tail
    log_tail=$(instance_log_tail "$idle")
    stop_instance "$idle" "$stop_timeout"
    msg "the end of $idle's log:"
    printf '%s\n' "$log_tail" | indent
    deploy_event error "Failed to deploy" "$reason; traffic did not move"
    die "deploy failed: $reason; traffic did not move (${live:-nothing} still serves)"
  fi
  stage_done

  stage "enable $idle in HAProxy"
  api "set server be/$idle state ready" >/dev/null
  if ! wait_until 15 "HAProxy's health check to mark $idle UP" server_is_up "$idle"; then
    api "set server be/$idle state maint" >/dev/null
    local log_tail
    log_tail=$(instance_log_tail "$idle")
    stop_instance "$idle" "$stop_timeout"
    printf '%s\n' "$log_tail" | indent
    deploy_event error "Failed to deploy" "HAProxy never saw $idle UP; traffic did not move"
    die "deploy failed: HAProxy never saw $idle UP (status: $(server_field "$idle" 18)); traffic did not move"
  fi
  echo "$idle" >"$state/live"
  stage_done

  if [[ -n $live ]]; then
    stage "drain $live"
    api "set server be/$live state drain" >/dev/null
    wait_until "$drain_timeout" "$live's sessions to reach 0" server_is_idle "$live" ||
      msg "warning: $live still has $(server_field "$live" 5) sessions; stopping it anyway"
    api "set server be/$live state maint" >/dev/null
    stage_done

    stage "stop $live"
    stop_instance "$live" "$stop_timeout"
    stage_done
  fi
  local took
  took=$(seconds_since "$total_start")
  deploy_event success "Deployed" "$idle is live in $took s, replacing ${live:-nothing}"
  msg "deployed: $idle is live ($target) in $took s"
}

cmd_status() {
  load_ports
  local rc=0 live="" color st
  if haproxy_running; then
    echo "haproxy: running (pid $(haproxy_pid)), http://127.0.0.1:$PORT"
  else
    echo "haproxy: not running"
    rc=1
  fi
  [[ -f $state/live ]] && live=$(cat "$state/live")
  echo "live: ${live:-none}"
  for color in blue green; do
    local port=$BLUE_PORT proc="none" ready="-" version="-"
    [[ $color == green ]] && port=$GREEN_PORT
    st="-"
    if haproxy_running; then st="$(server_field "$color" 18), $(server_field "$color" 5) sessions"; fi
    if [[ -f $state/$color.pid ]]; then
      proc="pid $(cat "$state/$color.pid")"
    elif [[ -f $state/$color.container ]]; then
      proc="container $(cat "$state/$color.container")"
    fi
    if instance_alive "$color"; then
      proc+=" (running)"
      ready=$(curl -sS -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$port/readyz" 2>/dev/null || true)
    elif [[ $proc != none ]]; then
      proc+=" (not running)"
    fi
    [[ -f $state/$color.version ]] && version=$(cat "$state/$color.version")
    printf '%s: port %s, haproxy %s, %s, /readyz %s, %s\n' "$color" "$port" "$st" "$proc" "$ready" "$version"
  done
  if [[ -z $live ]] || ! haproxy_running || [[ $(server_field "$live" 18) != UP ]]; then
    rc=1
  fi
  return "$rc"
}

cmd_down() {
  [[ -d $state ]] || return 0
  local color pid
  for color in blue green; do
    if haproxy_running; then api "set server be/$color state maint" >/dev/null 2>&1 || true; fi
    stop_instance "$color" 30
  done
  if haproxy_running; then
    pid=$(haproxy_pid)
    kill -TERM "$pid" 2>/dev/null || true
    haproxy_gone() { ! kill -0 "$pid" 2>/dev/null; }
    wait_until 15 "HAProxy (pid $pid) to exit" haproxy_gone || kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$state/haproxy.pid" "$state/live" "$SOCKET"
  msg "stopped everything in $state"
}

case "$command" in
  up) cmd_up "$@" ;;
  deploy) cmd_deploy "$@" ;;
  status) cmd_status "$@" ;;
  down) cmd_down "$@" ;;
  *) die "unknown command: $command (commands: up, deploy, status, down)" ;;
esac
