import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { compileCheck } from '../../lib/quality/golden/checks'
import { answer, answersWrongly, solve } from './answers'
import { createChatApi } from './chat-api'
import { DEMO_GOLDEN_PROMPTS } from './golden-demo'
import { resolveScenario, scenarioSchema } from './scenario'
import { planTopology, seededFleet, type Topology } from './topology'

const T0 = Date.parse('2026-11-20T12:00:00Z')
const MODEL = 'meta-llama/Llama-3.1-8B-Instruct'
const POOL = (v: string) => `/clusters/gpu-east/namespaces/team-assistant/pools/llama-3-1-8b-${v}`

describe('simulated answers', () => {
  it('knows the right answer to every demo golden prompt, and it passes the prompt’s check', () => {
    for (const p of DEMO_GOLDEN_PROMPTS) {
      const a = answer(p.prompt, { seed: 42, route: 'r', goodRatio: 1, model: 'm', version: 'v1' })
      expect(a.correct, p.prompt).toBe(true)
      expect(compileCheck(p.check)(a.content).pass, `${p.prompt} → ${a.content}`).toBe(true)
    }
  })

  it('a wrong answer fails the prompt’s check', () => {
    for (const p of DEMO_GOLDEN_PROMPTS) {
      const a = answer(p.prompt, { seed: 42, route: 'r', goodRatio: 0, model: 'm', version: 'v2' })
      expect(a.correct).toBe(false)
      expect(compileCheck(p.check)(a.content).pass, `${p.prompt} → ${a.content}`).toBe(false)
    }
  })

  it('degrades a share of prompts near goodRatio, the same ones for a seed, monotone in the ratio', () => {
    const prompts = Array.from({ length: 2000 }, (_, i) => `What is ${i} + 1?`)
    const wrong = (ratio: number, seed = 42) => prompts.filter((p) => answersWrongly(seed, 'r', p, ratio))
    expect(wrong(0.3).length / prompts.length).toBeCloseTo(0.7, 1)
    expect(wrong(0.3)).toEqual(wrong(0.3))
    expect(wrong(0.3, 7)).not.toEqual(wrong(0.3))
    const at05 = new Set(wrong(0.5))
    expect(wrong(0.9).every((p) => at05.has(p))).toBe(true)
    expect(solve('Tell me a story')).toBeNull()
  })
})

describe('chat completions API', () => {
  let server: Server
  let base = ''
  let topology: Topology = planTopology(seededFleet())
  const scenario = scenarioSchema.parse({
    name: 't',
    events: [{ kind: 'quality', route: 'llama-3-1-8b', version: 'v2', from: '-1h', goodRatio: 0.3 }],
  })
  const events = resolveScenario(scenario, T0)

  beforeAll(async () => {
    const serve = createChatApi({
      topology: () => topology,
      events: () => events,
      seed: 42,
      latencyScale: 0,
      now: () => T0,
    })
    server = createServer((req, res) => {
      if (!serve(req, res)) res.writeHead(404).end()
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise<void>((r) => server.close(() => r())))

  const chat = async (path: string, prompt: string, model = MODEL, headers: Record<string, string> = {}) => {
    const r = await fetch(`${base}${path}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ model, messages: [{ role: 'user', content: prompt }] }),
    })
    return { status: r.status, headers: r.headers, body: (await r.json()) as Record<string, unknown> }
  }
  const text = (b: Record<string, unknown>) =>
    (b.choices as { message: { content: string } }[])[0]!.message.content

  it('answers in the OpenAI chat.completion shape', async () => {
    const r = await chat(POOL('v1'), 'What is 17 * 23?')
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({ object: 'chat.completion', model: MODEL })
    expect(r.body.id).toMatch(/^chatcmpl-[0-9a-f]{24}$/)
    expect(text(r.body)).toBe('391')
    expect(r.body.usage).toMatchObject({ completion_tokens: 1 })
  })

  it('the stable version passes every golden prompt; the degraded canary fails a share, the same on a retry', async () => {
    const passes = async (v: string) => {
      const out: boolean[] = []
      for (const p of DEMO_GOLDEN_PROMPTS)
        out.push(compileCheck(p.check)(text((await chat(POOL(v), p.prompt)).body)).pass)
      return out
    }
    expect((await passes('v1')).every(Boolean)).toBe(true)
    const canary = await passes('v2')
    const failed = canary.filter((x) => !x).length
    expect(failed).toBeGreaterThan(0)
    expect(failed).toBeLessThan(DEMO_GOLDEN_PROMPTS.length)
    expect(await passes('v2')).toEqual(canary)
  })

  it('the gateway endpoint splits by the route’s weights and routes by x-ai-eg-model', async () => {
    const versions: string[] = []
    for (let i = 0; i < 200; i++) {
      const r = await chat('/clusters/gpu-east', 'What is 1 + 1?', MODEL, { 'x-ai-eg-model': MODEL })
      versions.push(r.headers.get('x-aire-sim-version') ?? '')
    }
    const v2 = versions.filter((v) => v === 'v2').length
    expect(v2).toBeGreaterThan(5)
    expect(v2).toBeLessThan(45)
    topology = {
      ...topology,
      routes: topology.routes.map((r) =>
        r.name === 'llama-3-1-8b'
          ? { ...r, backends: r.backends.map((b) => ({ ...b, weight: b.version === 'v1' ? 100 : 0 })) }
          : r,
      ),
    }
    for (let i = 0; i < 20; i++) {
      expect((await chat('/clusters/gpu-east', 'What is 1 + 1?')).headers.get('x-aire-sim-version')).toBe(
        'v1',
      )
    }
    topology = planTopology(seededFleet())
  })

  it('refuses what vLLM refuses: another model, a pool without pods, a malformed body', async () => {
    expect((await chat(POOL('v1'), 'hi', 'Qwen/Qwen2.5-7B-Instruct')).status).toBe(404)
    expect((await chat('/clusters/gpu-east/namespaces/team-assistant/pools/nope', 'hi')).status).toBe(404)
    const saved = topology
    topology = { ...topology, pods: topology.pods.filter((p) => p.pool !== 'llama-3-1-8b-v2') }
    expect((await chat(POOL('v2'), 'hi')).status).toBe(503)
    topology = saved
    const r = await fetch(`${base}${POOL('v1')}/v1/chat/completions`, { method: 'POST', body: '{"model":1}' })
    expect(r.status).toBe(400)
  })
})
