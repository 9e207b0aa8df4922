# Sourced by dev/prometheus/*.sh and dev/sim/*.sh: ports, directories and scrape interval of a
# metrics stack. Two profiles so the tests never disturb the demo's 30 days of history.
#   demo: Prometheus 127.0.0.1:19090, simulator :19100, scrape every 15s, .aire/prometheus, .aire/sim
#   test: Prometheus 127.0.0.1:19091, simulator :19101, scrape every 5s, .aire/prometheus-test, .aire/sim-test
# Each value can be overridden: AIRE_PROM_PORT, AIRE_SIM_PORT, AIRE_SCRAPE_INTERVAL, and the
# directories AIRE_PROM_DIR, AIRE_SIM_DIR (a private stack for experiments next to the shared one).
aire_profile() {
  case "${1:-demo}" in
    demo)
      PROM_PORT=${AIRE_PROM_PORT:-19090} SIM_PORT=${AIRE_SIM_PORT:-19100} SCRAPE=${AIRE_SCRAPE_INTERVAL:-15s}
      PROM_DIR=${AIRE_PROM_DIR:-.aire/prometheus} SIM_DIR=${AIRE_SIM_DIR:-.aire/sim}
      ;;
    test)
      PROM_PORT=${AIRE_PROM_PORT:-19091} SIM_PORT=${AIRE_SIM_PORT:-19101} SCRAPE=${AIRE_SCRAPE_INTERVAL:-5s}
      PROM_DIR=${AIRE_PROM_DIR:-.aire/prometheus-test} SIM_DIR=${AIRE_SIM_DIR:-.aire/sim-test}
      ;;
    *)
      echo "unknown profile '$1' (demo or test)" >&2
      return 2
      ;;
  esac
}

# True when the process in pid file $1 is alive.
aire_alive() {
  [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null
}
