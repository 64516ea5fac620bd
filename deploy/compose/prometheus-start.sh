#!/bin/sh
# Prometheus for compose.yaml: writes METRICS_TOKEN where prometheus.yml's credentials_file
# points (beside the config), then runs Prometheus in the foreground.
set -eu
: "${METRICS_TOKEN:?set METRICS_TOKEN, the token of the instances for GET /metrics}"
umask 077
printf '%s' "$METRICS_TOKEN" >/etc/prometheus/metrics-token
exec prometheus --config.file=/etc/prometheus/prometheus.yml \
  --storage.tsdb.path=/var/lib/prometheus --web.listen-address=0.0.0.0:9090
