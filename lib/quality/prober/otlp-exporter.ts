import { otlpLogsBody, type OtlpLogRecord, type OtlpResource } from './otlp'

/**
 * Sends the prober's evaluation events to an OTLP/HTTP endpoint (POST {endpoint}/v1/logs, JSON).
 * While the endpoint is down, records wait in a bounded buffer; past the bound the oldest are
 * dropped, and both counts are kept for the UI. A 400 (the receiver cannot read the batch) drops
 * the batch: sending it again cannot help. 429 and 5xx are retried at the next flush.
 * @see https://opentelemetry.io/docs/specs/otlp/#otlphttp-response
 */

export interface OtlpStats {
  enabled: boolean
  sent: number
  buffered: number
  dropped: number
  lastOkAt: number | null
  lastError: string | null
  /** since when exports fail; null while they succeed */
  downSince: number | null
}

export interface OtlpExporter {
  enqueue(records: readonly OtlpLogRecord[]): void
  /** Sends what is buffered, batch by batch, until the buffer is empty or a send fails. */
  flush(): Promise<void>
  stats(): OtlpStats
}

export interface OtlpExporterOptions {
  /** base URL, e.g. http://otelcol:4318; null: export is off */
  endpoint: string | null
  resource: OtlpResource
  maxBuffer: number
  batchSize?: number
  timeoutMs?: number
  fetch?: typeof fetch
  now?: () => number
}

export function createOtlpExporter(o: OtlpExporterOptions): OtlpExporter {
  const url = o.endpoint ? `${o.endpoint.replace(/\/+$/, '')}/v1/logs` : null
  const send = o.fetch ?? fetch
  const now = o.now ?? Date.now
  const batchSize = o.batchSize ?? 500
  let buffer: OtlpLogRecord[] = []
  const s: OtlpStats = {
    enabled: url !== null,
    sent: 0,
    buffered: 0,
    dropped: 0,
    lastOkAt: null,
    lastError: null,
    downSince: null,
  }
  let flushing: Promise<void> | null = null

  const failed = (message: string) => {
    s.lastError = message
    s.downSince ??= now()
  }

  async function post(batch: OtlpLogRecord[]): Promise<'ok' | 'retry' | 'drop'> {
    try {
      const r = await send(url!, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(otlpLogsBody(batch, o.resource)),
        signal: AbortSignal.timeout(o.timeoutMs ?? 5_000),
      })
      await r.body?.cancel().catch(() => undefined)
      if (r.ok) return 'ok'
      failed(`HTTP ${r.status}`)
      return r.status === 400 ? 'drop' : 'retry'
    } catch (e) {
      failed(e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e))
      return 'retry'
    }
  }

  let inFlight = 0
  /** Keeps the newest maxBuffer records: the oldest matter least to a burn that is happening now. */
  const bound = () => {
    const over = Math.min(buffer.length + inFlight - o.maxBuffer, buffer.length)
    if (over > 0) {
      buffer = buffer.slice(over)
      s.dropped += over
    }
    s.buffered = buffer.length + inFlight
  }

  async function drain(): Promise<void> {
    while (buffer.length > 0) {
      const batch = buffer.splice(0, batchSize)
      inFlight = batch.length
      const r = await post(batch)
      inFlight = 0
      if (r === 'retry') {
        buffer = batch.concat(buffer)
        bound()
        return
      }
      s.buffered = buffer.length
      if (r === 'drop') {
        s.dropped += batch.length
        continue
      }
      s.sent += batch.length
      s.lastOkAt = now()
      s.downSince = null
      s.lastError = null
    }
  }

  return {
    enqueue(records) {
      if (!url) return
      buffer.push(...records)
      bound()
    },
    flush() {
      if (!url) return Promise.resolve()
      flushing ??= drain().finally(() => (flushing = null))
      return flushing
    },
    stats: () => ({ ...s }),
  }
}
