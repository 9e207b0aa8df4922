import { execFileSync } from 'node:child_process'

/** Paths of the local clusters' kubeconfigs: from the env the test runner sets, else from cluster:status. */
export function kubeconfigs(): { admin: string; console: string } {
  let admin = process.env.AIRE_ADMIN_KUBECONFIG
  let consoleKc = process.env.AIRE_KUBECONFIG ?? process.env.AIRE_CONSOLE_KUBECONFIG
  if (!admin || !consoleKc) {
    let out: string
    try {
      out = execFileSync('bash', ['dev/cluster/cluster.sh', 'status'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      })
    } catch (e) {
      // status exits non-zero while a cluster is not ready, but still prints the two paths.
      out = String((e as { stdout?: string }).stdout ?? '')
    }
    admin ??= /^admin-kubeconfig: (.+)$/m.exec(out)?.[1]
    consoleKc ??= /^console-kubeconfig: (.+)$/m.exec(out)?.[1]
  }
  if (!admin || !consoleKc) throw new Error('local clusters are not up: run npm run cluster:up')
  process.env.AIRE_KUBECONFIG = consoleKc
  return { admin, console: consoleKc }
}
