/**
 * Small helpers around @kubernetes/client-node 2.x shared by the cluster seeder
 * and the control-plane integration tests.
 */
import { execFileSync } from 'node:child_process'
import https from 'node:https'
import path from 'node:path'
import * as k8s from '@kubernetes/client-node'

export const REPO_ROOT = path.resolve(__dirname, '../..')

export interface KubeconfigPaths {
  admin: string
  console: string
}

/**
 * Kubeconfig paths of the local clusters: $AIRE_ADMIN_KUBECONFIG /
 * $AIRE_CONSOLE_KUBECONFIG, else the two lines `cluster.sh status` always prints.
 */
export function findKubeconfigs(): KubeconfigPaths {
  let admin = process.env.AIRE_ADMIN_KUBECONFIG
  let consoleKc = process.env.AIRE_CONSOLE_KUBECONFIG
  if (!admin || !consoleKc) {
    let out = ''
    try {
      out = execFileSync('bash', [path.join(REPO_ROOT, 'dev/cluster/cluster.sh'), 'status'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      })
    } catch (e) {
      out = String((e as { stdout?: string }).stdout ?? '') // status exits non-zero when not ready: still parse it
    }
    admin ??= /^admin-kubeconfig: (.+)$/m.exec(out)?.[1]?.trim()
    consoleKc ??= /^console-kubeconfig: (.+)$/m.exec(out)?.[1]?.trim()
  }
  if (!admin || !consoleKc)
    throw new Error(
      'cannot find kubeconfigs: run `bash dev/cluster/cluster.sh up` (or set AIRE_ADMIN_KUBECONFIG / AIRE_CONSOLE_KUBECONFIG)',
    )
  return { admin, console: consoleKc }
}

export function loadKubeConfig(file: string, context: string): k8s.KubeConfig {
  const kc = new k8s.KubeConfig()
  kc.loadFromFile(file)
  kc.setCurrentContext(context)
  return kc
}

export interface Clients {
  context: string
  kc: k8s.KubeConfig
  core: k8s.CoreV1Api
  apps: k8s.AppsV1Api
  custom: k8s.CustomObjectsApi
  objects: k8s.KubernetesObjectApi
}

export function clients(file: string, context: string): Clients {
  const kc = loadKubeConfig(file, context)
  return {
    context,
    kc,
    core: kc.makeApiClient(k8s.CoreV1Api),
    apps: kc.makeApiClient(k8s.AppsV1Api),
    custom: kc.makeApiClient(k8s.CustomObjectsApi),
    objects: k8s.KubernetesObjectApi.makeApiClient(kc),
  }
}

export const mergePatch = () => k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch)

/** HTTP status of a client-node error (ApiException), or undefined. */
export function statusOf(e: unknown): number | undefined {
  if (e && typeof e === 'object' && 'code' in e && typeof (e as { code: unknown }).code === 'number')
    return (e as { code: number }).code
  return undefined
}

export async function orNull<T>(p: Promise<T>): Promise<T | null> {
  try {
    return await p
  } catch (e) {
    if (statusOf(e) === 404) return null
    throw e
  }
}

/** Retries transient failures (429, 5xx, connection resets, conflicts when asked). */
export async function retry<T>(
  fn: () => Promise<T>,
  what: string,
  opts: { tries?: number; conflicts?: boolean } = {},
): Promise<T> {
  const tries = opts.tries ?? 8
  let delay = 200
  for (let i = 1; ; i++) {
    try {
      return await fn()
    } catch (e) {
      const code = statusOf(e)
      const transient =
        code === undefined || code === 429 || code >= 500 || (opts.conflicts === true && code === 409)
      if (!transient || i >= tries) {
        const body = (e as { body?: unknown }).body
        const detail =
          typeof body === 'string' ? body.slice(0, 400) : JSON.stringify(body ?? String(e)).slice(0, 400)
        throw new Error(`${what}: ${code ?? ''} ${detail}`)
      }
      await sleep(delay)
      delay = Math.min(delay * 2, 3000)
    }
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Runs fn over items with at most `limit` in flight. */
export async function mapLimit<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<void>,
  onProgress?: (done: number) => void,
): Promise<void> {
  let next = 0
  let done = 0
  const worker = async () => {
    while (next < items.length) {
      const i = next++
      await fn(items[i]!, i)
      done++
      onProgress?.(done)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
}

export interface RawResponse {
  status: number
  body: string
  json: () => any // eslint-disable-line @typescript-eslint/no-explicit-any
}

/**
 * A raw request with the kubeconfig's credentials over node:https. Header values
 * given as arrays are sent as separate header lines, which is what the API
 * server needs for several Impersonate-Group headers (fetch would join them
 * with commas into one group; client-node #2474).
 */
export async function rawRequest(
  kc: k8s.KubeConfig,
  method: string,
  apiPath: string,
  opts: { body?: unknown; contentType?: string; headers?: Record<string, string | string[]> } = {},
): Promise<RawResponse> {
  const cluster = kc.getCurrentCluster()
  if (!cluster) throw new Error('kubeconfig has no current cluster')
  const url = new URL(apiPath, cluster.server)
  const reqOpts: https.RequestOptions = { method, headers: {} }
  await kc.applyToHTTPSOptions(reqOpts)
  const headers: Record<string, string | string[]> = {
    ...(reqOpts.headers as Record<string, string>),
    Accept: 'application/json',
    ...(opts.headers ?? {}),
  }
  let payload: string | undefined
  if (opts.body !== undefined) {
    payload = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body)
    headers['Content-Type'] = opts.contentType ?? 'application/json'
    headers['Content-Length'] = String(Buffer.byteLength(payload))
  }
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        protocol: url.protocol,
        hostname: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method,
        headers,
        ca: reqOpts.ca,
        cert: reqOpts.cert,
        key: reqOpts.key,
        ...(reqOpts.rejectUnauthorized !== undefined
          ? { rejectUnauthorized: reqOpts.rejectUnauthorized }
          : {}),
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8')
          resolve({ status: res.statusCode ?? 0, body, json: () => JSON.parse(body) })
        })
      },
    )
    req.on('error', reject)
    req.setTimeout(60_000, () => req.destroy(new Error(`${method} ${apiPath}: timeout`)))
    if (payload !== undefined) req.write(payload)
    req.end()
  })
}
