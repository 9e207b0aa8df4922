# Sourced by dev/otelcol/*.sh and dev/prometheus/up.sh: ports and directory of the evaluation
# Collector per profile (the same profiles as dev/prometheus/profile.sh).
#   demo: OTLP/HTTP 127.0.0.1:19318, OTLP/gRPC :19317, counters for Prometheus :19464,
#         health :19133, the Collector's own metrics :19888; state in .aire/otelcol
#   test: OTLP/HTTP :19328, OTLP/gRPC :19327, counters :19465, health :19134, own metrics :19889;
#         state in .aire/otelcol-test
# Overrides: AIRE_OTELCOL_HTTP_PORT, _GRPC_PORT, _METRICS_PORT, _HEALTH_PORT, _TELEMETRY_PORT, _DIR.
aire_otelcol_profile() {
  local base
  case "${1:-demo}" in
    demo) base=0 OTELCOL_DIR=${AIRE_OTELCOL_DIR:-.aire/otelcol} ;;
    test) base=1 OTELCOL_DIR=${AIRE_OTELCOL_DIR:-.aire/otelcol-test} ;;
    *)
      echo "unknown profile '$1' (demo or test)" >&2
      return 2
      ;;
  esac
  OTELCOL_GRPC_PORT=${AIRE_OTELCOL_GRPC_PORT:-$((19317 + 10 * base))}
  OTELCOL_HTTP_PORT=${AIRE_OTELCOL_HTTP_PORT:-$((19318 + 10 * base))}
  OTELCOL_METRICS_PORT=${AIRE_OTELCOL_METRICS_PORT:-$((19464 + base))}
  OTELCOL_HEALTH_PORT=${AIRE_OTELCOL_HEALTH_PORT:-$((19133 + base))}
  OTELCOL_TELEMETRY_PORT=${AIRE_OTELCOL_TELEMETRY_PORT:-$((19888 + base))}
}
