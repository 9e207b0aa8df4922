import 'server-only'
import { request as httpsRequest } from 'node:https'
import type { IncomingMessage } from 'node:http'
import { cluster } from '@/lib/k8s/clusters'
import { k8sRequest } from '@/lib/k8s/request'

/** How a reflector talks to one API server; a fake in unit tests, node:https here. */
export interface Transport {
  get(path: string, timeoutMs: number): Promise<{ status: number; body: unknown }>
  stream(path: string, idleTimeoutMs: number): Promise<WatchResponse>
}

export interface WatchResponse {
  status: number
  body: AsyncIterable<Buffer | string>
  close(): void
}

/**
 * The console's own credentials, never a user's: every console user may read everything the
 * fleet views show (all users are viewers), so one shared cache serves them all.
 */
export function httpsTransport(clusterName: string): Transport {
  return {
    async get(path, timeoutMs) {
      return k8sRequest(clusterName, { method: 'GET', path, timeoutMs })
    },
    async stream(path, idleTimeoutMs) {
      const conn = cluster(clusterName)
      const base = await conn.httpsOptions()
      const url = new URL(path, conn.server)
      return new Promise<WatchResponse>((resolve, reject) => {
        const req = httpsRequest(
          {
            ...base,
            protocol: url.protocol,
            hostname: url.hostname,
            port: url.port,
            path: url.pathname + url.search,
            method: 'GET',
            headers: { ...(base.headers as Record<string, string>), Accept: 'application/json' },
            // Socket idle timeout: the server ends watches itself (timeoutSeconds); silence beyond
            // that means a dead connection (e.g. a half-open TCP stream to a cluster that went away).
            timeout: idleTimeoutMs,
            agent: false,
          },
          (res: IncomingMessage) => {
            resolve({ status: res.statusCode ?? 0, body: res, close: () => req.destroy() })
          },
        )
        req.on('timeout', () => req.destroy(new Error(`watch ${path} idle for ${idleTimeoutMs} ms`)))
        req.on('error', reject)
        req.end()
      })
    },
  }
}
