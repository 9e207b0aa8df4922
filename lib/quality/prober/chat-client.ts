import 'server-only'
import { z } from 'zod'
import type { ProbeAnswer } from './round'
import type { ProbeTarget } from './target'

export type { ProbeAnswer }

/**
 * One probe: an OpenAI-compatible chat completion of one prompt, deterministic settings
 * (temperature 0), bounded in time and in the size of the answer read.
 * @see https://platform.openai.com/docs/api-reference/chat/create
 */

export interface AskOptions {
  timeoutMs: number
  maxTokens: number
  bearerToken?: string | null
  fetch?: typeof fetch
}

const MAX_RESPONSE_BYTES = 1_048_576

const completionSchema = z.object({
  id: z.string().optional(),
  choices: z
    .array(z.object({ message: z.object({ content: z.string().nullable().optional() }).loose() }).loose())
    .min(1),
})

async function readBounded(r: Response): Promise<string | null> {
  if (!r.body) return ''
  const reader = r.body.getReader()
  const parts: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.length
    if (size > MAX_RESPONSE_BYTES) {
      await reader.cancel().catch(() => undefined)
      return null
    }
    parts.push(value)
  }
  return Buffer.concat(parts).toString('utf8')
}

function isTimeout(e: unknown): boolean {
  return e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError')
}

export async function askChat(target: ProbeTarget, prompt: string, o: AskOptions): Promise<ProbeAnswer> {
  const send = o.fetch ?? fetch
  try {
    const r = await send(target.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(o.bearerToken ? { authorization: `Bearer ${o.bearerToken}` } : {}),
        ...target.headers,
      },
      body: JSON.stringify({
        model: target.requestModel,
        messages: [{ role: 'user', content: prompt }],
        temperature: 0,
        max_tokens: o.maxTokens,
        stream: false,
      }),
      // The whole exchange, headers and body, counts against the timeout.
      signal: AbortSignal.timeout(o.timeoutMs),
      redirect: 'error',
    })
    const text = await readBounded(r)
    if (!r.ok) return { kind: 'error', message: `HTTP ${r.status}` }
    if (text === null) return { kind: 'error', message: 'answer over 1 MiB' }
    const parsed = completionSchema.safeParse(JSON.parse(text) as unknown)
    if (!parsed.success) return { kind: 'error', message: 'not a chat completion' }
    return {
      kind: 'answer',
      content: parsed.data.choices[0]!.message.content ?? '',
      responseId: parsed.data.id ?? null,
    }
  } catch (e) {
    if (isTimeout(e)) return { kind: 'timeout' }
    if (e instanceof SyntaxError) return { kind: 'error', message: 'not JSON' }
    const cause = e instanceof Error && e.cause instanceof Error ? e.cause.message : null
    return { kind: 'error', message: cause ?? (e instanceof Error ? e.message : String(e)) }
  }
}
