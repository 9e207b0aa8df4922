import 'server-only'
import { k8sRequest, type Impersonation } from '@/lib/k8s/request'
import type { ObjectMeta } from '@/lib/k8s/types'

/**
 * Whether a refused conditional write lost a race. A failed JSON-patch `test` comes back as a bare
 * 422 ("the server rejected our request due to an error in our request") and a stale
 * resourceVersion as 409, so the object is read again: if its version moved, someone else wrote it.
 */
export async function lostRace(
  cluster: string,
  path: string,
  status: number,
  sawVersion: string | undefined,
  as: Impersonation,
): Promise<boolean> {
  if (status === 409) return true
  if (status !== 422) return false
  const fresh = await k8sRequest<{ metadata: ObjectMeta }>(cluster, { method: 'GET', path, as })
  return fresh.status === 200 && fresh.body.metadata.resourceVersion !== sawVersion
}
