#!/usr/bin/env bash
# Starts the evaluation Collector (built by dev/otelcol/build.sh, config dev/otelcol/config.yaml)
# on loopback ports of a profile (dev/otelcol/profile.sh); the profile's Prometheus scrapes its
# counters (dev/prometheus/up.sh). Idempotent: a running, healthy instance with the same
# configuration is kept, one with a changed configuration restarted.
#   bash dev/otelcol/up.sh [--profile demo|test]
# Last line of output: otlp-endpoint: http://127.0.0.1:PORT   (OTLP/HTTP; POST /v1/logs)
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
source dev/prometheus/profile.sh # aire_alive
source dev/otelcol/profile.sh
aire_otelcol_profile "$profile"
# Build progress (minutes on a cold cache) goes to stderr; the binary's path is the last line.
bin=$(bash dev/otelcol/build.sh | while IFS= read -r l; do
  case $l in "otelcol-bin: "*) echo "${l#otelcol-bin: }" ;; *) echo "$l" >&2 ;; esac
done)
[ -x "$bin" ] || { echo "otelcol: no binary (dev/otelcol/build.sh failed)" >&2; exit 1; }
mkdir -p "$OTELCOL_DIR"
pidfile=$OTELCOL_DIR/otelcol.pid
endpoint=http://127.0.0.1:$OTELCOL_HTTP_PORT
healthy() { curl -fsS -m 2 "http://127.0.0.1:$OTELCOL_HEALTH_PORT/" >/dev/null 2>&1; }
# What the running instance was started with: binary, config and ports.
want="$(sha256sum "$bin" dev/otelcol/config.yaml | cut -c1-16 | tr '\n' ' ')$OTELCOL_HTTP_PORT $OTELCOL_GRPC_PORT $OTELCOL_METRICS_PORT $OTELCOL_HEALTH_PORT $OTELCOL_TELEMETRY_PORT"

done_msg() {
  echo "$endpoint" >"$OTELCOL_DIR/otlp-endpoint"
  echo "otelcol: counters at http://127.0.0.1:$OTELCOL_METRICS_PORT/metrics"
  echo "otlp-endpoint: $endpoint"
}
if aire_alive "$pidfile" && healthy && [ "$(cat "$OTELCOL_DIR/started-with" 2>/dev/null)" = "$want" ]; then
  echo "otelcol: running (pid $(cat "$pidfile"))"
  done_msg
  exit 0
fi
if aire_alive "$pidfile"; then
  kill "$(cat "$pidfile")" 2>/dev/null || true
  for _ in $(seq 1 20); do aire_alive "$pidfile" || break; sleep 0.5; done
fi
for p in $OTELCOL_HTTP_PORT $OTELCOL_GRPC_PORT $OTELCOL_METRICS_PORT $OTELCOL_HEALTH_PORT $OTELCOL_TELEMETRY_PORT; do
  if ss -ltn "sport = :$p" 2>/dev/null | grep -q LISTEN; then
    echo "otelcol: port $p is taken by another process; set the AIRE_OTELCOL_*_PORT variables" >&2
    exit 1
  fi
done
AIRE_OTELCOL_HTTP_PORT=$OTELCOL_HTTP_PORT AIRE_OTELCOL_GRPC_PORT=$OTELCOL_GRPC_PORT \
  AIRE_OTELCOL_METRICS_PORT=$OTELCOL_METRICS_PORT AIRE_OTELCOL_HEALTH_PORT=$OTELCOL_HEALTH_PORT \
  AIRE_OTELCOL_TELEMETRY_PORT=$OTELCOL_TELEMETRY_PORT \
  setsid nohup "$bin" --config="$PWD/dev/otelcol/config.yaml" >>"$OTELCOL_DIR/otelcol.log" 2>&1 </dev/null &
echo $! >"$pidfile"
echo "$want" >"$OTELCOL_DIR/started-with"
for _ in $(seq 1 60); do
  if healthy; then
    echo "otelcol: started (pid $(cat "$pidfile")), OTLP/HTTP $endpoint, OTLP/gRPC 127.0.0.1:$OTELCOL_GRPC_PORT"
    done_msg
    exit 0
  fi
  aire_alive "$pidfile" || { tail -20 "$OTELCOL_DIR/otelcol.log" >&2; echo "otelcol: exited" >&2; exit 1; }
  sleep 0.5
done
echo "otelcol: not healthy after 30 s; see $OTELCOL_DIR/otelcol.log" >&2
exit 1
