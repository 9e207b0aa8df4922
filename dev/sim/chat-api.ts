/**
 * The simulator's OpenAI-compatible chat completions API, one endpoint per simulated model
 * version, so the golden-set prober (lib/quality/prober) measures a real HTTP answer:
 *
 *   POST /clusters/{cluster}/namespaces/{namespace}/pools/{pool}/v1/chat/completions
 *        one InferencePool (one version), as its Service would answer
 *   POST /clusters/{cluster}/v1/chat/completions
 *        the cluster's inference gateway: the route of header x-ai-eg-model (else the body's
 *        model) and one of its backends by weight, as the HTTPRoute splits traffic
 *   GET  …/v1/models  the served model
 *
 * Answers follow the scenario at the time of the request (answers.ts): a version under a
 * `quality` event answers that share of known prompts correctly, every other version all of
 * them; `errors` events answer 500 for their share, `latency` events slow the answer down.
 */
import { randomBytes } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { z } from 'zod'
import { answer } from './answers'
import type { ResolvedEvent } from './scenario'
import type { SimRoute, Topology } from './topology'
import { hash32, modelProfile, servedWeights, versionBehaviour } from './traffic'

export interface ChatDeps {
  topology: () => Topology
  events: () => readonly ResolvedEvent[]
  /** fixes which prompts a degraded version gets wrong */
  seed: number
  /** multiplies the simulated answer time (0: answer at once, for benchmarks) */
  latencyScale: number
  now?: () => number
}

const MAX_BODY = 1_048_576

const content = z.union([
  z.string(),
  z.array(z.object({ type: z.string(), text: z.string().optional() }).loose()),
])

const chatRequestSchema = z.object({
  model: z.string().min(1),
  messages: z.array(z.object({ role: z.string(), content: content.nullable().optional() }).loose()).min(1),
  stream: z.boolean().optional(),
  max_tokens: z.number().int().positive().optional(),
  max_completion_tokens: z.number().int().positive().optional(),
})

interface Backend {
  route: SimRoute
  pool: string
  version: string
  pods: number
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers })
  res.end(JSON.stringify(body))
}

function apiError(res: ServerResponse, status: number, message: string, type: string) {
  send(res, status, { error: { message, type, param: null, code: status } })
}

async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > MAX_BODY) return null
    chunks.push(chunk)
  }
  return Buffer.concat(chunks).toString('utf8')
}

const servesModel = (route: SimRoute, model: string) => route.model === model || route.name === model

function poolBackend(t: Topology, cluster: string, namespace: string, pool: string): Backend | null {
  const pods = t.pods.filter((p) => p.cluster === cluster && p.namespace === namespace && p.pool === pool)
  for (const route of t.routes) {
    if (route.cluster !== cluster || route.namespace !== namespace) continue
    const b = route.backends.find((x) => x.pool === pool)
    if (b) return { route, pool, version: b.version, pods: pods.length }
  }
  // A pool no route sends traffic to yet (a new version before its canary step) still answers.
  const pod = pods[0]
  if (!pod) return null
  const name = pool.endsWith(`-${pod.version}`) ? pool.slice(0, -pod.version.length - 1) : pool
  return {
    route: { cluster, namespace, name, team: pod.team, model: pod.model, backends: [] },
    pool,
    version: pod.version,
    pods: pods.length,
  }
}

/**
 * The gateway's pick: one backend by the weights the gateway serves (the HTTPRoute's, or a
 * scenario's `split` override), deterministic in the request count.
 */
function gatewayBackend(
  t: Topology,
  events: readonly ResolvedEvent[],
  at: { cluster: string; model: string; n: number; tMs: number },
): Backend | null {
  const route = t.routes.find((r) => r.cluster === at.cluster && servesModel(r, at.model))
  if (!route) return null
  const weights = servedWeights(route, route.backends, events, at.tMs)
  const sum = weights.reduce((a, w) => a + w, 0)
  if (sum === 0) return null
  let x = (hash32(`${at.cluster}|${at.model}|${at.n}`) / 4294967296) * sum
  const i = weights.findIndex((w) => w > 0 && (x -= w) < 0)
  const b = route.backends[i >= 0 ? i : weights.findLastIndex((w) => w > 0)]!
  return poolBackend(t, at.cluster, route.namespace, b.pool)
}

function promptOf(messages: z.infer<typeof chatRequestSchema>['messages']): string {
  const user = [...messages].reverse().find((m) => m.role === 'user') ?? messages[messages.length - 1]!
  const c = user.content
  if (typeof c === 'string') return c
  return (c ?? []).map((p) => p.text ?? '').join('')
}

const tokens = (s: string) => Math.max(1, Math.ceil(s.length / 4))

export function createChatApi(deps: ChatDeps) {
  const now = deps.now ?? Date.now
  const counters = new Map<string, number>()
  const next = (key: string) => {
    const n = counters.get(key) ?? 0
    counters.set(key, n + 1)
    return n
  }

  async function complete(
    req: IncomingMessage,
    res: ServerResponse,
    pick: (model: string) => Backend | null,
  ) {
    const raw = await readBody(req)
    if (raw === null) return apiError(res, 413, 'Request body too large.', 'BadRequestError')
    let body: z.infer<typeof chatRequestSchema>
    try {
      body = chatRequestSchema.parse(JSON.parse(raw))
    } catch {
      return apiError(
        res,
        400,
        'Expected a chat completions request with model and messages.',
        'BadRequestError',
      )
    }
    if (body.stream) return apiError(res, 400, 'The simulator does not stream.', 'BadRequestError')
    const headerModel = req.headers['x-ai-eg-model']
    const b = pick(typeof headerModel === 'string' && headerModel ? headerModel : body.model)
    if (!b) return apiError(res, 404, `The model \`${body.model}\` does not exist.`, 'NotFoundError')
    if (!servesModel(b.route, body.model))
      return apiError(res, 404, `The model \`${body.model}\` does not exist.`, 'NotFoundError')
    if (b.pods === 0) return apiError(res, 503, 'No ready endpoints in the pool.', 'ServiceUnavailableError')
    const t = now()
    const beh = versionBehaviour(b.route, b.version, deps.events(), t)
    const key = `${b.route.cluster}/${b.route.namespace}/${b.pool}`
    const n = next(key)
    if (hash32(`${deps.seed}|err|${key}|${n}`) / 4294967296 < beh.errorRatio)
      return apiError(res, 500, 'Internal server error.', 'InternalServerError')
    // Answer quality follows only the scenario's quality events: without one a version is right.
    const quality = versionQuality(b, deps.events(), t)
    const prompt = promptOf(body.messages)
    const a = answer(prompt, {
      seed: deps.seed,
      route: b.route.name,
      goodRatio: quality,
      model: b.route.model,
      version: b.version,
    })
    const prof = modelProfile(b.route.model)
    const out = tokens(a.content)
    const delayMs = (prof.ttft + out * prof.itl) * beh.latencyFactor * deps.latencyScale * 1000
    if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs))
    if (res.destroyed) return
    send(
      res,
      200,
      {
        id: `chatcmpl-${randomBytes(12).toString('hex')}`,
        object: 'chat.completion',
        created: Math.floor(t / 1000),
        model: body.model,
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: a.content },
            finish_reason: 'stop',
            logprobs: null,
          },
        ],
        usage: { prompt_tokens: tokens(prompt), completion_tokens: out, total_tokens: tokens(prompt) + out },
      },
      { 'x-aire-sim-pool': b.pool, 'x-aire-sim-version': b.version },
    )
  }

  /** Serves a chat API request; false when the path is not one of the chat API's. */
  return function serveChat(req: IncomingMessage, res: ServerResponse): boolean {
    const path = (req.url ?? '').split('?')[0]!
    const pool =
      /^\/clusters\/([^/]+)\/namespaces\/([^/]+)\/pools\/([^/]+)\/v1\/(chat\/completions|models)$/.exec(path)
    const gateway = /^\/clusters\/([^/]+)\/v1\/chat\/completions$/.exec(path)
    if (!pool && !gateway) return false
    const t = deps.topology()
    if (pool && pool[4] === 'models') {
      const b = poolBackend(t, pool[1]!, pool[2]!, pool[3]!)
      if (!b) apiError(res, 404, 'No such pool.', 'NotFoundError')
      else
        send(res, 200, {
          object: 'list',
          data: [{ id: b.route.model, object: 'model', owned_by: 'aire-sim' }],
        })
      return true
    }
    if (req.method !== 'POST') {
      apiError(res, 405, 'Use POST.', 'BadRequestError')
      return true
    }
    const pick = pool
      ? () => poolBackend(t, pool[1]!, pool[2]!, pool[3]!)
      : (model: string) =>
          gatewayBackend(t, deps.events(), {
            cluster: gateway![1]!,
            model,
            n: next(`gw/${gateway![1]}/${model}`),
            tMs: now(),
          })
    complete(req, res, pick).catch(() => {
      if (!res.headersSent) apiError(res, 500, 'Internal server error.', 'InternalServerError')
    })
    return true
  }
}

function versionQuality(b: Backend, events: readonly ResolvedEvent[], t: number): number {
  // versionBehaviour's goodRatio without an event is the evaluator's background rate, not ours;
  // like it, the last active event wins.
  const hit = [...events]
    .reverse()
    .find(
      (e) =>
        e.event.kind === 'quality' &&
        t >= e.fromMs &&
        t < e.untilMs &&
        (!e.event.route || e.event.route === b.route.name) &&
        (!e.event.cluster || e.event.cluster === b.route.cluster) &&
        (!e.event.version || e.event.version === b.version),
    )
  return hit?.event.kind === 'quality' ? hit.event.goodRatio : 1
}
