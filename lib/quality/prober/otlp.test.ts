import { describe, expect, it } from 'vitest'
import { evaluationRecord, otlpLogsBody, type EvaluationEvent } from './otlp'
import { createOtlpExporter } from './otlp-exporter'

const event = (label: EvaluationEvent['label'], i = 0): EvaluationEvent => ({
  evaluationName: 'assistant-basics',
  label,
  timeMs: Date.parse('2026-11-20T12:00:00.123Z'),
  responseId: label === 'timeout' ? null : `chatcmpl-${i}`,
  requestModel: 'meta-llama/Llama-3.1-8B-Instruct',
  version: 'v2',
  namespace: 'team-assistant',
  route: null,
  cluster: 'gpu-east',
  pool: 'llama-3-1-8b-v2',
  promptIndex: i,
})

const attrs = (r: ReturnType<typeof evaluationRecord>) =>
  Object.fromEntries(r.attributes.map((a) => [a.key, Object.values(a.value)[0]]))

describe('OTLP evaluation events', () => {
  it('names the route only while it sends users to the version (a route SLO counts those verdicts)', () => {
    const drained = attrs(evaluationRecord(event('fail')))
    expect(drained).not.toHaveProperty('aire.route.name')
    const serving = attrs(evaluationRecord({ ...event('fail'), route: 'llama-3-1-8b' }))
    expect(serving['aire.route.name']).toBe('llama-3-1-8b')
  })

  it('one log record per probe, named gen_ai.evaluation.result, with the GenAI attributes', () => {
    const r = evaluationRecord(event('fail', 3))
    expect(r.eventName).toBe('gen_ai.evaluation.result')
    expect(r.timeUnixNano).toBe('1795176000123000000')
    expect(attrs(r)).toEqual({
      'event.name': 'gen_ai.evaluation.result',
      'gen_ai.evaluation.name': 'assistant-basics',
      'gen_ai.evaluation.score.value': 0,
      'gen_ai.evaluation.score.label': 'fail',
      'gen_ai.response.id': 'chatcmpl-3',
      'gen_ai.request.model': 'meta-llama/Llama-3.1-8B-Instruct',
      'aire.model.version': 'v2',
      'k8s.namespace.name': 'team-assistant',
      'k8s.cluster.name': 'gpu-east',
      'aire.inference_pool.name': 'llama-3-1-8b-v2',
      'aire.golden.prompt_index': '3',
    })
    expect(r.attributes.find((a) => a.key === 'gen_ai.evaluation.score.value')!.value).toEqual({
      doubleValue: 0,
    })
    expect(attrs(evaluationRecord(event('pass')))['gen_ai.evaluation.score.value']).toBe(1)
    // a timeout has no answer, so no response id
    expect(attrs(evaluationRecord(event('timeout')))).not.toHaveProperty('gen_ai.response.id')
  })

  it('wraps records in resourceLogs → scopeLogs with the service resource', () => {
    const body = otlpLogsBody([evaluationRecord(event('pass'))], {
      serviceName: 'aire-console',
      serviceInstanceId: 'pod-a',
    })
    expect(body.resourceLogs[0]!.resource.attributes).toEqual([
      { key: 'service.name', value: { stringValue: 'aire-console' } },
      { key: 'service.instance.id', value: { stringValue: 'pod-a' } },
    ])
    expect(body.resourceLogs[0]!.scopeLogs[0]!.logRecords).toHaveLength(1)
  })
})

describe('OTLP exporter', () => {
  const resource = { serviceName: 'aire-console', serviceInstanceId: 'test' }
  const records = (n: number) => Array.from({ length: n }, (_, i) => evaluationRecord(event('pass', i)))

  it('posts JSON to {endpoint}/v1/logs in batches and counts what it sent', async () => {
    const posts: { url: string; count: number }[] = []
    const fake: typeof fetch = async (url, init) => {
      const body = JSON.parse(String(init?.body)) as ReturnType<typeof otlpLogsBody>
      posts.push({ url: String(url), count: body.resourceLogs[0]!.scopeLogs[0]!.logRecords.length })
      return new Response('{}', { status: 200 })
    }
    const x = createOtlpExporter({
      endpoint: 'http://collector:4318/',
      resource,
      maxBuffer: 100,
      batchSize: 4,
      fetch: fake,
    })
    x.enqueue(records(10))
    await x.flush()
    expect(posts).toEqual([
      { url: 'http://collector:4318/v1/logs', count: 4 },
      { url: 'http://collector:4318/v1/logs', count: 4 },
      { url: 'http://collector:4318/v1/logs', count: 2 },
    ])
    expect(x.stats()).toMatchObject({ enabled: true, sent: 10, buffered: 0, dropped: 0, downSince: null })
  })

  it('while the endpoint is down it buffers up to the bound, drops the oldest past it, and catches up', async () => {
    let up = false
    const seen: string[] = []
    const fake: typeof fetch = async (_url, init) => {
      if (!up)
        throw new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:4318') })
      const body = JSON.parse(String(init?.body)) as ReturnType<typeof otlpLogsBody>
      for (const r of body.resourceLogs[0]!.scopeLogs[0]!.logRecords)
        seen.push(JSON.stringify(r.attributes.find((a) => a.key === 'aire.golden.prompt_index')!.value))
      return new Response('{}', { status: 200 })
    }
    let t = 1000
    const x = createOtlpExporter({
      endpoint: 'http://collector:4318',
      resource,
      maxBuffer: 5,
      fetch: fake,
      now: () => t,
    })
    x.enqueue(records(3))
    await x.flush()
    expect(x.stats()).toMatchObject({ sent: 0, buffered: 3, dropped: 0, downSince: 1000 })
    expect(x.stats().lastError).toMatch(/ECONNREFUSED/)
    t = 2000
    x.enqueue(records(4))
    await x.flush()
    expect(x.stats()).toMatchObject({ sent: 0, buffered: 5, dropped: 2, downSince: 1000 })
    up = true
    await x.flush()
    expect(x.stats()).toMatchObject({ sent: 5, buffered: 0, dropped: 2, downSince: null, lastOkAt: 2000 })
    // the newest five, in order: the last of the first three, then all four of the second batch
    expect(seen.map((v) => (JSON.parse(v) as { intValue: string }).intValue)).toEqual([
      '2',
      '0',
      '1',
      '2',
      '3',
    ])
  })

  it('a 400 drops the batch (counted), a 503 keeps it for the next flush', async () => {
    let status = 400
    const x = createOtlpExporter({
      endpoint: 'http://c',
      resource,
      maxBuffer: 10,
      fetch: async () => new Response('bad', { status }),
    })
    x.enqueue(records(2))
    await x.flush()
    expect(x.stats()).toMatchObject({ sent: 0, buffered: 0, dropped: 2, lastError: 'HTTP 400' })
    status = 503
    x.enqueue(records(2))
    await x.flush()
    expect(x.stats()).toMatchObject({ buffered: 2, dropped: 2, lastError: 'HTTP 503' })
  })

  it('is off without an endpoint: nothing is sent or counted', async () => {
    const x = createOtlpExporter({
      endpoint: null,
      resource,
      maxBuffer: 10,
      fetch: () => Promise.reject(new Error('no')),
    })
    x.enqueue(records(3))
    await x.flush()
    expect(x.stats()).toMatchObject({ enabled: false, sent: 0, buffered: 0, dropped: 0 })
  })
})
