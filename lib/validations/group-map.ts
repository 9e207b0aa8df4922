import { z } from 'zod'
import { teamNameSchema } from './team'

/**
 * AIRE_OIDC_GROUP_MAP: which identity-provider group grants which console role (and team). Parsed
 * with the rest of the environment (lib/config/env.ts); lib/auth/oidc-groups applies it at sign-in.
 */
export const groupMapSchema = z.array(
  z.object({
    group: z.string().min(1),
    role: z.enum(['viewer', 'operator', 'admin']),
    team: teamNameSchema.optional(),
  }),
)
export type GroupMap = z.infer<typeof groupMapSchema>
