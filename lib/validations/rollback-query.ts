import { z } from 'zod'
import { auditIdSchema } from './audit-id'
import { clusterName, k8sName } from './route-ref'

/** The Roll back page's URL: which Deployment, the revision picked, and the outcome after a roll back. */
export const rollbackQuerySchema = z.object({
  cluster: clusterName,
  namespace: k8sName,
  name: k8sName,
  revision: z.coerce.number().int().positive().optional().catch(undefined),
  /** set after a roll back: the revision rolled back to (it is gone now: it became the current one) */
  done: z.coerce.number().int().positive().optional().catch(undefined),
  /** the change's audit id: its hold check is shown beside the outcome */
  hold: auditIdSchema.optional().catch(undefined),
})
