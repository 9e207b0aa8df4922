import { describe, expect, it } from 'vitest'
import {
  fillTemplate,
  headerPin,
  resolveProbeTarget,
  servingRoute,
  type PoolFacts,
  type RouteFacts,
} from './target'

const pool = (version: string): PoolFacts => ({
  cluster: 'gpu-east',
  namespace: 'team-assistant',
  pool: `llama-3-1-8b-${version}`,
  version,
  model: 'llama-3-1-8b',
  servedModel: 'meta-llama/Llama-3.1-8B-Instruct',
  port: 8000,
})

const ref = (v: string, weight: number) => ({
  kind: 'InferencePool',
  name: `llama-3-1-8b-${v}`,
  namespace: 'team-assistant',
  weight,
})

const split: RouteFacts = {
  namespace: 'team-assistant',
  name: 'llama-3-1-8b',
  rules: [
    {
      matches: ['x-ai-eg-model=meta-llama/Llama-3.1-8B-Instruct'],
      backendRefs: [ref('v1', 90), ref('v2', 10)],
    },
  ],
}

const config = {
  poolUrl: 'http://{pool}.{namespace}.svc:{port}',
  gatewayUrl: 'http://gateway.{cluster}.example:8080/',
}

describe('probe target resolution', () => {
  it('attributes a version to the route that sends it traffic, and to none once drained', () => {
    expect(resolveProbeTarget(pool('v2'), [split], config).route).toBe('llama-3-1-8b')
    const drained: RouteFacts = {
      ...split,
      rules: [{ ...split.rules[0]!, backendRefs: [ref('v1', 100), ref('v2', 0)] }],
    }
    expect(servingRoute([drained], pool('v2'))).toBeNull()
    expect(servingRoute([drained], pool('v1'))).toBe('llama-3-1-8b')
    // a pool two routes send traffic to counts for the first by name only (never twice)
    const other: RouteFacts = { ...split, name: 'assistant-default' }
    expect(servingRoute([split, other], pool('v1'))).toBe('assistant-default')
    // a route of another namespace does not take the version's verdicts
    expect(servingRoute([{ ...split, namespace: 'team-search' }], pool('v1'))).toBeNull()
  })

  it('a version behind a weighted split goes to its pool’s Service, never the split', () => {
    const t = resolveProbeTarget(pool('v2'), [split], config)
    expect(t).toMatchObject({
      via: 'service',
      url: 'http://llama-3-1-8b-v2.team-assistant.svc:8000/v1/chat/completions',
      headers: {},
      requestModel: 'meta-llama/Llama-3.1-8B-Instruct',
      key: 'gpu-east/team-assistant/llama-3-1-8b-v2',
    })
  })

  it('a rule that pins the version by header is used through the gateway, with its headers', () => {
    const pinned: RouteFacts = {
      ...split,
      rules: [
        { matches: ['POST /v1 · x-ai-eg-model=m · x-aire-version=v2'], backendRefs: [ref('v2', 1)] },
        ...split.rules,
      ],
    }
    const t = resolveProbeTarget(pool('v2'), [pinned], config)
    expect(t).toMatchObject({
      via: 'gateway',
      url: 'http://gateway.gpu-east.example:8080/v1/chat/completions',
      headers: { 'x-ai-eg-model': 'm', 'x-aire-version': 'v2' },
    })
    // the stable version is still only reachable through the split: its Service
    expect(resolveProbeTarget(pool('v1'), [pinned], config).via).toBe('service')
  })

  it('a rule whose other backends have weight 0 pins the remaining one (after a shift to stable)', () => {
    const shifted: RouteFacts = {
      ...split,
      rules: [{ ...split.rules[0]!, backendRefs: [ref('v1', 100), ref('v2', 0)] }],
    }
    expect(headerPin([shifted], pool('v1'))).toEqual({ 'x-ai-eg-model': 'meta-llama/Llama-3.1-8B-Instruct' })
    expect(headerPin([shifted], pool('v2'))).toBeNull()
  })

  it('ignores matches a probe cannot meet: regex headers, query parameters, other methods or paths', () => {
    for (const m of [
      'x-v~v2.*',
      'x-v=v2 · ?debug=1',
      'GET /v1 · x-v=v2',
      '/v2 · x-v=v2',
      '= /v1/completions · x-v=v2',
      '/',
    ]) {
      expect(
        headerPin([{ ...split, rules: [{ matches: [m], backendRefs: [ref('v2', 1)] }] }], pool('v2')),
        m,
      ).toBeNull()
    }
    expect(
      headerPin(
        [
          {
            ...split,
            rules: [{ matches: ['= /v1/chat/completions · x-v=v2'], backendRefs: [ref('v2', 1)] }],
          },
        ],
        pool('v2'),
      ),
    ).toEqual({ 'x-v': 'v2' })
  })

  it('without a gateway URL every version goes to its Service; templates escape their values', () => {
    const pinned: RouteFacts = { ...split, rules: [{ matches: ['x-v=v2'], backendRefs: [ref('v2', 1)] }] }
    expect(resolveProbeTarget(pool('v2'), [pinned], { ...config, gatewayUrl: null }).via).toBe('service')
    expect(fillTemplate('http://sim/clusters/{cluster}/m/{model}', { cluster: 'a b', model: 'x/y' })).toBe(
      'http://sim/clusters/a%20b/m/x%2Fy',
    )
    expect(resolveProbeTarget({ ...pool('v1'), servedModel: null, port: null }, [], config)).toMatchObject({
      requestModel: 'llama-3-1-8b',
      url: 'http://llama-3-1-8b-v1.team-assistant.svc:8000/v1/chat/completions',
    })
  })
})
