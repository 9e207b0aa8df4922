import { z } from 'zod'

// Audit ids are cuids; anything else is refused before it reaches the database.
export const auditIdSchema = z.string().regex(/^[a-z0-9]{10,40}$/)
