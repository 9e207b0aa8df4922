#!/usr/bin/env bash
# Stops the simulator and our Prometheus of a profile (by their recorded pids). Data stays.
#   bash dev/sim/stop.sh [--profile demo|test]
set -euo pipefail
cd "$(dirname "$0")/../.."
profile=demo
[ "${1:-}" = --profile ] && profile=${2:-demo}
source dev/prometheus/profile.sh
aire_profile "$profile"
if aire_alive "$SIM_DIR/sim.pid"; then
  kill "$(cat "$SIM_DIR/sim.pid")" && echo "sim: stopped"
else
  echo "sim: not running"
fi
rm -f "$SIM_DIR/sim.pid" "$SIM_DIR/ready"
bash dev/prometheus/down.sh --profile "$profile"
