#!/usr/bin/env bash
# Stops the evaluation Collector of a profile (only the one whose pid we recorded).
#   bash dev/otelcol/down.sh [--profile demo|test]
set -euo pipefail
cd "$(dirname "$0")/../.."
profile=demo
[ "${1:-}" = --profile ] && profile=${2:-demo}
[[ "${1:-}" == --profile=* ]] && profile=${1#*=}
source dev/prometheus/profile.sh # aire_alive
source dev/otelcol/profile.sh
aire_otelcol_profile "$profile"
pidfile=$OTELCOL_DIR/otelcol.pid
if aire_alive "$pidfile"; then
  pid=$(cat "$pidfile")
  kill "$pid"
  for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  echo "otelcol: stopped (pid $pid)"
else
  echo "otelcol: not running"
fi
rm -f "$pidfile"
