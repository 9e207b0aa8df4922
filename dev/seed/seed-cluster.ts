/**
 * Seeds the local clusters (dev/cluster/cluster.sh) with the fleet of
 * dev/seed/fleet.ts: kwok GPU nodes, DRA ResourceSlices, team namespaces with
 * quotas and RBAC, vLLM-style model Deployments rolled out three times by the
 * real deployment controller, InferencePools, the inference Gateway, HTTPRoutes
 * with weighted canary splits and the gateway's token limits.
 *
 *   tsx dev/seed/seed-cluster.ts [--scale small|bench] [--seed 42] [--nodes 5000] [--pods 50000]
 *                                [--concurrency 32] [--clusters gpu-east,gpu-west] [--kubeconfig FILE]
 *                                [--timeout 600] [--no-wait]
 *
 * Idempotent: re-running converges (creates what is missing, prunes seeded
 * objects no longer in the plan, never adds rollouts beyond the third).
 */
import { createHash } from 'node:crypto'
import type * as k8s from '@kubernetes/client-node'
import {
  buildFleet,
  CLUSTER_NAMES,
  DRA_DRIVER,
  DRIVER_VERSION,
  EPP_IMAGE,
  EPP_PORT,
  expectedTotals,
  GATEWAY_CLASS,
  GATEWAY_CONTROLLER,
  GATEWAY_NAME,
  GATEWAY_NAMESPACE,
  GPU_PRODUCTS,
  L,
  MODEL_PORT,
  ROLLOUT_IMAGES,
  SEED_RECORD,
  TEAMS,
  TOKEN_POLICY_NAME,
  type ClusterName,
  type DeploymentPlan,
  type Fleet,
  type NodePlan,
  type Scale,
} from './fleet'
import {
  clients,
  findKubeconfigs,
  mapLimit,
  mergePatch,
  orNull,
  rawRequest,
  retry,
  sleep,
  type Clients,
} from './kube'

// ------------------------------------------------------------------ args

interface Args {
  scale: Scale
  seed: number
  nodes?: number
  pods?: number
  concurrency: number
  clusters: ClusterName[]
  kubeconfig?: string
  timeoutS: number
  wait: boolean
}

function parseArgs(argv: string[]): Args {
  const a: Args = {
    scale: 'small',
    seed: 42,
    concurrency: 32,
    clusters: [...CLUSTER_NAMES],
    timeoutS: 600,
    wait: true,
  }
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split('=', 2) as [string, string | undefined]
    const val = () => inline ?? argv[++i] ?? ''
    switch (flag) {
      case '--scale': {
        const v = val()
        if (v !== 'small' && v !== 'bench') throw new Error(`--scale must be small or bench, not ${v}`)
        a.scale = v
        break
      }
      case '--seed':
        a.seed = Number(val())
        break
      case '--nodes':
        a.nodes = Number(val())
        break
      case '--pods':
        a.pods = Number(val())
        break
      case '--concurrency':
        a.concurrency = Number(val())
        break
      case '--clusters':
        a.clusters = val().split(',') as ClusterName[]
        break
      case '--kubeconfig':
        a.kubeconfig = val()
        break
      case '--timeout':
        a.timeoutS = Number(val())
        break
      case '--no-wait':
        a.wait = false
        break
      case '-h':
      case '--help':
        console.log(
          'usage: tsx dev/seed/seed-cluster.ts [--scale small|bench] [--seed N] [--nodes N] [--pods N] [--concurrency N] [--clusters a,b] [--kubeconfig FILE] [--timeout S] [--no-wait]',
        )
        process.exit(0)
      default:
        throw new Error(`unknown argument ${argv[i]}`)
    }
  }
  if (!Number.isFinite(a.seed)) throw new Error('--seed must be a number')
  return a
}

// ------------------------------------------------------------------ logging

const T0 = Date.now()
const secs = () => ((Date.now() - T0) / 1000).toFixed(1).padStart(6)
function log(cluster: string, msg: string) {
  console.log(`[${secs()}s] ${cluster.padEnd(8)} ${msg}`)
}

const FIELD_MANAGER = 'aire-seed'
const SEEDED = { [L.seeded]: 'true' }
/**
 * Demo owners, so the Routes page shows what production looks like: the search team's routes come
 * from an Argo CD app, the vision team's from a Flux Kustomization (labels only: no controller runs
 * here, so nothing reverts a change; the console still says what would).
 */
const ROUTE_OWNER_LABELS: Record<string, Record<string, string>> = {
  search: { 'argocd.argoproj.io/instance': 'search-llm' },
  vision: {
    'kustomize.toolkit.fluxcd.io/name': 'vision-serving',
    'kustomize.toolkit.fluxcd.io/namespace': 'flux-system',
  },
}
/**
 * The owner objects those labels name (dev/cluster/cluster.sh installs their CRDs from the Go
 * modules): the Argo CD Application auto-syncs with self-heal, as production runs it, and the Flux
 * Kustomization is not suspended. The team's operators may patch exactly their own object (a Role
 * with resourceNames), so "Suspend" / "Disable auto-sync" work for them and for admins only.
 * spec.suspend is left out of the applied spec on purpose: a re-seed must not resume a
 * Kustomization someone suspended through the console.
 */
const GITOPS_OWNERS: Record<string, { group: string; resource: string; obj: Obj }> = {
  search: {
    group: 'argoproj.io',
    resource: 'applications',
    obj: {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: 'search-llm', namespace: 'argocd', labels: { ...SEEDED, [L.team]: 'search' } },
      spec: {
        project: 'default',
        source: {
          repoURL: 'https://git.example.com/platform/fleet.git',
          path: 'teams/search/serving',
          targetRevision: 'main',
        },
        destination: { server: 'https://kubernetes.default.svc', namespace: 'team-search' },
        syncPolicy: { automated: { prune: true, selfHeal: true } },
      },
    },
  },
  vision: {
    group: 'kustomize.toolkit.fluxcd.io',
    resource: 'kustomizations',
    obj: {
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: {
        name: 'vision-serving',
        namespace: 'flux-system',
        labels: { ...SEEDED, [L.team]: 'vision' },
      },
      spec: {
        interval: '10m',
        path: './teams/vision/serving',
        prune: true,
        sourceRef: { kind: 'GitRepository', name: 'fleet-infra' },
        targetNamespace: 'team-vision',
      },
    },
  },
}

const hashOf = (v: unknown) => createHash('sha256').update(JSON.stringify(v)).digest('hex').slice(0, 16)

type Obj = k8s.KubernetesObject & Record<string, unknown>

function resourcePath(obj: Obj): string {
  const [group, version] = obj.apiVersion!.includes('/') ? obj.apiVersion!.split('/') : ['', obj.apiVersion!]
  const k = obj.kind!.toLowerCase()
  const plural = k.endsWith('s') ? `${k}es` : /[^aeiou]y$/.test(k) ? `${k.slice(0, -1)}ies` : `${k}s`
  const base = group ? `/apis/${group}/${version}` : `/api/${version}`
  const ns = obj.metadata?.namespace ? `/namespaces/${obj.metadata.namespace}` : ''
  return `${base}${ns}/${plural}/${obj.metadata!.name}`
}

/**
 * Server-side apply. Sent raw (not through client-node's typed serializer, which
 * renames fields such as DeviceAttribute `int` -> `_int`).
 */
async function apply(c: Clients, obj: Obj): Promise<Obj> {
  const what = `apply ${obj.kind} ${obj.metadata?.namespace ?? ''}/${obj.metadata?.name}`
  return retry(
    async () => {
      const res = await rawRequest(
        c.kc,
        'PATCH',
        `${resourcePath(obj)}?fieldManager=${FIELD_MANAGER}&force=true`,
        { body: obj, contentType: 'application/apply-patch+yaml' },
      )
      if (res.status >= 200 && res.status < 300) return res.json() as Obj
      throw Object.assign(new Error(`${res.status}`), { code: res.status, body: res.body })
    },
    what,
    { conflicts: true },
  )
}

async function patchStatus(
  c: Clients,
  group: string,
  version: string,
  namespace: string,
  plural: string,
  name: string,
  status: unknown,
) {
  try {
    await retry(
      () =>
        c.custom.patchNamespacedCustomObjectStatus(
          { group, version, namespace, plural, name, body: { status } },
          mergePatch(),
        ),
      `status ${plural} ${namespace}/${name}`,
      { tries: 3, conflicts: true },
    )
  } catch (e) {
    log(c.context, `warning: ${(e as Error).message}`)
  }
}

// ------------------------------------------------------------------ namespaces, quotas, RBAC

async function seedNamespaces(c: Clients, fleet: Fleet, cluster: ClusterName) {
  const teams = fleet.teamsByCluster[cluster]
  await apply(c, {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: GATEWAY_NAMESPACE, labels: { ...SEEDED, 'app.kubernetes.io/part-of': 'aire-console' } },
  })
  for (const t of TEAMS.filter((t) => teams.includes(t.id))) {
    await apply(c, {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: t.namespace,
        labels: { ...SEEDED, [L.team]: t.id },
        annotations: { 'aire.dev/display-name': t.displayName },
      },
    })
    await apply(c, {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: {
        name: 'aire-operator',
        namespace: t.namespace,
        labels: { ...SEEDED, [L.team]: t.id, 'app.kubernetes.io/part-of': 'aire-console' },
      },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'aire-operator' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: `aire:operators:${t.id}` }],
    })
    const q = fleet.quotas.find((q) => q.cluster === cluster && q.team === t.id)
    if (q) {
      await apply(c, {
        apiVersion: 'v1',
        kind: 'ResourceQuota',
        metadata: { name: 'gpu-quota', namespace: t.namespace, labels: { ...SEEDED, [L.team]: t.id } },
        spec: { hard: q.hard },
      })
    }
  }
  // DRA: the device class the NVIDIA DRA driver installs, and a claim template for the vision team.
  await apply(c, {
    apiVersion: 'resource.k8s.io/v1',
    kind: 'DeviceClass',
    metadata: { name: DRA_DRIVER, labels: SEEDED },
    spec: { selectors: [{ cel: { expression: `device.driver == '${DRA_DRIVER}'` } }] },
  })
  if (fleet.deployments.some((d) => d.cluster === cluster && d.dra)) {
    for (const ns of new Set(
      fleet.deployments.filter((d) => d.cluster === cluster && d.dra).map((d) => d.namespace),
    )) {
      await apply(c, {
        apiVersion: 'resource.k8s.io/v1',
        kind: 'ResourceClaimTemplate',
        metadata: { name: 'single-h100', namespace: ns, labels: SEEDED },
        spec: {
          spec: {
            devices: {
              requests: [
                {
                  name: 'gpu',
                  exactly: {
                    deviceClassName: DRA_DRIVER,
                    selectors: [
                      {
                        cel: {
                          expression: `device.attributes['${DRA_DRIVER}'].productName == '${GPU_PRODUCTS.H100.productName}'`,
                        },
                      },
                    ],
                  },
                },
              ],
            },
          },
        },
      })
    }
  }
}

// ------------------------------------------------------------------ nodes

function nodeBody(n: NodePlan): k8s.V1Node {
  const taints: k8s.V1Taint[] = [{ key: 'kwok.x-k8s.io/node', value: 'fake', effect: 'NoSchedule' }]
  if (n.gpu) taints.push({ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' })
  const desired = {
    labels: n.labels,
    taints,
    cordoned: n.cordoned,
    notReady: n.notReady,
    capacity: n.capacity,
    allocatable: n.allocatable,
  }
  const now = new Date()
  const body: k8s.V1Node = {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: n.name,
      labels: n.labels,
      annotations: {
        // kwok manages (keeps Ready, runs pods) only nodes annotated "fake"; the
        // NotReady ones are left alone with the status written here.
        'kwok.x-k8s.io/node': n.notReady ? 'fake-notready' : 'fake',
        'node.alpha.kubernetes.io/ttl': '0',
        'aire.dev/seed-hash': hashOf(desired),
      },
    },
    spec: {
      taints,
      unschedulable: n.cordoned || undefined,
      providerID: `kwok://${n.cluster}/${n.zone}/${n.name}`,
    },
    status: {
      capacity: n.capacity,
      allocatable: n.allocatable,
      addresses: [
        { type: 'InternalIP', address: n.internalIP },
        { type: 'Hostname', address: n.name },
      ],
      nodeInfo: {
        architecture: 'amd64',
        bootID: '',
        containerRuntimeVersion: 'containerd://2.1.4',
        kernelVersion: '6.6.93+',
        kubeProxyVersion: '',
        kubeletVersion: 'v1.36.3',
        machineID: '',
        operatingSystem: 'linux',
        osImage: 'Container-Optimized OS from Google',
        systemUUID: '',
      },
    },
  }
  if (n.notReady) {
    const t = now
    body.status!.phase = 'Running'
    body.status!.conditions = [
      {
        type: 'Ready',
        status: 'False',
        reason: 'KubeletNotReady',
        message:
          'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized',
        lastHeartbeatTime: t,
        lastTransitionTime: t,
      },
      {
        type: 'MemoryPressure',
        status: 'False',
        reason: 'KubeletHasSufficientMemory',
        message: 'kubelet has sufficient memory available',
        lastHeartbeatTime: t,
        lastTransitionTime: t,
      },
      {
        type: 'DiskPressure',
        status: 'False',
        reason: 'KubeletHasNoDiskPressure',
        message: 'kubelet has no disk pressure',
        lastHeartbeatTime: t,
        lastTransitionTime: t,
      },
      {
        type: 'PIDPressure',
        status: 'False',
        reason: 'KubeletHasSufficientPID',
        message: 'kubelet has sufficient PID available',
        lastHeartbeatTime: t,
        lastTransitionTime: t,
      },
    ]
  }
  return body
}

async function seedNodes(c: Clients, fleet: Fleet, cluster: ClusterName, concurrency: number) {
  const plan = fleet.nodes.filter((n) => n.cluster === cluster)
  const existing = new Map<string, k8s.V1Node>()
  let cont: string | undefined
  do {
    const page = await retry(
      () => c.core.listNode({ labelSelector: `${L.seeded}=true`, limit: 500, _continue: cont }),
      'list nodes',
    )
    for (const n of page.items) existing.set(n.metadata!.name!, n)
    cont = page.metadata?._continue || undefined
  } while (cont)

  let created = 0
  let updated = 0
  let lastPrint = Date.now()
  await mapLimit(
    plan,
    concurrency,
    async (n) => {
      const body = nodeBody(n)
      const cur = existing.get(n.name)
      if (!cur) {
        try {
          await retry(() => c.core.createNode({ body }), `create node ${n.name}`)
          created++
        } catch (e) {
          if (!String((e as Error).message).includes(' 409 ')) throw e
        }
        return
      }
      if (
        cur.metadata?.annotations?.['aire.dev/seed-hash'] ===
        body.metadata!.annotations!['aire.dev/seed-hash']
      )
        return
      await retry(
        () =>
          c.core.patchNode(
            {
              name: n.name,
              body: {
                metadata: { labels: body.metadata!.labels, annotations: body.metadata!.annotations },
                spec: { taints: body.spec!.taints, unschedulable: n.cordoned ? true : null },
              },
            },
            mergePatch(),
          ),
        `patch node ${n.name}`,
      )
      const status: Record<string, unknown> = { capacity: n.capacity, allocatable: n.allocatable }
      if (n.notReady) status.conditions = body.status!.conditions
      await retry(
        () => c.core.patchNodeStatus({ name: n.name, body: { status } }, mergePatch()),
        `patch node status ${n.name}`,
      )
      updated++
    },
    (done) => {
      if (plan.length > 200 && (Date.now() - lastPrint > 5000 || done === plan.length)) {
        lastPrint = Date.now()
        log(cluster, `nodes ${done}/${plan.length}`)
      }
    },
  )
  // prune seeded nodes that are no longer in the plan (e.g. bench -> small)
  const want = new Set(plan.map((n) => n.name))
  const stale = [...existing.keys()].filter((n) => !want.has(n))
  await mapLimit(stale, concurrency, async (name) => {
    await orNull(c.core.deleteNode({ name }))
  })
  log(cluster, `nodes: ${plan.length} (${created} created, ${updated} updated, ${stale.length} pruned)`)
}

/**
 * Waits until kwok has made every kwok-managed planned node Ready. Creating
 * workloads before that makes the scheduler retry thousands of pods against
 * not-yet-ready nodes (each retry an API write), which starves a 2-core box.
 */
async function waitNodesReady(c: Clients, fleet: Fleet, cluster: ClusterName, deadline: number) {
  const want = new Set(fleet.nodes.filter((n) => n.cluster === cluster && !n.notReady).map((n) => n.name))
  let lastPrint = 0
  for (;;) {
    let ready = 0
    let cont = ''
    do {
      const q = new URLSearchParams({
        labelSelector: `${L.seeded}=true`,
        limit: '500',
        ...(cont ? { continue: cont } : {}),
      })
      const res = await rawRequest(c.kc, 'GET', `/api/v1/nodes?${q}`)
      if (res.status !== 200) throw new Error(`list nodes: ${res.status} ${res.body.slice(0, 200)}`)
      const body = res.json() as {
        items: { metadata: { name: string }; status?: { conditions?: { type: string; status: string }[] } }[]
        metadata?: { continue?: string }
      }
      for (const n of body.items) {
        if (
          want.has(n.metadata.name) &&
          n.status?.conditions?.some((x) => x.type === 'Ready' && x.status === 'True')
        )
          ready++
      }
      cont = body.metadata?.continue ?? ''
    } while (cont)
    if (ready >= want.size) return
    if (Date.now() > deadline) {
      log(cluster, `warning: only ${ready}/${want.size} nodes Ready before --timeout`)
      return
    }
    if (Date.now() - lastPrint > 10_000) {
      lastPrint = Date.now()
      log(cluster, `nodes Ready ${ready}/${want.size} (kwok)`)
    }
    await sleep(want.size > 500 ? 3000 : 300)
  }
}

async function seedResourceSlices(c: Clients, fleet: Fleet, cluster: ClusterName, concurrency: number) {
  const draNodes = fleet.nodes.filter((n) => n.cluster === cluster && n.dra)
  const prod = GPU_PRODUCTS.H100
  await mapLimit(draNodes, concurrency, async (n) => {
    await apply(c, {
      apiVersion: 'resource.k8s.io/v1',
      kind: 'ResourceSlice',
      metadata: { name: `${n.name}-${DRA_DRIVER}`, labels: { ...SEEDED, [L.pool]: n.pool } },
      spec: {
        driver: DRA_DRIVER,
        nodeName: n.name,
        pool: { name: n.name, generation: 1, resourceSliceCount: 1 },
        devices: n.gpuUuids.map((uuid, i) => ({
          name: `gpu-${i}`,
          attributes: {
            type: { string: 'gpu' },
            productName: { string: prod.productName },
            uuid: { string: uuid },
            architecture: { string: prod.architecture },
            brand: { string: 'Nvidia' },
            index: { int: i },
            cudaComputeCapability: { version: `${prod.computeCapability}.0` },
            driverVersion: { version: DRIVER_VERSION.replace(/\.0+(\d)/g, '.$1') },
          },
          capacity: { memory: { value: `${Math.round(prod.memoryMiB / 1024)}Gi` } },
        })),
      },
    })
  })
  if (draNodes.length)
    log(
      cluster,
      `DRA: ${draNodes.length} ResourceSlices (${draNodes.reduce((a, n) => a + n.gpuUuids.length, 0)} devices, driver ${DRA_DRIVER})`,
    )
}

// ------------------------------------------------------------------ gateway

async function seedGateway(c: Clients, fleet: Fleet, cluster: ClusterName) {
  const routes = fleet.routes.filter((r) => r.cluster === cluster)
  await apply(c, {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'GatewayClass',
    metadata: { name: GATEWAY_CLASS, labels: SEEDED },
    spec: { controllerName: GATEWAY_CONTROLLER },
  })
  const gw = await apply(c, {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: { name: GATEWAY_NAME, namespace: GATEWAY_NAMESPACE, labels: SEEDED },
    spec: {
      gatewayClassName: GATEWAY_CLASS,
      listeners: [
        {
          name: 'http',
          protocol: 'HTTP',
          port: 80,
          allowedRoutes: {
            namespaces: {
              from: 'Selector',
              selector: { matchExpressions: [{ key: L.team, operator: 'Exists' }] },
            },
          },
        },
      ],
    },
  })
  await apply(c, {
    apiVersion: 'gateway.envoyproxy.io/v1alpha1',
    kind: 'BackendTrafficPolicy',
    metadata: { name: TOKEN_POLICY_NAME, namespace: GATEWAY_NAMESPACE, labels: SEEDED },
    spec: {
      targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: GATEWAY_NAME }],
      rateLimit: {
        type: 'Global',
        global: {
          rules: TEAMS.filter((t) => fleet.teamsByCluster[cluster].includes(t.id)).map((t) => ({
            clientSelectors: [{ headers: [{ name: 'x-tenant-id', type: 'Exact', value: t.id }] }],
            limit: { requests: t.tokensPerHour, unit: 'Hour' },
            cost: {
              request: { from: 'Number', number: 0 },
              response: {
                from: 'Metadata',
                metadata: { namespace: 'io.envoy.ai_gateway', key: 'llm_total_token' },
              },
            },
          })),
        },
      },
    },
  })
  // No gateway controller runs here: write the status one would, so the console
  // shows accepted/programmed objects.
  const now = new Date().toISOString()
  const cond = (type: string, reason: string, message: string, generation: number) => ({
    type,
    status: 'True',
    reason,
    message,
    lastTransitionTime: now,
    observedGeneration: generation,
  })
  const clsGen = 1
  try {
    await retry(
      () =>
        c.custom.patchClusterCustomObjectStatus(
          {
            group: 'gateway.networking.k8s.io',
            version: 'v1',
            plural: 'gatewayclasses',
            name: GATEWAY_CLASS,
            body: { status: { conditions: [cond('Accepted', 'Accepted', 'Valid GatewayClass', clsGen)] } },
          },
          mergePatch(),
        ),
      'status gatewayclass',
      { tries: 3 },
    )
  } catch (e) {
    log(cluster, `warning: ${(e as Error).message}`)
  }
  const gwGen = Number((gw.metadata as k8s.V1ObjectMeta | undefined)?.generation ?? 1)
  await patchStatus(c, 'gateway.networking.k8s.io', 'v1', GATEWAY_NAMESPACE, 'gateways', GATEWAY_NAME, {
    addresses: [{ type: 'IPAddress', value: cluster === 'gpu-east' ? '10.20.255.10' : '10.30.255.10' }],
    conditions: [
      cond('Accepted', 'Accepted', 'The Gateway has been scheduled by Envoy Gateway', gwGen),
      cond(
        'Programmed',
        'Programmed',
        'Address assigned to the Gateway, 1/1 envoy replicas available',
        gwGen,
      ),
    ],
    listeners: [
      {
        name: 'http',
        attachedRoutes: routes.length,
        supportedKinds: [
          { group: 'gateway.networking.k8s.io', kind: 'HTTPRoute' },
          { group: 'gateway.networking.k8s.io', kind: 'GRPCRoute' },
        ],
        conditions: [
          cond(
            'Programmed',
            'Programmed',
            'Sending translated listener configuration to the data plane',
            gwGen,
          ),
          cond('Accepted', 'Accepted', 'Listener has been successfully translated', gwGen),
          cond('ResolvedRefs', 'ResolvedRefs', 'Listener references have been resolved', gwGen),
        ],
      },
    ],
  })
}

async function seedPoolsAndRoutes(c: Clients, fleet: Fleet, cluster: ClusterName, concurrency: number) {
  const pools = fleet.pools.filter((p) => p.cluster === cluster)
  const routes = fleet.routes.filter((r) => r.cluster === cluster)
  const parentRef = {
    group: 'gateway.networking.k8s.io',
    kind: 'Gateway',
    name: GATEWAY_NAME,
    namespace: GATEWAY_NAMESPACE,
  }
  await mapLimit(pools, concurrency, async (p) => {
    const labels = {
      ...SEEDED,
      [L.team]: p.team,
      [L.model]: p.model,
      [L.version]: p.version,
      [L.track]: p.track,
    }
    if (p.epp) {
      await apply(c, {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: {
          name: `${p.name}-epp`,
          namespace: p.namespace,
          labels: { ...labels, [L.component]: 'endpoint-picker' },
        },
        spec: {
          selector: { [L.model]: p.model, [L.version]: p.version, [L.component]: 'endpoint-picker' },
          ports: [{ name: 'grpc-ext-proc', port: EPP_PORT, targetPort: EPP_PORT, appProtocol: 'http2' }],
        },
      })
    }
    const pool = await apply(c, {
      apiVersion: 'inference.networking.k8s.io/v1',
      kind: 'InferencePool',
      metadata: { name: p.name, namespace: p.namespace, labels },
      spec: {
        selector: {
          matchLabels: { [L.model]: p.model, [L.version]: p.version, [L.component]: 'model-server' },
        },
        targetPorts: [{ number: MODEL_PORT }],
        appProtocol: 'http',
        ...(p.epp
          ? {
              endpointPickerRef: {
                name: `${p.name}-epp`,
                port: { number: EPP_PORT },
                failureMode: 'FailClose',
              },
            }
          : {}),
      },
    })
    const gen = Number((pool.metadata as k8s.V1ObjectMeta | undefined)?.generation ?? 1)
    const now = new Date().toISOString()
    await patchStatus(c, 'inference.networking.k8s.io', 'v1', p.namespace, 'inferencepools', p.name, {
      parents: [
        {
          parentRef,
          conditions: [
            {
              type: 'Accepted',
              status: 'True',
              reason: 'Accepted',
              message: 'InferencePool has been accepted by the Gateway',
              lastTransitionTime: now,
              observedGeneration: gen,
            },
            {
              type: 'ResolvedRefs',
              status: 'True',
              reason: 'ResolvedRefs',
              message: 'All references resolved',
              lastTransitionTime: now,
              observedGeneration: gen,
            },
          ],
        },
      ],
    })
  })
  await mapLimit(routes, concurrency, async (r) => {
    const route = await apply(c, {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: {
        name: r.name,
        namespace: r.namespace,
        labels: { ...SEEDED, ...ROUTE_OWNER_LABELS[r.team], [L.team]: r.team, [L.model]: r.model },
      },
      spec: {
        parentRefs: [parentRef],
        rules: [
          {
            matches: [
              {
                path: { type: 'PathPrefix', value: '/' },
                headers: [{ type: 'Exact', name: 'x-ai-eg-model', value: r.hfId }],
              },
            ],
            backendRefs: r.backends.map((b) => ({
              group: 'inference.networking.k8s.io',
              kind: 'InferencePool',
              name: b.pool,
              weight: b.weight,
            })),
          },
        ],
      },
    })
    const gen = Number((route.metadata as k8s.V1ObjectMeta | undefined)?.generation ?? 1)
    const now = new Date().toISOString()
    await patchStatus(c, 'gateway.networking.k8s.io', 'v1', r.namespace, 'httproutes', r.name, {
      parents: [
        {
          parentRef,
          controllerName: GATEWAY_CONTROLLER,
          conditions: [
            {
              type: 'Accepted',
              status: 'True',
              reason: 'Accepted',
              message: 'Route is accepted',
              lastTransitionTime: now,
              observedGeneration: gen,
            },
            {
              type: 'ResolvedRefs',
              status: 'True',
              reason: 'ResolvedRefs',
              message: 'Resolved all the Object references for the Route',
              lastTransitionTime: now,
              observedGeneration: gen,
            },
          ],
        },
      ],
    })
  })
  log(
    cluster,
    `gateway: ${pools.length} InferencePools, ${routes.length} HTTPRoutes, Gateway ${GATEWAY_NAMESPACE}/${GATEWAY_NAME}, BackendTrafficPolicy ${TOKEN_POLICY_NAME}`,
  )
}

// ------------------------------------------------------------------ InferenceObjectives

/** Where InferenceObjective is served, newest group first (dev/cluster/cluster.sh installs what the proxy has). */
const OBJECTIVE_GROUPS = ['llm-d.ai', 'inference.networking.x-k8s.io'] as const

async function servedObjectiveGroups(c: Clients): Promise<string[]> {
  const out: string[] = []
  for (const group of OBJECTIVE_GROUPS) {
    const res = await retry(() => rawRequest(c.kc, 'GET', `/apis/${group}/v1alpha2`), `discover ${group}`)
    if (res.status !== 200) continue
    const body = res.json() as { resources?: { name?: string }[] }
    if (body.resources?.some((r) => r.name === 'inferenceobjectives')) out.push(group)
  }
  return out
}

/**
 * The planned objectives under the newest group the cluster serves; seeded ones no longer planned,
 * or left under another group, are deleted. A cluster with neither CRD gets none (and says so).
 */
async function seedObjectives(c: Clients, fleet: Fleet, cluster: ClusterName, concurrency: number) {
  const groups = await servedObjectiveGroups(c)
  if (groups.length === 0) {
    log(cluster, 'InferenceObjectives: no InferenceObjective CRD installed, none seeded')
    return
  }
  const use = groups[0]!
  const planned = fleet.objectives.filter((o) => o.cluster === cluster)
  await mapLimit(planned, concurrency, async (o) => {
    await apply(c, {
      apiVersion: `${use}/v1alpha2`,
      kind: 'InferenceObjective',
      metadata: { name: o.name, namespace: o.namespace, labels: { ...SEEDED, [L.team]: o.team } },
      spec: {
        poolRef: { group: 'inference.networking.k8s.io', kind: 'InferencePool', name: o.pool },
        priority: o.priority,
      },
    })
  })
  const want = new Set(planned.map((o) => `${o.namespace}/${o.name}`))
  let pruned = 0
  for (const group of groups) {
    const list = (await retry(
      () =>
        c.custom.listClusterCustomObject({
          group,
          version: 'v1alpha2',
          plural: 'inferenceobjectives',
          labelSelector: `${L.seeded}=true`,
        }),
      `list inferenceobjectives.${group}`,
    )) as { items: k8s.KubernetesObject[] }
    for (const o of list.items) {
      if (group === use && want.has(`${o.metadata!.namespace}/${o.metadata!.name}`)) continue
      await orNull(
        c.custom.deleteNamespacedCustomObject({
          group,
          version: 'v1alpha2',
          plural: 'inferenceobjectives',
          namespace: o.metadata!.namespace!,
          name: o.metadata!.name!,
        }),
      )
      pruned++
    }
  }
  log(
    cluster,
    `InferenceObjectives: ${planned.length} (${use}/v1alpha2)${pruned ? `, pruned ${pruned}` : ''}`,
  )
}

// ------------------------------------------------------------------ GitOps owners

async function served(c: Clients, groupVersion: string, resource: string): Promise<boolean> {
  const res = await retry(() => rawRequest(c.kc, 'GET', `/apis/${groupVersion}`), `discover ${groupVersion}`)
  if (res.status !== 200) return false
  const body = res.json() as { resources?: { name?: string }[] }
  return Boolean(body.resources?.some((r) => r.name === resource))
}

/** The Argo CD Application and Flux Kustomization the demo routes' labels name, and who may patch them. */
async function seedGitOpsOwners(c: Clients, fleet: Fleet, cluster: ClusterName) {
  const made: string[] = []
  for (const [team, { group, resource, obj }] of Object.entries(GITOPS_OWNERS)) {
    if (!(fleet.teamsByCluster[cluster] as string[]).includes(team)) continue
    const ns = obj.metadata!.namespace!
    const name = obj.metadata!.name!
    if (!(await served(c, obj.apiVersion!, resource))) {
      log(cluster, `GitOps owners: ${obj.kind} CRD not installed, ${ns}/${name} not seeded`)
      continue
    }
    await apply(c, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { ...SEEDED } } })
    await apply(c, obj)
    const rbacName = `aire-owner-${team}`
    const labels = { ...SEEDED, [L.team]: team, 'app.kubernetes.io/part-of': 'aire-console' }
    await apply(c, {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: rbacName, namespace: ns, labels },
      rules: [{ apiGroups: [group], resources: [resource], resourceNames: [name], verbs: ['get', 'patch'] }],
    })
    await apply(c, {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: rbacName, namespace: ns, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: rbacName },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: `aire:operators:${team}` }],
    })
    made.push(`${obj.kind} ${ns}/${name}`)
  }
  if (made.length) log(cluster, `GitOps owners: ${made.join(', ')}`)
}

// ------------------------------------------------------------------ deployments

const STEP_ANNOTATION = 'aire.dev/seed-step'

function deploymentBody(d: DeploymentPlan, step: number): Obj {
  const baseLabels = {
    [L.team]: d.team,
    [L.version]: d.version,
    [L.track]: d.track,
    [L.component]: d.component,
    ...(d.model ? { [L.model]: d.model } : {}),
  }
  const selector =
    d.component === 'router'
      ? { 'app.kubernetes.io/instance': d.name }
      : { [L.model]: d.model, [L.version]: d.version, [L.component]: d.component }
  const podLabels = {
    ...baseLabels,
    ...selector,
    'app.kubernetes.io/name': d.component === 'model-server' ? 'vllm' : d.component,
  }
  const tolerations = [
    { key: 'kwok.x-k8s.io/node', operator: 'Exists', effect: 'NoSchedule' },
    ...(d.gpu ? [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }] : []),
  ]
  const nodeSelector: Record<string, string> = d.gpu
    ? { [L.gpuProduct]: GPU_PRODUCTS[d.gpu].product }
    : { [L.pool]: 'system' }
  if (d.pool) nodeSelector[L.pool] = d.pool
  let container: Record<string, unknown>
  let changeCause: string
  const extra: Record<string, unknown> = {}
  if (d.component === 'model-server') {
    const image = ROLLOUT_IMAGES[Math.min(step, ROLLOUT_IMAGES.length) - 1]!
    const args = [
      `--model=${d.hfId}`,
      `--revision=${d.revision}`,
      `--served-model-name=${d.hfId}`,
      `--port=${MODEL_PORT}`,
    ]
    if (d.perPod > 1) args.push(`--tensor-parallel-size=${d.perPod}`)
    if (step >= 3) args.push('--max-num-seqs=256')
    changeCause =
      step === 1
        ? `seed: deploy ${image}`
        : step === 2
          ? `seed: upgrade to ${image}`
          : 'seed: --max-num-seqs=256'
    const gpuRes: Record<string, string> = d.resource ? { [d.resource]: String(d.perPod) } : {}
    container = {
      name: 'vllm',
      image,
      args,
      ports: [{ name: 'http', containerPort: MODEL_PORT }],
      env: [
        { name: 'HF_HUB_OFFLINE', value: '1' },
        { name: 'VLLM_LOGGING_LEVEL', value: 'INFO' },
      ],
      resources: {
        requests: { cpu: d.gpu === 'L4' ? '6' : '16', memory: d.gpu === 'L4' ? '40Gi' : '120Gi', ...gpuRes },
        limits: { memory: d.gpu === 'L4' ? '40Gi' : '120Gi', ...gpuRes },
        ...(d.dra ? { claims: [{ name: 'gpu' }] } : {}),
      },
      readinessProbe: { httpGet: { path: '/health', port: MODEL_PORT }, periodSeconds: 10 },
    }
    if (d.dra) extra.resourceClaims = [{ name: 'gpu', resourceClaimTemplateName: 'single-h100' }]
  } else if (d.component === 'endpoint-picker') {
    changeCause = `seed: deploy ${EPP_IMAGE}`
    container = {
      name: 'epp',
      image: EPP_IMAGE,
      args: [
        `--pool-name=${d.model}-${d.version}`,
        `--pool-namespace=${d.namespace}`,
        `--grpc-port=${EPP_PORT}`,
      ],
      ports: [{ name: 'grpc', containerPort: EPP_PORT }],
      resources: { requests: { cpu: '500m', memory: '512Mi' } },
    }
  } else {
    changeCause = 'seed: deploy router'
    container = {
      name: 'router',
      image: 'ghcr.io/aire-dev/router:bench',
      resources: { requests: { cpu: '100m', memory: '128Mi' } },
    }
  }
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: d.name,
      namespace: d.namespace,
      labels: { ...SEEDED, ...baseLabels },
      annotations: { [STEP_ANNOTATION]: String(step), 'kubernetes.io/change-cause': changeCause },
    },
    spec: {
      replicas: d.replicas,
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      selector: { matchLabels: selector },
      // GPUs are scarce: replace pods in place instead of surging.
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: '25%' } },
      template: {
        metadata: { labels: podLabels },
        spec: {
          tolerations,
          nodeSelector,
          containers: [container],
          terminationGracePeriodSeconds: 30,
          enableServiceLinks: false,
          ...extra,
        },
      },
    },
  }
}

async function waitRollout(c: Clients, d: DeploymentPlan, deadline: number): Promise<boolean> {
  for (;;) {
    const dep = await retry(
      () => c.apps.readNamespacedDeployment({ name: d.name, namespace: d.namespace }),
      `read deployment ${d.name}`,
    )
    const st = dep.status ?? {}
    const observed = (st.observedGeneration ?? 0) >= (dep.metadata?.generation ?? 0)
    // A deployment that cannot schedule never finishes a rollout (it ends with
    // ProgressDeadlineExceeded, like in real life): wait only for the new ReplicaSet.
    const ok = d.unschedulable
      ? observed && (st.updatedReplicas ?? 0) >= 1
      : observed &&
        (st.updatedReplicas ?? 0) === d.replicas &&
        (st.availableReplicas ?? 0) === d.replicas &&
        (st.replicas ?? 0) === d.replicas
    if (ok) return true
    if (Date.now() > deadline) return false
    await sleep(400)
  }
}

async function seedDeployments(c: Clients, fleet: Fleet, cluster: ClusterName, args: Args) {
  const plan = fleet.deployments.filter((d) => d.cluster === cluster)
  const deadline = Date.now() + args.timeoutS * 1000
  const existing = new Map<string, k8s.V1Deployment>()
  let cont: string | undefined
  do {
    const page = await retry(
      () =>
        c.apps.listDeploymentForAllNamespaces({
          labelSelector: `${L.seeded}=true`,
          limit: 500,
          _continue: cont,
        }),
      'list deployments',
    )
    for (const d of page.items) existing.set(`${d.metadata!.namespace}/${d.metadata!.name}`, d)
    cont = page.metadata?._continue || undefined
  } while (cont)

  const timeouts: string[] = []
  let rollouts = 0
  const rolled = plan.filter((d) => d.rollouts > 1)
  const single = plan.filter((d) => d.rollouts <= 1 && !d.filler)
  const filler = plan.filter((d) => d.filler)
  // Model servers: rollouts 1..N, each waited for, all deployments in parallel.
  const rolloutsDone = mapLimit(rolled, Math.max(args.concurrency, rolled.length), async (d) => {
    const cur = existing.get(`${d.namespace}/${d.name}`)
    const doneStep = Number(cur?.metadata?.annotations?.[STEP_ANNOTATION] ?? 0)
    for (let step = Math.max(1, Math.min(doneStep, d.rollouts)); step <= d.rollouts; step++) {
      await apply(c, deploymentBody(d, step))
      if (step > doneStep) rollouts++
      if (args.wait && !(await waitRollout(c, d, deadline))) {
        timeouts.push(`${d.namespace}/${d.name} (step ${step})`)
        break
      }
    }
  })
  // Endpoint pickers: one revision.
  const singlesDone = mapLimit(single, args.concurrency, async (d) => {
    await apply(c, deploymentBody(d, 1))
  })
  await Promise.all([rolloutsDone, singlesDone])
  // Bench filler only once the canonical fleet is rolled out, so its rollouts
  // do not queue behind tens of thousands of filler pods in the scheduler.
  let lastPrint = Date.now()
  await mapLimit(
    filler,
    args.concurrency,
    async (d) => {
      await apply(c, deploymentBody(d, 1))
    },
    (done) => {
      if (Date.now() - lastPrint > 5000 || done === filler.length) {
        lastPrint = Date.now()
        log(cluster, `filler deployments ${done}/${filler.length}`)
      }
    },
  )

  // prune seeded deployments no longer planned
  const want = new Set(plan.map((d) => `${d.namespace}/${d.name}`))
  const stale = [...existing.keys()].filter((k) => !want.has(k))
  await mapLimit(stale, args.concurrency, async (k) => {
    const [namespace, name] = k.split('/') as [string, string]
    await orNull(c.apps.deleteNamespacedDeployment({ name, namespace, propagationPolicy: 'Background' }))
  })
  log(
    cluster,
    `deployments: ${plan.length} (${rolled.length} model servers at revision ${rolled[0]?.rollouts ?? 0}, ${rollouts} rollouts this run, ${filler.length} bench filler, ${stale.length} pruned)`,
  )
  if (timeouts.length) log(cluster, `warning: rollouts not finished before --timeout: ${timeouts.join(', ')}`)

  if (!args.wait) return
  // Wait until every schedulable pod is ready (bench: tens of thousands).
  const wantReady = plan.filter((d) => !d.unschedulable).reduce((a, d) => a + d.replicas, 0)
  let lastReady = -1
  lastPrint = 0
  for (;;) {
    let ready = 0
    let cont2: string | undefined
    do {
      const page = await retry(
        () =>
          c.apps.listDeploymentForAllNamespaces({
            labelSelector: `${L.seeded}=true`,
            limit: 500,
            _continue: cont2,
          }),
        'list deployments',
      )
      for (const d of page.items)
        if (d.metadata?.labels?.[L.component] !== undefined) ready += d.status?.readyReplicas ?? 0
      cont2 = page.metadata?._continue || undefined
    } while (cont2)
    if (ready >= wantReady) break
    if (Date.now() > deadline) {
      log(cluster, `warning: only ${ready}/${wantReady} pods ready after --timeout ${args.timeoutS}s`)
      break
    }
    if (Date.now() - lastPrint > 10_000 && ready !== lastReady) {
      lastPrint = Date.now()
      lastReady = ready
      log(cluster, `pods ready ${ready}/${wantReady}`)
    }
    await sleep(wantReady > 1000 ? 3000 : 500)
  }
}

async function pruneSeeded(c: Clients, fleet: Fleet, cluster: ClusterName) {
  // InferencePools / HTTPRoutes / EPP Services / ResourceSlices no longer planned
  const wantPools = new Set(
    fleet.pools.filter((p) => p.cluster === cluster).map((p) => `${p.namespace}/${p.name}`),
  )
  const wantRoutes = new Set(
    fleet.routes.filter((r) => r.cluster === cluster).map((r) => `${r.namespace}/${r.name}`),
  )
  const wantSlices = new Set(
    fleet.nodes.filter((n) => n.cluster === cluster && n.dra).map((n) => `${n.name}-${DRA_DRIVER}`),
  )
  let pruned = 0
  for (const [group, version, plural, want] of [
    ['inference.networking.k8s.io', 'v1', 'inferencepools', wantPools],
    ['gateway.networking.k8s.io', 'v1', 'httproutes', wantRoutes],
  ] as const) {
    const list = (await retry(
      () => c.custom.listClusterCustomObject({ group, version, plural, labelSelector: `${L.seeded}=true` }),
      `list ${plural}`,
    )) as { items: k8s.KubernetesObject[] }
    for (const o of list.items) {
      const key = `${o.metadata!.namespace}/${o.metadata!.name}`
      if (!want.has(key)) {
        await orNull(
          c.custom.deleteNamespacedCustomObject({
            group,
            version,
            plural,
            namespace: o.metadata!.namespace!,
            name: o.metadata!.name!,
          }),
        )
        pruned++
      }
    }
  }
  const slices = (await retry(
    () =>
      c.custom.listClusterCustomObject({
        group: 'resource.k8s.io',
        version: 'v1',
        plural: 'resourceslices',
        labelSelector: `${L.seeded}=true`,
      }),
    'list resourceslices',
  )) as { items: k8s.KubernetesObject[] }
  for (const s of slices.items) {
    if (!wantSlices.has(s.metadata!.name!)) {
      await orNull(
        c.custom.deleteClusterCustomObject({
          group: 'resource.k8s.io',
          version: 'v1',
          plural: 'resourceslices',
          name: s.metadata!.name!,
        }),
      )
      pruned++
    }
  }
  const svcs = await retry(
    () =>
      c.core.listServiceForAllNamespaces({
        labelSelector: `${L.seeded}=true,${L.component}=endpoint-picker`,
      }),
    'list services',
  )
  for (const s of svcs.items) {
    const pool = s.metadata!.name!.replace(/-epp$/, '')
    if (!wantPools.has(`${s.metadata!.namespace}/${pool}`)) {
      await orNull(
        c.core.deleteNamespacedService({ name: s.metadata!.name!, namespace: s.metadata!.namespace! }),
      )
      pruned++
    }
  }
  if (pruned) log(cluster, `pruned ${pruned} stale pools/routes/services/slices`)
}

// ------------------------------------------------------------------ summary

/** Counts pods matching a field selector, paging through metadata-only lists. */
async function countPods(c: Clients, fieldSelector: string): Promise<number> {
  let n = 0
  let cont = ''
  do {
    const q = new URLSearchParams({ fieldSelector, limit: '500', ...(cont ? { continue: cont } : {}) })
    const res = await rawRequest(c.kc, 'GET', `/api/v1/pods?${q}`, {
      headers: { Accept: 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1' },
    })
    if (res.status !== 200)
      throw new Error(`list pods ${fieldSelector}: ${res.status} ${res.body.slice(0, 200)}`)
    const body = res.json() as { items?: unknown[]; metadata?: { continue?: string } }
    n += body.items?.length ?? 0
    cont = body.metadata?.continue ?? ''
  } while (cont)
  return n
}

async function summarize(c: Clients, fleet: Fleet, cluster: ClusterName, args: Args) {
  const exp = expectedTotals(fleet, cluster)
  const pendingCount = await countPods(c, 'status.phase=Pending')
  const runningCount = await countPods(c, 'status.phase=Running')
  const record = {
    scale: args.scale,
    seed: args.seed,
    nodes: fleet.options.nodes,
    pods: fleet.options.pods,
    seededAt: new Date().toISOString(),
    expected: exp,
  }
  await apply(c, {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: SEED_RECORD.name, namespace: SEED_RECORD.namespace, labels: SEEDED },
    data: {
      'options.json': JSON.stringify({
        scale: args.scale,
        seed: args.seed,
        nodes: fleet.options.nodes,
        pods: fleet.options.pods,
      }),
      'summary.json': JSON.stringify(record, null, 2),
    },
  })
  return {
    cluster,
    nodes: exp.nodes,
    gpuNodes: exp.gpuNodes,
    physicalGpus: exp.physicalGpus,
    'nvidia.com/gpu': `${exp.gpuAllocatable}/${exp.gpuCapacity}`,
    mig: Object.values(exp.mig).reduce((a, b) => a + b, 0),
    draDevices: exp.draDevices,
    cordoned: exp.cordoned,
    notReady: exp.notReady,
    deployments: exp.deployments,
    podsWanted: exp.pods,
    running: runningCount,
    pending: pendingCount,
  }
}

// ------------------------------------------------------------------ main

async function seedCluster(file: string, cluster: ClusterName, fleet: Fleet, args: Args) {
  const c = clients(file, cluster)
  const t = Date.now()
  await seedNamespaces(c, fleet, cluster)
  await seedNodes(c, fleet, cluster, args.concurrency)
  if (args.wait) await waitNodesReady(c, fleet, cluster, Date.now() + args.timeoutS * 1000)
  await seedResourceSlices(c, fleet, cluster, args.concurrency)
  await seedGateway(c, fleet, cluster)
  await seedPoolsAndRoutes(c, fleet, cluster, args.concurrency)
  await seedObjectives(c, fleet, cluster, args.concurrency)
  await seedGitOpsOwners(c, fleet, cluster)
  await seedDeployments(c, fleet, cluster, args)
  await pruneSeeded(c, fleet, cluster)
  const s = await summarize(c, fleet, cluster, args)
  log(cluster, `done in ${((Date.now() - t) / 1000).toFixed(1)}s`)
  return s
}

async function main() {
  const args = parseArgs(process.argv.slice(2))
  const file = args.kubeconfig ?? findKubeconfigs().admin
  const fleet = buildFleet({ scale: args.scale, seed: args.seed, nodes: args.nodes, pods: args.pods })
  console.log(
    `seeding ${args.clusters.join(', ')} (scale ${args.scale}, seed ${args.seed}, ${fleet.nodes.length} nodes, ${fleet.deployments.reduce((a, d) => a + d.replicas, 0)} pods planned) using ${file}`,
  )
  const results = await Promise.allSettled(args.clusters.map((cl) => seedCluster(file, cl, fleet, args)))
  const rows = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []))
  if (rows.length) console.table(rows)
  let failed = false
  results.forEach((r, i) => {
    if (r.status === 'rejected') {
      failed = true
      console.error(
        `seed ${args.clusters[i]} FAILED: ${r.reason instanceof Error ? r.reason.message : String(r.reason)}`,
      )
    }
  })
  console.log(`seed: ${failed ? 'FAILED' : 'done'} in ${((Date.now() - T0) / 1000).toFixed(1)}s`)
  process.exit(failed ? 1 : 0)
}

main().catch((e) => {
  console.error(e instanceof Error ? e.stack : e)
  process.exit(1)
})
