import { execFile, execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { kubeconfigs } from './kubeconfigs'

export function kubectlPath(): string {
  const cache =
    process.env.AIRE_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'aire-console')
  const built = join(cache, 'bin', 'v1.36.3', 'kubectl')
  return existsSync(built) ? built : 'kubectl'
}

/** The arguments that make kubectl act as the local clusters' admin on one context. */
function adminArgs(context: string, args: string[]): string[] {
  return ['--kubeconfig', kubeconfigs().admin, '--context', context, ...args]
}

/** kubectl as the local clusters' admin, for test set-up and for checking what really happened. */
export function kubectl(context: string, args: string[], input?: string): string {
  return execFileSync(kubectlPath(), adminArgs(context, args), {
    encoding: 'utf8',
    input,
    stdio: ['pipe', 'pipe', 'pipe'],
  })
}

export function kubectlJson<T>(context: string, args: string[]): T {
  return JSON.parse(kubectl(context, [...args, '-o', 'json'])) as T
}

const run = promisify(execFile)

/** kubectlJson without blocking the event loop (for processes that also serve, like the fault proxy). */
export async function kubectlJsonAsync<T>(context: string, args: string[]): Promise<T> {
  const { stdout } = await run(kubectlPath(), adminArgs(context, [...args, '-o', 'json']), {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  })
  return JSON.parse(stdout) as T
}
