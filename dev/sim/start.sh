#!/usr/bin/env bash
# Starts the traffic simulator (history backfill on first start, then live /metrics that follow
# the clusters' HTTPRoute weights) and our Prometheus scraping it. Idempotent: a running
# simulator is kept unless --fresh or its parameters changed.
#   bash dev/sim/start.sh [--profile demo|test] [--days N] [--scenario FILE|none] [--fresh] [--plan]
# Defaults: demo = 30 days + dev/sim/scenarios/canary-degradation.json; test = 2 days, baseline
# faults only. Last line of output: prometheus-url: http://127.0.0.1:PORT
set -euo pipefail
cd "$(dirname "$0")/../.."
profile=demo days= scenario= fresh= plan=
while [ $# -gt 0 ]; do
  case "$1" in
    --profile) profile=$2; shift 2 ;;
    --profile=*) profile=${1#*=}; shift ;;
    --days) days=$2; shift 2 ;;
    --scenario) scenario=$2; shift 2 ;;
    --fresh) fresh=--fresh; shift ;;
    --plan) plan=--plan; shift ;;
    *) echo "usage: $0 [--profile demo|test] [--days N] [--scenario FILE|none] [--fresh] [--plan]" >&2; exit 2 ;;
  esac
done
source dev/prometheus/profile.sh
aire_profile "$profile"
export PATH="$PWD/node_modules/.bin:$PATH"
# History is sampled every minute over its last `fine` hours, every 5 minutes before.
if [ "$profile" = test ]; then
  days=${days:-2} scenario=${scenario:-dev/sim/scenarios/test.json} fine=6
else
  days=${days:-30} scenario=${scenario:-dev/sim/scenarios/canary-degradation.json} fine=48
fi
[ "$scenario" = none ] && scenario=
mkdir -p "$SIM_DIR"
pidfile=$SIM_DIR/sim.pid
want="days=$days scenario=$scenario plan=$plan port=$SIM_PORT fine=$fine"

if aire_alive "$pidfile" && [ -z "$fresh" ] && [ "$(cat "$SIM_DIR/params" 2>/dev/null)" = "$want" ] &&
  curl -fsS -m 2 "http://127.0.0.1:$SIM_PORT/healthz" >/dev/null 2>&1; then
  echo "sim: running (pid $(cat "$pidfile"))"
else
  if aire_alive "$pidfile"; then
    kill "$(cat "$pidfile")" 2>/dev/null || true
    for _ in $(seq 1 40); do aire_alive "$pidfile" || break; sleep 0.25; done
  fi
  rm -f "$SIM_DIR/ready"
  echo "$want" >"$SIM_DIR/params"
  # Create the log before the background start: the redirection below happens in the child.
  : >>"$SIM_DIR/sim.log"
  kubeconfig=()
  [ -n "${AIRE_KUBECONFIG:-}" ] && kubeconfig=(--kubeconfig "$AIRE_KUBECONFIG")
  setsid nohup node --import tsx dev/sim/main.ts --state "$SIM_DIR" --prom-dir "$PROM_DIR" --port "$SIM_PORT" \
    --days "$days" --fine-hours "$fine" ${scenario:+--scenario "$scenario"} $fresh $plan "${kubeconfig[@]}" \
    >>"$SIM_DIR/sim.log" 2>&1 </dev/null &
  echo $! >"$pidfile"
  echo "sim: starting (pid $!, $days days of history; log $SIM_DIR/sim.log)"
  shown=$(wc -l <"$SIM_DIR/sim.log")
  for _ in $(seq 1 1800); do
    [ -s "$SIM_DIR/ready" ] && break
    if ! aire_alive "$pidfile"; then tail -30 "$SIM_DIR/sim.log" >&2; echo "sim: exited" >&2; exit 1; fi
    now=$(wc -l <"$SIM_DIR/sim.log")
    [ "$now" -gt "$shown" ] && { sed -n "$((shown + 1)),${now}p" "$SIM_DIR/sim.log"; shown=$now; }
    sleep 0.5
  done
  [ -s "$SIM_DIR/ready" ] || { echo "sim: not ready after 15 minutes" >&2; exit 1; }
  now=$(wc -l <"$SIM_DIR/sim.log")
  [ "$now" -gt "$shown" ] && sed -n "$((shown + 1)),${now}p" "$SIM_DIR/sim.log"
fi
bash dev/prometheus/up.sh --profile "$profile"
