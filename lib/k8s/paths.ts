const enc = encodeURIComponent

export const paths = {
  httpRoutes: () => '/apis/gateway.networking.k8s.io/v1/httproutes',
  httpRoute: (ns: string, name: string) =>
    `/apis/gateway.networking.k8s.io/v1/namespaces/${enc(ns)}/httproutes/${enc(name)}`,
  namespace: (name: string) => `/api/v1/namespaces/${enc(name)}`,
  events: (ns: string) => `/api/v1/namespaces/${enc(ns)}/events`,
}
