import { z } from 'zod'

/** The sign-in form's local account fields (AIRE_LOCAL_ACCOUNTS). */
export const credentialsSchema = z.object({
  username: z.string().trim().min(1).max(100),
  password: z.string().min(1).max(200),
})
