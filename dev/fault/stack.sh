#!/usr/bin/env bash
# The fault suite's own stack, isolated from the shared dev services: a second local control plane
# (gpu-east, gpu-west on the ports of dev/fault/env.sh, state in .aire/fault), seeded at small
# scale; a simulator and Prometheus of its own (short history); a PostgreSQL instance of its own.
# Faults (stopping an API server, Prometheus, PostgreSQL) are injected only into this stack.
#   dev/fault/stack.sh up      idempotent; writes .aire/fault/stack.env (KEY=VALUE lines) and prints it
#   dev/fault/stack.sh down    stops all of it (data stays; `cluster.sh down --purge` with the env to purge)
#   dev/fault/stack.sh prometheus stop|start
set -euo pipefail
cd "$(dirname "$0")/../.."
source dev/fault/env.sh
export PATH="$PWD/node_modules/.bin:$PATH"
mkdir -p "$FAULT_DIR"
sim_dir=$FAULT_DIR/sim prom_dir=$FAULT_DIR/prometheus
alive() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

prom_start() {
  alive "$prom_dir/prometheus.pid" && return 0
  mkdir -p "$prom_dir/data"
  cat >"$prom_dir/prometheus.yml" <<YAML
global: { scrape_interval: 5s, scrape_timeout: 5s, evaluation_interval: 5s }
scrape_configs:
  - job_name: aire-sim
    honor_labels: true
    static_configs: [{ targets: ['127.0.0.1:$FAULT_SIM_PORT'] }]
    metric_relabel_configs: [{ action: labeldrop, regex: job|instance }]
YAML
  setsid nohup prometheus --config.file="$prom_dir/prometheus.yml" --storage.tsdb.path="$prom_dir/data" \
    --web.listen-address="127.0.0.1:$FAULT_PROM_PORT" --log.level=warn \
    >>"$prom_dir/prometheus.log" 2>&1 </dev/null &
  echo $! >"$prom_dir/prometheus.pid"
  for _ in $(seq 1 120); do
    curl -fsS -m 2 "http://127.0.0.1:$FAULT_PROM_PORT/-/ready" >/dev/null 2>&1 && return 0
    alive "$prom_dir/prometheus.pid" || { tail -20 "$prom_dir/prometheus.log" >&2; exit 1; }
    sleep 0.5
  done
  echo "fault: Prometheus not ready" >&2; exit 1
}

prom_stop() {
  alive "$prom_dir/prometheus.pid" || return 0
  local pid; pid=$(cat "$prom_dir/prometheus.pid")
  kill "$pid"
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  rm -f "$prom_dir/prometheus.pid"
}

up() {
  status=$(bash dev/cluster/cluster.sh up | tail -n2)
  admin=$(sed -n 's/^admin-kubeconfig: //p' <<<"$status")
  console=$(sed -n 's/^console-kubeconfig: //p' <<<"$status")
  if [ ! -f "$FAULT_DIR/cluster/.seeded" ]; then
    AIRE_ADMIN_KUBECONFIG=$admin AIRE_CONSOLE_KUBECONFIG=$console tsx dev/seed/seed-cluster.ts --scale small >"$FAULT_DIR/seed.log" 2>&1 ||
      { tail -20 "$FAULT_DIR/seed.log" >&2; exit 1; }
    touch "$FAULT_DIR/cluster/.seeded"
  fi
  # A few hours of history are enough for cost and SLO pages to have numbers.
  if ! alive "$sim_dir/sim.pid"; then
    mkdir -p "$sim_dir"; rm -f "$sim_dir/ready"; : >>"$sim_dir/sim.log"
    setsid nohup node --import tsx dev/sim/main.ts --state "$sim_dir" --prom-dir "$prom_dir" --port "$FAULT_SIM_PORT" \
      --days 0.25 --fine-hours 6 --scenario dev/sim/scenarios/test.json --kubeconfig "$console" \
      >>"$sim_dir/sim.log" 2>&1 </dev/null &
    echo $! >"$sim_dir/sim.pid"
    for _ in $(seq 1 600); do
      [ -s "$sim_dir/ready" ] && break
      alive "$sim_dir/sim.pid" || { tail -20 "$sim_dir/sim.log" >&2; exit 1; }
      sleep 0.5
    done
    [ -s "$sim_dir/ready" ] || { echo "fault: simulator not ready (log $sim_dir/sim.log)" >&2; exit 1; }
  fi
  prom_start
  # A fresh database each time: demo users, prices and SLOs as the test runner seeds them.
  pg_url=$(bash dev/fault/pg.sh up aire_fault | tail -n1)
  (
    export DATABASE_URL=$pg_url PROMETHEUS_URL=http://127.0.0.1:$FAULT_PROM_PORT
    tsx dev/db/migrate.ts && tsx dev/db/seed.ts && tsx dev/db/seed-costs.ts && tsx dev/db/seed-slos.ts
  ) >"$FAULT_DIR/db-seed.log" 2>&1 || { tail -20 "$FAULT_DIR/db-seed.log" >&2; exit 1; }
  cat >"$FAULT_DIR/stack.env.tmp" <<ENV
AIRE_ADMIN_KUBECONFIG=$admin
AIRE_KUBECONFIG=$console
AIRE_CONSOLE_KUBECONFIG=$console
PROMETHEUS_URL=http://127.0.0.1:$FAULT_PROM_PORT
DATABASE_URL=$pg_url
AIRE_FAULT_DIR=$FAULT_DIR
ENV
  mv "$FAULT_DIR/stack.env.tmp" "$FAULT_DIR/stack.env"
  cat "$FAULT_DIR/stack.env"
}

down() {
  prom_stop
  if alive "$sim_dir/sim.pid"; then kill "$(cat "$sim_dir/sim.pid")"; rm -f "$sim_dir/sim.pid"; fi
  bash dev/fault/pg.sh down
  bash dev/cluster/cluster.sh down
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  prometheus) case "${2:-}" in stop) prom_stop ;; start) prom_start ;; *) exit 2 ;; esac ;;
  *) echo "usage: $0 up | down | prometheus stop|start" >&2; exit 2 ;;
esac
