/**
 * Starting and stopping the servers the tests and benchmarks spawn (simulator, Prometheus, the
 * evaluation Collector): one way to wait for readiness and one way to stop, for every stack here.
 */
import type { ChildProcess } from 'node:child_process'

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Polls `ok` until it holds; fails at once when `child` exits, or after `timeoutMs`. */
export async function untilReady(
  what: string,
  ok: () => Promise<boolean> | boolean,
  timeoutMs: number,
  child?: ChildProcess,
): Promise<void> {
  const end = Date.now() + timeoutMs
  while (Date.now() < end) {
    if (child && child.exitCode !== null) throw new Error(`${what}: process exited with ${child.exitCode}`)
    if (await ok()) return
    await sleep(250)
  }
  throw new Error(`${what}: not ready after ${timeoutMs / 1000}s`)
}

/** SIGTERM, up to 10 s to exit, then SIGKILL. */
export async function stopChild(c: ChildProcess): Promise<void> {
  if (c.exitCode !== null || c.pid === undefined) return
  c.kill('SIGTERM')
  for (let i = 0; i < 40 && c.exitCode === null; i++) await sleep(250)
  if (c.exitCode === null) c.kill('SIGKILL')
}

/** An HTTP endpoint answering 2xx (a health or readiness URL). */
export const reachable = async (url: string) => (await fetch(url).catch(() => null))?.ok === true
