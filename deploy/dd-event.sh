#!/usr/bin/env bash
# Sends one Datadog event as a DogStatsD datagram to the agent at DD_AGENT_HOST:DD_DOGSTATSD_PORT
# (default 8125), which forwards it to the event stream that dashboards overlay. Without
# DD_AGENT_HOST it does nothing. deploy/bluegreen.sh and deploy/aws/deploy.sh mark each deploy
# with it (docs/observability.md, "Deploy markers").
#   deploy/dd-event.sh [--type info|success|warning|error] [--tag KEY:VALUE]... TITLE TEXT
# Tags always sent: service:$DD_SERVICE (default microblog), env:$DD_ENV when set. Best effort, as
# UDP is: exits 0 when the datagram can't be sent (with a warning), so a deploy never fails for
# want of an agent; exits 2 on a usage error.
set -euo pipefail

usage() {
  sed -n '2,9s/^# \{0,1\}//p' "$0" >&2
  exit 2
}
alert_type=info
tags=()
while (($# > 0)); do
  case "$1" in
    --type)
      (($# > 1)) || usage
      alert_type=$2
      shift 2
      ;;
    --tag)
      (($# > 1)) || usage
      tags+=("$2")
      shift 2
      ;;
    -h | --help) usage ;;
    *) break ;;
  esac
done
(($# == 2)) || usage
[[ $alert_type =~ ^(info|success|warning|error)$ ]] || usage
[[ -n ${DD_AGENT_HOST:-} ]] || exit 0
port=${DD_DOGSTATSD_PORT:-8125}

tags+=("service:${DD_SERVICE:-microblog}")
[[ -n ${DD_ENV:-} ]] && tags+=("env:$DD_ENV")
# The protocol's separators can't appear inside a field: newlines are written \n (as the agent
# reads them back), and a "|" in the title or text would end it early.
field() { local s=${1//|/\/}; printf '%s' "${s//$'\n'/\\n}"; }
title=$(field "$1")
text=$(field "$2")
tag_list=""
for t in "${tags[@]}"; do
  t=${t//[|,#]/_}
  tag_list+=${tag_list:+,}${t//$'\n'/_}
done
# The lengths are in bytes, whatever the locale.
bytes() { LC_ALL=C && printf '%s' "${#1}"; }
payload="_e{$(bytes "$title"),$(bytes "$text")}:$title|$text|d:$(date +%s)|k:microblog-deploy|t:$alert_type|#$tag_list"
if ! (printf '%s' "$payload" >"/dev/udp/$DD_AGENT_HOST/$port") 2>/dev/null; then
  printf '[dd-event.sh] warning: could not send the event to %s:%s\n' "$DD_AGENT_HOST" "$port" >&2
fi
