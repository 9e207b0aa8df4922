import 'server-only'
import { k8sRequest, type Impersonation } from '@/lib/k8s/request'
import { paths } from '@/lib/k8s/paths'
import { log } from '@/lib/observability/log'

export interface ChangedObject {
  cluster: string
  namespace: string
  apiVersion: string
  kind: string
  name: string
  uid?: string
}

/**
 * A Kubernetes Event on the changed object naming the user, so `kubectl describe` shows who
 * changed it through the console. Created as the user; best effort (the audit record is the
 * source of truth), so a refusal here never undoes the change.
 */
export async function emitChangeEvent(
  obj: ChangedObject,
  as: Impersonation,
  reason: string,
  message: string,
): Promise<void> {
  const now = new Date().toISOString()
  try {
    const r = await k8sRequest(obj.cluster, {
      method: 'POST',
      path: paths.events(obj.namespace),
      as,
      body: {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { generateName: `${obj.name}.aire-`, namespace: obj.namespace },
        involvedObject: {
          apiVersion: obj.apiVersion,
          kind: obj.kind,
          name: obj.name,
          namespace: obj.namespace,
          uid: obj.uid,
        },
        reason,
        message: message.slice(0, 1000),
        type: 'Normal',
        source: { component: 'aire-console' },
        reportingComponent: 'aire-console',
        reportingInstance: process.env.HOSTNAME ?? 'aire-console',
        firstTimestamp: now,
        lastTimestamp: now,
        count: 1,
      },
    })
    if (r.status >= 300) log.warn('change event not recorded', { status: r.status, object: obj.name })
  } catch (e) {
    log.warn('change event not recorded', { error: e, object: obj.name })
  }
}
