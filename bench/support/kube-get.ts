/**
 * GET one object from a local cluster as its admin, over a kept-alive HTTPS connection. The load
 * bench's operators read a route's current resourceVersion before each change; spawning kubectl
 * for that (2.5 processes a second for 5 operators, each loading its config and shaking hands)
 * spent the shared cores on the bench itself, not on the console it measures. Not dev/seed/kube's
 * rawRequest: that pulls @kubernetes/client-node into every load-client process, and loading it
 * in five processes at once slowed the ramp-up measurably (600 → 289–413 requests in its first
 * 10 s, steady p95 142 → 192–236 ms in back-to-back 90-s runs).
 */
import { readFileSync } from 'node:fs'
import { Agent, request } from 'node:https'
import yaml from 'js-yaml'
import { kubeconfigs } from '@/harness/kubeconfigs'

interface Kubeconfig {
  clusters: { name: string; cluster: { server: string; 'certificate-authority-data': string } }[]
  users: { name: string; user: { 'client-certificate-data': string; 'client-key-data': string } }[]
  contexts: { name: string; context: { cluster: string; user: string } }[]
}

const b64 = (s: string) => Buffer.from(s, 'base64')
const clients = new Map<string, { server: string; agent: Agent }>()

function client(context: string): { server: string; agent: Agent } {
  let c = clients.get(context)
  if (c) return c
  const kc = yaml.load(readFileSync(kubeconfigs().admin, 'utf8')) as Kubeconfig
  const ctx = kc.contexts.find((x) => x.name === context)?.context
  const cluster = kc.clusters.find((x) => x.name === ctx?.cluster)?.cluster
  const user = kc.users.find((x) => x.name === ctx?.user)?.user
  if (!cluster || !user) throw new Error(`no context ${context} in the admin kubeconfig`)
  c = {
    server: cluster.server,
    agent: new Agent({
      keepAlive: true,
      ca: b64(cluster['certificate-authority-data']),
      cert: b64(user['client-certificate-data']),
      key: b64(user['client-key-data']),
    }),
  }
  clients.set(context, c)
  return c
}

/** The object at `path` (e.g. /apis/…/httproutes/x) as JSON; rejects on any status but 200. */
export function kubeGet<T>(context: string, path: string, timeoutMs = 10_000): Promise<T> {
  const { server, agent } = client(context)
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, server), { agent, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8')
        if (res.statusCode === 200) resolve(JSON.parse(body) as T)
        else reject(new Error(`GET ${path}: HTTP ${res.statusCode}`))
      })
      res.on('error', reject)
    })
    req.on('timeout', () => req.destroy(new Error(`GET ${path}: timed out`)))
    req.on('error', reject)
    req.end()
  })
}
