import { z } from 'zod'
import { clusterName, k8sName } from './route-ref'

/**
 * An owner's-path action on a route (suspend its Flux object, disable its Argo CD auto-sync, abort
 * or promote its Rollout). The owner object is never taken from the browser: the server finds it
 * from the route's own metadata, so an operator cannot aim the action at another team's object.
 * `resourceVersion` is the owner object's as the page showed it (opaque; digits on every API server).
 */
export const ownerActionSchema = z
  .object({
    cluster: clusterName,
    namespace: k8sName,
    name: k8sName,
    resourceVersion: z
      .string()
      .min(1, 'Required.')
      .max(64)
      .regex(/^[0-9A-Za-z._-]+$/, 'not a resourceVersion'),
  })
  .strict()
export type OwnerActionInput = z.infer<typeof ownerActionSchema>
