/**
 * A loopback load balancer for several console replicas (node:http, round-robin), standing in
 * for a Kubernetes Service in the fault tests and the load bench. Like kube-proxy with readiness
 * probes it only sends to replicas whose /readyz answers 200 (checked every second), and like a
 * passive health check it retries a request on the next replica when the connection is refused
 * (the request never reached the dead one, so a retry is safe even for a POST), and a read whose
 * connection was cut before any answer.
 *
 *   tsx dev/fault/proxy.ts PORT BACKEND_PORT...   (e.g. tsx dev/fault/proxy.ts 3242 3243 3244)
 */
import { request, createServer, type IncomingMessage, type Server } from 'node:http'

export interface Proxy {
  url: string
  /** requests answered per backend port */
  served: Map<number, number>
  /**
   * When each answered request arrived and how long the replica took to send its response
   * headers, as the proxy saw it: tells the replicas' time from the clients' own queueing.
   */
  upstream: { at: number; ms: number }[]
  close: () => Promise<void>
}

interface Backend {
  port: number
  ready: boolean
}

const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS'])
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection'])

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const c of req) chunks.push(c as Buffer)
  return Buffer.concat(chunks)
}

async function probe(b: Backend): Promise<void> {
  b.ready = await new Promise<boolean>((resolve) => {
    const r = request({ host: '127.0.0.1', port: b.port, path: '/readyz', timeout: 2000 }, (res) => {
      res.resume()
      resolve(res.statusCode === 200)
    })
    r.on('timeout', () => r.destroy())
    r.on('error', () => resolve(false))
    r.end()
  })
}

export async function startProxy(port: number, backendPorts: number[]): Promise<Proxy> {
  const backends: Backend[] = backendPorts.map((p) => ({ port: p, ready: true }))
  const served = new Map<number, number>(backendPorts.map((p) => [p, 0]))
  const upstream: { at: number; ms: number }[] = []
  let next = 0
  const health = setInterval(() => void Promise.all(backends.map(probe)), 1000)
  health.unref()

  /** Ready backends in round-robin order, then the others (better a try than a certain 503). */
  const order = (): Backend[] => {
    const start = next++ % backends.length
    const rotated = [...backends.slice(start), ...backends.slice(0, start)]
    return [...rotated.filter((b) => b.ready), ...rotated.filter((b) => !b.ready)]
  }

  const server: Server = createServer((req, res) => {
    void (async () => {
      const at = Date.now()
      const t0 = performance.now()
      const body = await readBody(req)
      const headers: Record<string, string | string[]> = {}
      for (const [k, v] of Object.entries(req.headers))
        if (v !== undefined && !HOP_BY_HOP.has(k)) headers[k] = v
      headers['x-forwarded-for'] = req.socket.remoteAddress ?? '127.0.0.1'
      headers['content-length'] = String(body.length)
      for (const b of order()) {
        const refused = await new Promise<boolean>((resolve) => {
          const up = request(
            { host: '127.0.0.1', port: b.port, method: req.method, path: req.url, headers },
            (upRes) => {
              served.set(b.port, (served.get(b.port) ?? 0) + 1)
              if (upstream.length < 1_000_000) upstream.push({ at, ms: performance.now() - t0 })
              const out: Record<string, string | string[]> = {}
              for (const [k, v] of Object.entries(upRes.headers))
                if (v !== undefined && !HOP_BY_HOP.has(k)) out[k] = v
              res.writeHead(upRes.statusCode ?? 502, out)
              upRes.pipe(res)
              upRes.on('error', () => res.destroy())
              resolve(false)
            },
          )
          up.on('error', (e: NodeJS.ErrnoException) => {
            if (e.code === 'ECONNREFUSED') {
              b.ready = false
              resolve(true)
            } else if (up.reusedSocket && e.code === 'ECONNRESET' && !res.headersSent) {
              // the replica closed an idle kept-alive connection as we reused it: retry (Node's advice)
              resolve(true)
            } else if (IDEMPOTENT.has(req.method ?? '') && !res.headersSent) {
              // A read cut before any answer is safe to send to the next replica (Envoy's
              // retry_on: reset for idempotent methods); a write is not, the client must see it.
              b.ready = false
              resolve(true)
            } else {
              // The replica died with the request in flight: the client sees it, as behind a real LB.
              if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' })
              res.end('bad gateway: replica went away\n')
              resolve(false)
            }
          })
          up.end(body)
        })
        if (!refused) return
      }
      res.writeHead(503, { 'content-type': 'text/plain' })
      res.end('no replica available\n')
    })()
  })
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  await Promise.all(backends.map(probe))
  return {
    url: `http://127.0.0.1:${port}`,
    served,
    upstream,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(health)
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

if (process.argv[1]?.endsWith('proxy.ts')) {
  const [port, ...backs] = process.argv.slice(2).map(Number)
  if (!port || backs.length === 0) {
    console.error('usage: tsx dev/fault/proxy.ts PORT BACKEND_PORT...')
    process.exit(2)
  }
  void startProxy(port, backs).then((p) => console.log(`proxy: ${p.url} -> ${backs.join(', ')}`))
}
