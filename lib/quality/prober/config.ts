import 'server-only'
import { z } from 'zod'
import type { TargetConfig } from './target'

/** The prober's environment (docs/GOLDEN-SETS.md), read with zod when it starts. */

const num = (min: number, max: number, dflt: number) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? dflt : Number(v)))
    .pipe(z.number().min(min).max(max))

const url = z.url({ protocol: /^https?$/ })

export const proberEnvSchema = z.object({
  AIRE_GOLDEN_PROBER: z.enum(['on', 'off']).default('off'),
  AIRE_PROBER_INTERVAL_SECONDS: num(1, 3600, 60),
  AIRE_PROBER_TIMEOUT_SECONDS: num(0.1, 300, 10),
  AIRE_PROBER_CONCURRENCY: num(1, 64, 4).pipe(z.number().int()),
  AIRE_PROBER_RATE_PER_SECOND: num(0.01, 1000, 5),
  AIRE_PROBER_MAX_TOKENS: num(1, 4096, 128).pipe(z.number().int()),
  AIRE_PROBER_POOL_URL: z.string().min(1).default('http://{pool}.{namespace}.svc:{port}'),
  AIRE_PROBER_GATEWAY_URL: z.string().min(1).optional(),
  AIRE_PROBER_BEARER_TOKEN: z.string().min(1).optional(),
  AIRE_OTLP_ENDPOINT: url.optional(),
  AIRE_PROBER_OTLP_BUFFER: num(100, 1_000_000, 10_000).pipe(z.number().int()),
})

export interface ProberConfig {
  enabled: boolean
  intervalMs: number
  timeoutMs: number
  concurrency: number
  ratePerSecond: number
  maxTokens: number
  targets: TargetConfig
  bearerToken: string | null
  otlpEndpoint: string | null
  otlpBuffer: number
}

export function proberConfig(env: Record<string, string | undefined> = process.env): ProberConfig {
  const blankless = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''))
  const e = proberEnvSchema.parse(blankless)
  return {
    enabled: e.AIRE_GOLDEN_PROBER === 'on',
    intervalMs: e.AIRE_PROBER_INTERVAL_SECONDS * 1000,
    timeoutMs: e.AIRE_PROBER_TIMEOUT_SECONDS * 1000,
    concurrency: e.AIRE_PROBER_CONCURRENCY,
    ratePerSecond: e.AIRE_PROBER_RATE_PER_SECOND,
    maxTokens: e.AIRE_PROBER_MAX_TOKENS,
    targets: { poolUrl: e.AIRE_PROBER_POOL_URL, gatewayUrl: e.AIRE_PROBER_GATEWAY_URL ?? null },
    bearerToken: e.AIRE_PROBER_BEARER_TOKEN ?? null,
    otlpEndpoint: e.AIRE_OTLP_ENDPOINT ?? null,
    otlpBuffer: e.AIRE_PROBER_OTLP_BUFFER,
  }
}
