const enc = encodeURIComponent

export const paths = {
  httpRoutes: () => '/apis/gateway.networking.k8s.io/v1/httproutes',
  httpRoute: (ns: string, name: string) =>
    `/apis/gateway.networking.k8s.io/v1/namespaces/${enc(ns)}/httproutes/${enc(name)}`,
  namespace: (name: string) => `/api/v1/namespaces/${enc(name)}`,
  events: (ns: string) => `/api/v1/namespaces/${enc(ns)}/events`,
}

export const morePaths = {
  inferencePools: (ns: string) => `/apis/inference.networking.k8s.io/v1/namespaces/${enc(ns)}/inferencepools`,
  deployment: (ns: string, name: string) => `/apis/apps/v1/namespaces/${enc(ns)}/deployments/${enc(name)}`,
  replicaSets: (ns: string, selector: string) =>
    `/apis/apps/v1/namespaces/${enc(ns)}/replicasets?labelSelector=${enc(selector)}`,
  resourceQuota: (ns: string, name: string) => `/api/v1/namespaces/${enc(ns)}/resourcequotas/${enc(name)}`,
  resourceQuotas: (ns: string) => `/api/v1/namespaces/${enc(ns)}/resourcequotas`,
  backendTrafficPolicy: (ns: string, name: string) =>
    `/apis/gateway.envoyproxy.io/v1alpha1/namespaces/${enc(ns)}/backendtrafficpolicies/${enc(name)}`,
  backendTrafficPolicies: (ns: string) =>
    `/apis/gateway.envoyproxy.io/v1alpha1/namespaces/${enc(ns)}/backendtrafficpolicies`,
}
