/**
 * Where a probe of one model version goes (pure). A version is one InferencePool; the prober
 * must reach that pool alone, never the route's weighted split:
 * - through the gateway when an HTTPRoute rule pins it: a rule whose matches include exact
 *   header conditions and whose traffic all goes to this pool (the probe sends those headers);
 * - else straight to the pool's Service, from a URL template (AIRE_PROBER_POOL_URL).
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#httpheadermatch
 */

export interface PoolFacts {
  cluster: string
  namespace: string
  pool: string
  version: string
  /** model id (aire.dev/model) */
  model: string
  /** what the request's `model` says (vLLM --model); the id when unknown */
  servedModel: string | null
  /** the pool's first target port */
  port: number | null
}

export interface RouteRuleFacts {
  /** one line per match as the watch cache keeps them ("/v1 · x-ai-eg-model=m · x-pin=v2") */
  matches: string[]
  backendRefs: { kind: string; name: string; namespace: string; weight: number }[]
}

export interface RouteFacts {
  namespace: string
  name: string
  rules: RouteRuleFacts[]
}

export interface TargetConfig {
  /** e.g. http://{pool}.{namespace}.svc:{port}; placeholders {cluster} {namespace} {pool} {port} {version} {model} */
  poolUrl: string
  /** e.g. http://inference-gateway.gateway-system.svc; with {cluster} for one per cluster; null: never */
  gatewayUrl: string | null
}

export interface ProbeTarget {
  /** cluster/namespace/pool */
  key: string
  cluster: string
  namespace: string
  pool: string
  version: string
  model: string
  requestModel: string
  /** the chat completions URL */
  url: string
  headers: Record<string, string>
  via: 'gateway' | 'service'
  /**
   * The HTTPRoute that sends users' traffic to this version now (weight > 0 in one of its rules),
   * or null while none does: a route's quality SLO counts only the verdicts of the versions it
   * serves, so it pages when a failing version gets traffic and falls once it is drained.
   */
  route: string | null
}

const CHAT_PATH = '/v1/chat/completions'

export function fillTemplate(template: string, vars: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (all, k: string) =>
    vars[k] === undefined ? all : encodeURIComponent(vars[k]),
  )
}

/** The exact header conditions of one match line, or null when it has a condition a probe cannot meet. */
function matchHeaders(line: string): Record<string, string> | null {
  const headers: Record<string, string> = {}
  for (const part of line.split(' · ')) {
    const h = /^([A-Za-z0-9!#$%&'*+.^_`|~-]+)=(.*)$/.exec(part)
    if (h) {
      headers[h[1]!.toLowerCase()] = h[2]!
      continue
    }
    // A path condition the chat completions path meets is fine; anything else (a method other
    // than POST, a regex header, a query parameter, another path) rules the match out.
    if (part === 'POST') continue
    const path = /^(?:POST )?(= |~ )?(\/\S*)$/.exec(part)
    if (!path || path[1] === '~ ') return null
    if (path[1] === '= ' ? path[2] !== CHAT_PATH : !CHAT_PATH.startsWith(path[2]!)) return null
  }
  return Object.keys(headers).length > 0 ? headers : null
}

const sendsTo = (route: RouteFacts, b: RouteRuleFacts['backendRefs'][number], pool: PoolFacts) =>
  b.weight > 0 &&
  b.kind === 'InferencePool' &&
  b.name === pool.pool &&
  (b.namespace || route.namespace) === pool.namespace

/** Headers that make a route send a request to this pool only, or null when no rule pins it. */
export function headerPin(routes: readonly RouteFacts[], pool: PoolFacts): Record<string, string> | null {
  for (const route of routes) {
    for (const rule of route.rules) {
      const live = rule.backendRefs.filter((b) => b.weight > 0)
      if (live.length !== 1 || !sendsTo(route, live[0]!, pool)) continue
      for (const m of rule.matches) {
        const headers = matchHeaders(m)
        if (headers) return headers
      }
    }
  }
  return null
}

/**
 * The route whose users this version answers now: the first by name (a pool shared by routes is
 * attributed to one of them, so a probe is never counted twice), or null when no rule gives it weight.
 */
export function servingRoute(routes: readonly RouteFacts[], pool: PoolFacts): string | null {
  // Only routes of the pool's namespace: the event's k8s.namespace.name is the pool's, and a route
  // SLO matches namespace and route name together.
  const serving = routes
    .filter((r) => r.namespace === pool.namespace)
    .filter((r) => r.rules.some((rule) => rule.backendRefs.some((b) => sendsTo(r, b, pool))))
    .map((r) => r.name)
    .sort()
  return serving[0] ?? null
}

export function resolveProbeTarget(
  pool: PoolFacts,
  routes: readonly RouteFacts[],
  config: TargetConfig,
): ProbeTarget {
  const requestModel = pool.servedModel ?? pool.model
  const vars = {
    cluster: pool.cluster,
    namespace: pool.namespace,
    pool: pool.pool,
    port: String(pool.port ?? 8000),
    version: pool.version,
    model: pool.model,
  }
  const base = {
    key: `${pool.cluster}/${pool.namespace}/${pool.pool}`,
    cluster: pool.cluster,
    namespace: pool.namespace,
    pool: pool.pool,
    version: pool.version,
    model: pool.model,
    requestModel,
    route: servingRoute(routes, pool),
  }
  const pin = config.gatewayUrl ? headerPin(routes, pool) : null
  if (pin && config.gatewayUrl) {
    return {
      ...base,
      url: `${fillTemplate(config.gatewayUrl, vars).replace(/\/+$/, '')}${CHAT_PATH}`,
      headers: pin,
      via: 'gateway',
    }
  }
  return {
    ...base,
    url: `${fillTemplate(config.poolUrl, vars).replace(/\/+$/, '')}${CHAT_PATH}`,
    headers: {},
    via: 'service',
  }
}
