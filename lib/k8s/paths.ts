import { RESOURCE, resourcePath } from '@/lib/k8s/resources'

export const paths = {
  httpRoutes: () => resourcePath(RESOURCE.httproutes),
  httpRoute: (namespace: string, name: string) => resourcePath(RESOURCE.httproutes, { namespace, name }),
  namespace: (name: string) => resourcePath(RESOURCE.namespaces, { name }),
  /** Namespaces by label, e.g. the ones a team owns. */
  namespaces: (labelSelector: string) => resourcePath(RESOURCE.namespaces, { labelSelector }),
  events: (namespace: string) => resourcePath(RESOURCE.events, { namespace }),
}

export const morePaths = {
  inferencePools: (namespace: string) => resourcePath(RESOURCE.inferencepools, { namespace }),
  deployment: (namespace: string, name: string) => resourcePath(RESOURCE.deployments, { namespace, name }),
  replicaSets: (namespace: string, labelSelector: string) =>
    resourcePath(RESOURCE.replicasets, { namespace, labelSelector }),
  resourceQuota: (namespace: string, name: string) =>
    resourcePath(RESOURCE.resourcequotas, { namespace, name }),
  resourceQuotas: (namespace: string) => resourcePath(RESOURCE.resourcequotas, { namespace }),
  services: (namespace: string) => resourcePath(RESOURCE.services, { namespace }),
  referenceGrants: (namespace: string) => resourcePath(RESOURCE.referencegrants, { namespace }),
  backendTrafficPolicy: (namespace: string, name: string) =>
    resourcePath(RESOURCE.backendtrafficpolicies, { namespace, name }),
  backendTrafficPolicies: (namespace: string) => resourcePath(RESOURCE.backendtrafficpolicies, { namespace }),
}
