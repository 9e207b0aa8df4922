import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { buildWeightsPatch, ruleWeights, type RouteWeightsInput } from '@/lib/k8s/patch-route-weights'
import type { BackendRef, HTTPRoute, HTTPRouteRule } from '@/lib/k8s/types'

// ---------------------------------------------------------------------------------------------
// A tiny RFC 6902 applier (add, remove, replace, test), enough to check what the API server would
// do with the patch. Any failed operation throws, like the API server rejecting the whole patch.
// ---------------------------------------------------------------------------------------------

interface Op {
  op: string
  path: string
  value?: unknown
}

function parsePointer(path: string): string[] {
  if (path === '') return []
  if (!path.startsWith('/')) throw new Error(`bad pointer ${path}`)
  return path
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'))
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function arrayIndex(arr: unknown[], token: string, forAdd: boolean): number {
  if (forAdd && token === '-') return arr.length
  if (!/^(0|[1-9][0-9]*)$/.test(token)) throw new Error(`bad array index ${token}`)
  const i = Number(token)
  if (i > arr.length || (!forAdd && i === arr.length)) throw new Error(`index ${i} out of range`)
  return i
}

function resolveParent(doc: unknown, tokens: string[]): { parent: unknown; key: string } {
  let node = doc
  for (const t of tokens.slice(0, -1)) {
    if (Array.isArray(node)) node = node[arrayIndex(node, t, false)]
    else if (isObject(node) && Object.hasOwn(node, t)) node = node[t]
    else throw new Error(`path not found at ${t}`)
  }
  return { parent: node, key: tokens[tokens.length - 1]! }
}

function getAt(doc: unknown, tokens: string[]): unknown {
  if (tokens.length === 0) return doc
  const { parent, key } = resolveParent(doc, tokens)
  if (Array.isArray(parent)) return parent[arrayIndex(parent, key, false)]
  if (isObject(parent) && Object.hasOwn(parent, key)) return parent[key]
  throw new Error(`path not found at ${key}`)
}

function applyPatch<T>(doc: T, ops: readonly unknown[]): T {
  const out = structuredClone(doc) as unknown
  for (const raw of ops) {
    const { op, path, value } = raw as Op
    const tokens = parsePointer(path)
    if (tokens.length === 0) throw new Error('root operations are not used here')
    if (op === 'test') {
      if (JSON.stringify(getAt(out, tokens)) !== JSON.stringify(value))
        throw new Error(`test failed at ${path}`)
      continue
    }
    const { parent, key } = resolveParent(out, tokens)
    const v = structuredClone(value)
    if (Array.isArray(parent)) {
      const i = arrayIndex(parent, key, op === 'add')
      if (op === 'add') parent.splice(i, 0, v)
      else if (op === 'replace') parent[i] = v
      else if (op === 'remove') parent.splice(i, 1)
      else throw new Error(`unsupported op ${op}`)
    } else if (isObject(parent)) {
      const exists = Object.hasOwn(parent, key)
      if (op === 'add') parent[key] = v
      else if (op === 'replace' && exists) parent[key] = v
      else if (op === 'remove' && exists) delete parent[key]
      else throw new Error(`${op} failed at ${path}`)
    } else {
      throw new Error(`no container at ${path}`)
    }
  }
  return out as T
}

// ---------------------------------------------------------------------------------------------

const CAUSE_KEY = 'aire.dev/change-cause'

function route(opts: {
  rules: HTTPRouteRule[]
  annotations?: Record<string, string>
  rv?: string
}): HTTPRoute {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: {
      name: 'chat',
      namespace: 'inference',
      uid: 'u-1',
      resourceVersion: opts.rv ?? '100',
      labels: { 'aire.dev/team': 'a' },
      ...(opts.annotations ? { annotations: opts.annotations } : {}),
    },
    spec: { parentRefs: [{ name: 'gw' }], hostnames: ['chat.example'], rules: opts.rules },
  }
}

function weightsInput(r: HTTPRoute, ruleIndex: number, weights: number[]): RouteWeightsInput {
  const refs = r.spec.rules![ruleIndex]!.backendRefs!
  return {
    cluster: 'dev',
    namespace: r.metadata.namespace!,
    name: r.metadata.name,
    ruleIndex,
    backends: refs.map((b, i) => ({ name: b.name, from: b.weight ?? 1, weight: weights[i]! })),
  }
}

/** What the object must look like after the patch: the original plus weights and cause. */
function expected(r: HTTPRoute, input: RouteWeightsInput, cause: string): HTTPRoute {
  const e = structuredClone(r)
  e.spec.rules![input.ruleIndex]!.backendRefs!.forEach((b, i) => (b.weight = input.backends[i]!.weight))
  e.metadata.annotations = { ...(e.metadata.annotations ?? {}), [CAUSE_KEY]: cause }
  return e
}

const weightOps = (ops: unknown[]) => (ops as Op[]).filter((o) => o.path.endsWith('/weight'))

describe('buildWeightsPatch', () => {
  const twoRules = () =>
    route({
      annotations: { 'team.example/owner': 'sre' },
      rules: [
        {
          name: 'main',
          backendRefs: [
            { name: 'pool-a', port: 8000, weight: 90 },
            { name: 'pool-b', port: 8000, weight: 10 },
            { name: 'pool-c', port: 8000 },
          ],
        },
        { name: 'other', backendRefs: [{ name: 'pool-z', weight: 5 }] },
      ],
    })

  it('has no resourceVersion precondition: a status write in between does not refuse it', () => {
    const r = twoRules()
    const ops = buildWeightsPatch(r, weightsInput(r, 0, [80, 20, 1]), 'shift') as Op[]
    expect(ops.some((o) => o.path.startsWith('/metadata/resourceVersion'))).toBe(false)
    const statusWritten = { ...structuredClone(r), status: { parents: [] } }
    statusWritten.metadata.resourceVersion = '101'
    expect(applyPatch(statusWritten, ops).spec.rules![0]!.backendRefs!.map((b) => b.weight)).toEqual([
      80, 20, 1,
    ])
  })

  it('tests every backendRef as read at its index, so a reordered or re-weighted rule is refused', () => {
    const r = twoRules()
    const ops = buildWeightsPatch(r, weightsInput(r, 0, [90, 10, 1]), 'noop') as Op[]
    expect(ops.filter((o) => o.op === 'test')).toEqual([
      { op: 'test', path: '/spec/rules/0/backendRefs/0', value: { name: 'pool-a', port: 8000, weight: 90 } },
      { op: 'test', path: '/spec/rules/0/backendRefs/1', value: { name: 'pool-b', port: 8000, weight: 10 } },
      { op: 'test', path: '/spec/rules/0/backendRefs/2', value: { name: 'pool-c', port: 8000 } },
    ])
  })

  it('emits ops only for weights that changed, replace when present and add when absent', () => {
    const r = twoRules()
    const ops = buildWeightsPatch(r, weightsInput(r, 0, [90, 25, 3]), 'shift')
    expect(weightOps(ops)).toEqual([
      { op: 'replace', path: '/spec/rules/0/backendRefs/1/weight', value: 25 },
      { op: 'add', path: '/spec/rules/0/backendRefs/2/weight', value: 3 },
    ])
  })

  it('writes no weight op when nothing changed', () => {
    const r = twoRules()
    expect(weightOps(buildWeightsPatch(r, weightsInput(r, 0, [90, 10, 7]), 'x'))).toHaveLength(1)
    const r2 = route({ rules: [{ backendRefs: [{ name: 'a', weight: 3 }] }] })
    expect(weightOps(buildWeightsPatch(r2, weightsInput(r2, 0, [3]), 'x'))).toEqual([])
  })

  it('adds the change cause under the escaped JSON pointer when annotations exist', () => {
    const r = twoRules()
    const ops = buildWeightsPatch(r, weightsInput(r, 0, [1, 1, 1]), 'alice: canary 50/50') as Op[]
    expect(ops).toContainEqual({
      op: 'add',
      path: '/metadata/annotations/aire.dev~1change-cause',
      value: 'alice: canary 50/50',
    })
    const after = applyPatch(r, ops)
    expect(after.metadata.annotations).toEqual({
      'team.example/owner': 'sre',
      [CAUSE_KEY]: 'alice: canary 50/50',
    })
  })

  it('creates the annotations map with the change cause when the route has none', () => {
    const r = route({ rules: [{ backendRefs: [{ name: 'a', weight: 1 }] }] })
    expect(r.metadata.annotations).toBeUndefined()
    const ops = buildWeightsPatch(r, weightsInput(r, 0, [2]), 'why') as Op[]
    expect(ops).toContainEqual({ op: 'add', path: '/metadata/annotations', value: { [CAUSE_KEY]: 'why' } })
    expect(applyPatch(r, ops).metadata.annotations).toEqual({ [CAUSE_KEY]: 'why' })
  })

  it('overwrites an earlier change cause', () => {
    const r = route({
      annotations: { [CAUSE_KEY]: 'old' },
      rules: [{ backendRefs: [{ name: 'a', weight: 1 }] }],
    })
    const after = applyPatch(r, buildWeightsPatch(r, weightsInput(r, 0, [2]), 'new'))
    expect(after.metadata.annotations).toEqual({ [CAUSE_KEY]: 'new' })
  })

  it('leaves other rules untouched', () => {
    const r = twoRules()
    const ops = buildWeightsPatch(r, weightsInput(r, 0, [1, 2, 3]), 'x') as Op[]
    expect(ops.some((o) => o.path.startsWith('/spec/rules/1'))).toBe(false)
    expect(applyPatch(r, ops).spec.rules![1]).toEqual(r.spec.rules![1])
  })

  it('patches the rule at ruleIndex, not rule 0', () => {
    const r = twoRules()
    const after = applyPatch(r, buildWeightsPatch(r, weightsInput(r, 1, [9]), 'x'))
    expect(after.spec.rules![1]!.backendRefs![0]!.weight).toBe(9)
    expect(after.spec.rules![0]).toEqual(r.spec.rules![0])
  })

  it('is refused as a whole when a weight or the backends changed after it was built', () => {
    const r = twoRules()
    const ops = buildWeightsPatch(r, weightsInput(r, 0, [1, 2, 3]), 'x')
    const reweighted = structuredClone(r)
    reweighted.spec.rules![0]!.backendRefs![1]!.weight = 55
    expect(() => applyPatch(reweighted, ops)).toThrow(/test failed/)
    const reordered = structuredClone(r)
    reordered.spec.rules![0]!.backendRefs!.reverse()
    expect(() => applyPatch(reordered, ops)).toThrow(/test failed/)
    // Another rule's weights are not this write's business.
    const otherRule = structuredClone(r)
    otherRule.spec.rules![1]!.backendRefs![0]!.weight = 6
    expect(applyPatch(otherRule, ops).spec.rules![1]!.backendRefs![0]!.weight).toBe(6)
  })

  // ------------------------------------------------------------------ property-based

  const ident = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,10}[a-z0-9])?$/)
  const annotationKey = fc.stringMatching(/^[a-z0-9.~/-]{1,24}$/)
  const weight = fc.integer({ min: 0, max: 1_000_000 })
  const backendRef: fc.Arbitrary<BackendRef> = fc.record(
    { name: ident, port: fc.integer({ min: 1, max: 65535 }), weight, kind: fc.constant('InferencePool') },
    { requiredKeys: ['name'] },
  )
  const rule: fc.Arbitrary<HTTPRouteRule> = fc.record(
    {
      name: ident,
      backendRefs: fc.array(backendRef, { minLength: 1, maxLength: 16 }),
      matches: fc.array(
        fc.record({ path: fc.record({ type: fc.constant('PathPrefix'), value: fc.string() }) }),
        {
          maxLength: 2,
        },
      ),
    },
    { requiredKeys: ['backendRefs'] },
  )
  const scenario = fc
    .record({
      rules: fc.array(rule, { minLength: 1, maxLength: 4 }),
      annotations: fc.option(
        fc.dictionary(annotationKey, fc.string(), { maxKeys: 4, noNullPrototype: true }),
        {
          nil: undefined,
        },
      ),
      rv: fc.stringMatching(/^[0-9]{1,10}$/),
      cause: fc.string({ maxLength: 200 }),
      pick: fc.nat(),
    })
    .chain((s) => {
      const ruleIndex = s.pick % s.rules.length
      const n = s.rules[ruleIndex]!.backendRefs!.length
      return fc.record({
        s: fc.constant(s),
        ruleIndex: fc.constant(ruleIndex),
        weights: fc.array(weight, { minLength: n, maxLength: n }),
      })
    })

  it('changes only the chosen weights and the change cause — nothing else', () => {
    fc.assert(
      fc.property(scenario, ({ s, ruleIndex, weights }) => {
        const r = route({ rules: s.rules, annotations: s.annotations, rv: s.rv })
        const before = structuredClone(r)
        const input = weightsInput(r, ruleIndex, weights)
        const ops = buildWeightsPatch(r, input, s.cause)
        expect(r).toEqual(before) // building the patch does not mutate the route
        const after = applyPatch(r, ops)
        expect(after).toStrictEqual(expected(r, input, s.cause))
      }),
    )
  })

  it('has exactly one weight op per changed weight, add iff the weight was absent', () => {
    fc.assert(
      fc.property(scenario, ({ s, ruleIndex, weights }) => {
        const r = route({ rules: s.rules, annotations: s.annotations, rv: s.rv })
        const refs = r.spec.rules![ruleIndex]!.backendRefs!
        const ops = weightOps(buildWeightsPatch(r, weightsInput(r, ruleIndex, weights), s.cause))
        const changed = refs.flatMap((b, i) => (b.weight === weights[i] ? [] : [i]))
        expect(ops.map((o) => o.path)).toEqual(
          changed.map((i) => `/spec/rules/${ruleIndex}/backendRefs/${i}/weight`),
        )
        ops.forEach((o, k) => {
          const i = changed[k]!
          expect(o.op).toBe(refs[i]!.weight === undefined ? 'add' : 'replace')
          expect(o.value).toBe(weights[i])
        })
      }),
    )
  })
})

describe('ruleWeights', () => {
  it('reports each backend with its weight, a missing weight counting as 1 as the gateway does', () => {
    const r = route({
      rv: '7',
      rules: [
        {
          backendRefs: [{ name: 'a', weight: 0 }, { name: 'b' }, { name: 'c', weight: 42 }],
        },
      ],
    })
    expect(ruleWeights(r, 0)).toEqual({
      ruleIndex: 0,
      resourceVersion: '7',
      backends: [
        { name: 'a', weight: 0 },
        { name: 'b', weight: 1 },
        { name: 'c', weight: 42 },
      ],
    })
  })

  it('returns null for a rule that does not exist', () => {
    const r = route({ rules: [{ backendRefs: [{ name: 'a' }] }] })
    expect(ruleWeights(r, 1)).toBeNull()
    expect(ruleWeights(r, -1)).toBeNull()
    const noRules = route({ rules: [] })
    delete noRules.spec.rules
    expect(ruleWeights(noRules, 0)).toBeNull()
  })

  it('reports a rule without backends as empty', () => {
    expect(ruleWeights(route({ rules: [{}] }), 0)?.backends).toEqual([])
  })
})
