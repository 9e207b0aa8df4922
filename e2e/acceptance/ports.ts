// Ports of the SLO acceptance's own metrics stack (simulator + Prometheus), shared by the
// Playwright config (the console's PROMETHEUS_URL) and the spec (which starts the stack).
export const SIM_PORT = Number(process.env.AIRE_SLO_SIM_PORT ?? 19105)
export const PROM_PORT = Number(process.env.AIRE_SLO_PROM_PORT ?? 19095)
export const PROM_URL = `http://127.0.0.1:${PROM_PORT}`
