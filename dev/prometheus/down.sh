#!/usr/bin/env bash
# Stops our Prometheus (only the one whose pid we recorded). Data stays.
#   bash dev/prometheus/down.sh [--profile demo|test]
set -euo pipefail
cd "$(dirname "$0")/../.."
profile=demo
[ "${1:-}" = --profile ] && profile=${2:-demo}
[[ "${1:-}" == --profile=* ]] && profile=${1#*=}
source dev/prometheus/profile.sh
aire_profile "$profile"
pidfile=$PROM_DIR/prometheus.pid
if aire_alive "$pidfile"; then
  pid=$(cat "$pidfile")
  kill "$pid"
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  echo "prometheus: stopped (pid $pid)"
else
  echo "prometheus: not running"
fi
rm -f "$pidfile"
