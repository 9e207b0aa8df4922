import type { ContainerLite, DeploymentLite, ReplicaSetLite } from '@/lib/k8s/watch/types'

export interface ContainerDiff {
  container: string
  image?: { from: string; to: string }
  argsAdded: string[]
  argsRemoved: string[]
  added?: boolean
  removed?: boolean
}

export interface RevisionView {
  revision: number
  replicaSet: string
  current: boolean
  images: string[]
  args: string[]
  changeCause: string | null
  createdAt: string | null
  replicas: number
  ready: number
  /** Against the previous (lower) revision; null for the first one kept. */
  diff: ContainerDiff[] | null
}

const argv = (c: ContainerLite) => [...c.command, ...c.args]

/** Image and argument changes per container between two pod templates. */
export function diffContainers(
  prev: readonly ContainerLite[],
  next: readonly ContainerLite[],
): ContainerDiff[] {
  const out: ContainerDiff[] = []
  const before = new Map(prev.map((c) => [c.name, c]))
  for (const c of next) {
    const p = before.get(c.name)
    before.delete(c.name)
    if (!p) {
      out.push({
        container: c.name,
        added: true,
        image: { from: '', to: c.image },
        argsAdded: argv(c),
        argsRemoved: [],
      })
      continue
    }
    const was = new Set(argv(p))
    const now = new Set(argv(c))
    const d: ContainerDiff = {
      container: c.name,
      argsAdded: argv(c).filter((a) => !was.has(a)),
      argsRemoved: argv(p).filter((a) => !now.has(a)),
    }
    if (p.image !== c.image) d.image = { from: p.image, to: c.image }
    if (d.image || d.argsAdded.length || d.argsRemoved.length) out.push(d)
  }
  for (const p of before.values()) {
    out.push({
      container: p.name,
      removed: true,
      image: { from: p.image, to: '' },
      argsAdded: [],
      argsRemoved: argv(p),
    })
  }
  return out
}

/** The ReplicaSets a Deployment controls: by owner uid (names can be reused), else by owner name. */
export function ownedReplicaSets(d: DeploymentLite, all: Iterable<ReplicaSetLite>): ReplicaSetLite[] {
  const out: ReplicaSetLite[] = []
  for (const rs of all) {
    if (rs.namespace !== d.namespace || rs.owner?.kind !== 'Deployment') continue
    if (rs.ownerUid && d.uid ? rs.ownerUid === d.uid : rs.owner.name === d.name) out.push(rs)
  }
  return out
}

/** Newest first, each with its diff against the revision before it (as `kubectl rollout history`). */
export function revisionHistory(d: DeploymentLite, replicaSets: readonly ReplicaSetLite[]): RevisionView[] {
  const withRev = replicaSets
    .map((rs) => ({ rs, n: Number(rs.revision) }))
    .filter((x) => Number.isInteger(x.n) && x.n > 0)
    .sort((a, b) => a.n - b.n)
  const views = withRev.map(({ rs, n }, i): RevisionView => {
    const prev = withRev[i - 1]
    return {
      revision: n,
      replicaSet: rs.name,
      current: rs.revision === d.revision,
      images: rs.containers.map((c) => c.image),
      args: rs.containers.flatMap(argv),
      changeCause: rs.changeCause,
      createdAt: rs.createdAt,
      replicas: rs.replicas,
      ready: rs.ready,
      diff: prev ? diffContainers(prev.rs.containers, rs.containers) : null,
    }
  })
  return views.reverse()
}
