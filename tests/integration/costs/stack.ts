import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

/**
 * The test metrics stack (bash dev/sim/start.sh --profile test): Prometheus URL and the
 * simulator's state directory (history parameters and ground truth). From the environment the
 * runner sets (PROMETHEUS_URL, AIRE_SIM_DIR), else the files the scripts leave in .aire/.
 */
export function metricsStack(): {
  prometheus: string
  simDir: string
  simUrl: string
  startMs: number
  anchorMs: number
} {
  const simDir = resolve(process.env.AIRE_SIM_DIR ?? '.aire/sim-test')
  const promFile = resolve('.aire/prometheus-test/url')
  const prometheus =
    process.env.PROMETHEUS_URL ?? (existsSync(promFile) ? readFileSync(promFile, 'utf8').trim() : undefined)
  const historyFile = join(simDir, 'history.json')
  if (!prometheus || !existsSync(historyFile)) {
    throw new Error('the test metrics stack is not running: bash dev/sim/start.sh --profile test')
  }
  const history = JSON.parse(readFileSync(historyFile, 'utf8')) as { startMs: number; anchorMs: number }
  const ready = join(simDir, 'ready')
  const simUrl = existsSync(ready)
    ? readFileSync(ready, 'utf8')
        .trim()
        .replace(/\/metrics$/, '')
    : 'http://127.0.0.1:19101'
  return { prometheus, simDir, simUrl, startMs: history.startMs, anchorMs: history.anchorMs }
}
