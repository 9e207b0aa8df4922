import 'server-only'
import { z } from 'zod'
import { groupMapSchema } from '@/lib/validations/group-map'

/**
 * How long after an applied change the console watches the changed field (lib/actions/hold);
 * also read on its own at each change, so tests and operators can shorten it without a restart.
 */
export const holdWindowSchema = z.coerce.number().int().min(1).max(86_400).default(120)

// Parsed once at start-up: a misconfigured console should fail loudly, not half-work.
const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z.string().default('file:./.aire/console.db'),
  NEXTAUTH_SECRET: z.string().min(16, 'NEXTAUTH_SECRET must be at least 16 characters').optional(),
  AIRE_KUBECONFIG: z.string().optional(),
  AIRE_CLUSTERS: z.string().optional(),
  PROMETHEUS_URL: z.url().optional(),
  OIDC_ISSUER: z.url().optional(),
  OIDC_CLIENT_ID: z.string().optional(),
  OIDC_CLIENT_SECRET: z.string().optional(),
  OIDC_GROUPS_CLAIM: z.string().default('groups'),
  AIRE_OIDC_GROUP_MAP: z
    .string()
    .optional()
    .transform((s, ctx) => {
      if (!s) return []
      try {
        return groupMapSchema.parse(JSON.parse(s))
      } catch {
        ctx.addIssue({
          code: 'custom',
          message: 'AIRE_OIDC_GROUP_MAP must be a JSON array of {group, role, team?}',
        })
        return z.NEVER
      }
    }),
  AIRE_LOCAL_ACCOUNTS: z.enum(['true', 'false']).default('true'),
  AIRE_SESSION_HOURS: z.coerce.number().positive().max(12).default(12),
  AIRE_INSECURE_COOKIES: z.enum(['0', '1']).default('0'),
  AIRE_HOLD_WINDOW_SECONDS: holdWindowSchema,
})

export type Env = z.infer<typeof envSchema>

let cached: Env | undefined

/** `FOO=` in a shell or a manifest means "not set", not "set to an invalid empty value". */
export function parseEnv(source: Record<string, string | undefined>): Env {
  return envSchema.parse(Object.fromEntries(Object.entries(source).filter(([, v]) => v !== '')))
}

export function env(): Env {
  cached ??= parseEnv(process.env)
  return cached
}

export function oidcEnabled(e: Env = env()): boolean {
  return Boolean(e.OIDC_ISSUER && e.OIDC_CLIENT_ID)
}
