// Ports of the SLO acceptance's own metrics stack (simulator + Prometheus, and for the prober's
// acceptance the evaluation Collector), shared by the Playwright config (the console's
// PROMETHEUS_URL, the prober's targets and OTLP endpoint) and the specs (which start the stack).
export const SIM_PORT = Number(process.env.AIRE_SLO_SIM_PORT ?? 19105)
export const PROM_PORT = Number(process.env.AIRE_SLO_PROM_PORT ?? 19095)
export const PROM_URL = `http://127.0.0.1:${PROM_PORT}`
/** first of the Collector's five: OTLP/HTTP, OTLP/gRPC, counters, health, own metrics */
export const COLLECTOR_BASE_PORT = Number(process.env.AIRE_SLO_COLLECTOR_PORT ?? 19110)
export const OTLP_URL = `http://127.0.0.1:${COLLECTOR_BASE_PORT}`
/** the prober's round interval in the acceptance console (AIRE_PROBER_INTERVAL_SECONDS) */
export const PROBE_INTERVAL_S = 5
/** the console's "no data since" horizon there (AIRE_SLO_FRESH_SECONDS) */
export const FRESH_S = 30
