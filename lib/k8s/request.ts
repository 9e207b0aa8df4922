import 'server-only'
import { request as httpsRequest } from 'node:https'
import { cluster } from '@/lib/k8s/clusters'

export interface Impersonation {
  user: string
  groups: string[]
}

export interface K8sRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  path: string
  body?: unknown
  contentType?: string
  /** When set, the API server evaluates RBAC for this identity instead of the console's. */
  as?: Impersonation
  timeoutMs?: number
}

export interface K8sResponse<T> {
  status: number
  body: T
}

const MAX_RESPONSE_BYTES = 256 * 1024 * 1024

/**
 * Identity headers for impersonation. Each group is its own header line: fetch-based clients
 * merge repeated headers into one comma-joined value, which the API server reads as ONE group
 * (client-node #2474). Only ever built from the server-side session.
 */
export function impersonationHeaders(as: Impersonation): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = { 'Impersonate-User': as.user }
  if (as.groups.length > 0) headers['Impersonate-Group'] = [...as.groups]
  return headers
}

/**
 * The console's name in the API server's metadata.managedFields (derived from the User-Agent when a
 * write names no fieldManager): without it every console write shows as manager "unknown", which
 * neither the ownership badges nor the hold check could tell from someone else's write.
 */
export const CONSOLE_MANAGER = 'aire-console'

/** One JSON request to a cluster's API server with the console's credentials. */
export async function k8sRequest<T = unknown>(clusterName: string, req: K8sRequest): Promise<K8sResponse<T>> {
  const conn = cluster(clusterName)
  const base = await conn.httpsOptions()
  const url = new URL(req.path, conn.server)
  const payload = req.body === undefined ? undefined : Buffer.from(JSON.stringify(req.body))
  const headers: Record<string, string | string[] | number> = {
    ...(base.headers as Record<string, string>),
    Accept: 'application/json',
    'User-Agent': `${CONSOLE_MANAGER}/1`,
    ...(req.as ? impersonationHeaders(req.as) : {}),
  }
  if (payload) {
    headers['Content-Type'] = req.contentType ?? 'application/json'
    headers['Content-Length'] = payload.length
  }
  return new Promise((resolve, reject) => {
    const r = httpsRequest(
      {
        ...base,
        protocol: url.protocol,
        hostname: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method: req.method,
        headers,
        timeout: req.timeoutMs ?? 15_000,
      },
      (res) => {
        const chunks: Buffer[] = []
        let size = 0
        res.on('data', (c: Buffer) => {
          size += c.length
          if (size > MAX_RESPONSE_BYTES) r.destroy(new Error('response too large'))
          else chunks.push(c)
        })
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8')
          let body: unknown = text
          try {
            body = text ? JSON.parse(text) : null
          } catch {
            // Non-JSON bodies (rare: proxies, /healthz) are passed through as text.
          }
          resolve({ status: res.statusCode ?? 0, body: body as T })
        })
        res.on('error', reject)
      },
    )
    r.on('timeout', () => r.destroy(new Error(`request to ${clusterName} timed out`)))
    r.on('error', reject)
    if (payload) r.write(payload)
    r.end()
  })
}
