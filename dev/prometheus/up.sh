#!/usr/bin/env bash
# Starts our own Prometheus (Debian's package, /usr/bin/prometheus) on a loopback port, scraping
# the traffic simulator; data in .aire/prometheus[-test]/data. Idempotent: a running instance is
# kept (and reloaded if its configuration changed). Never touches the system service on :9090.
#   bash dev/prometheus/up.sh [--profile demo|test]
# Last line of output: prometheus-url: http://127.0.0.1:PORT
set -euo pipefail
cd "$(dirname "$0")/../.."
profile=demo
while [ $# -gt 0 ]; do
  case "$1" in
    --profile) profile=$2; shift 2 ;;
    --profile=*) profile=${1#*=}; shift ;;
    *) echo "usage: $0 [--profile demo|test]" >&2; exit 2 ;;
  esac
done
source dev/prometheus/profile.sh
aire_profile "$profile"
source dev/otelcol/profile.sh
aire_otelcol_profile "$profile"
command -v prometheus >/dev/null || { echo "prometheus: not installed (apt-get install prometheus)" >&2; exit 1; }
mkdir -p "$PROM_DIR/data"
url=http://127.0.0.1:$PROM_PORT
pidfile=$PROM_DIR/prometheus.pid
config=$PROM_DIR/prometheus.yml

# honor_labels keeps the simulator's cluster/namespace/pod labels (what Kubernetes SD would add);
# dropping job/instance makes the live series the same series as the backfilled history.
cat >"$config.new" <<YAML
global:
  scrape_interval: $SCRAPE
  scrape_timeout: $SCRAPE
  evaluation_interval: $SCRAPE
scrape_configs:
  - job_name: aire-sim
    honor_labels: true
    static_configs:
      - targets: ['127.0.0.1:$SIM_PORT']
    metric_relabel_configs:
      - action: labeldrop
        regex: job|instance
  # The evaluation Collector (dev/otelcol): its evaluation counters and its own pipeline metrics.
  - job_name: aire-otelcol
    honor_labels: true
    static_configs:
      - targets: ['127.0.0.1:$OTELCOL_METRICS_PORT', '127.0.0.1:$OTELCOL_TELEMETRY_PORT']
YAML
promtool check config "$config.new" >/dev/null

ready() { curl -fsS -m 2 "$url/-/ready" >/dev/null 2>&1; }

if aire_alive "$pidfile" && ready; then
  if ! cmp -s "$config" "$config.new"; then
    mv "$config.new" "$config"
    curl -fsS -m 5 -X POST "$url/-/reload" >/dev/null && echo "prometheus: configuration reloaded"
  else
    rm -f "$config.new"
  fi
  echo "prometheus: running (pid $(cat "$pidfile"))"
  echo "$url" >"$PROM_DIR/url"
  echo "prometheus-url: $url"
  exit 0
fi
if aire_alive "$pidfile"; then kill "$(cat "$pidfile")" 2>/dev/null || true; sleep 1; fi
if ss -ltn "sport = :$PROM_PORT" 2>/dev/null | grep -q LISTEN; then
  echo "prometheus: port $PROM_PORT is taken by another process; set AIRE_PROM_PORT" >&2
  exit 1
fi
mv "$config.new" "$config"
setsid nohup prometheus \
  --config.file="$config" \
  --storage.tsdb.path="$PROM_DIR/data" \
  --storage.tsdb.retention.time=45d \
  --web.listen-address="127.0.0.1:$PROM_PORT" \
  --web.enable-lifecycle \
  --log.level=warn \
  >>"$PROM_DIR/prometheus.log" 2>&1 </dev/null &
echo $! >"$pidfile"
for _ in $(seq 1 240); do
  if ready; then
    echo "prometheus: started (pid $(cat "$pidfile")), scraping 127.0.0.1:$SIM_PORT every $SCRAPE"
    echo "$url" >"$PROM_DIR/url"
    echo "prometheus-url: $url"
    exit 0
  fi
  aire_alive "$pidfile" || { tail -20 "$PROM_DIR/prometheus.log" >&2; echo "prometheus: exited" >&2; exit 1; }
  sleep 0.5
done
echo "prometheus: not ready after 120 s; see $PROM_DIR/prometheus.log" >&2
exit 1
