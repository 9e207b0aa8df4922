import { describe, expect, it } from 'vitest'
import { cluster, pod } from '@/lib/fleet/fixtures'
import { teamGpuUsage } from './gpu-usage'

const unknown = () => undefined
const namespaces = [
  { name: 'team-a', team: 'alpha' },
  { name: 'team-b', team: 'beta' },
]

describe('teamGpuUsage', () => {
  it('adds whole GPUs, MIG slices and DRA claims per team, by namespace label or pod label', () => {
    const east = cluster('east', {
      namespaces,
      pods: [
        pod('a1', { gpu: { 'nvidia.com/gpu': 4 } }),
        pod('a2', { gpu: { 'nvidia.com/mig-3g.40gb': 2 } }),
        pod('a3', { gpu: {}, claims: ['c1'] }),
        // labelled for beta although it runs in alpha's namespace
        pod('b1', { team: 'beta', gpu: { 'nvidia.com/gpu': 1 } }),
      ],
    })
    const usage = teamGpuUsage([east], unknown)
    expect(usage.get('alpha')).toMatchObject({ allocated: 7, pending: 0, idle: null })
    expect(usage.get('beta')?.allocated).toBe(1)
  })

  it('counts pending pods apart and leaves out finished, deleting and GPU-less pods', () => {
    const east = cluster('east', {
      namespaces,
      pods: [
        pod('run', { namespace: 'team-b', gpu: { 'nvidia.com/gpu': 2 } }),
        pod('wait', { namespace: 'team-b', node: null, phase: 'Pending', gpu: { 'nvidia.com/gpu': 8 } }),
        pod('done', { namespace: 'team-b', phase: 'Succeeded' }),
        pod('failed', { namespace: 'team-b', phase: 'Failed' }),
        pod('going', { namespace: 'team-b', deleting: true }),
        pod('cpu', { namespace: 'team-b', gpu: {} }),
        pod('nobody', { namespace: 'unowned' }),
      ],
    })
    const usage = teamGpuUsage([east], unknown)
    expect(usage.get('beta')).toMatchObject({
      allocated: 2,
      pending: 8,
      byCluster: { east: { allocated: 2, pending: 8 } },
    })
    expect([...usage.keys()]).toEqual(['beta'])
  })

  it('calls allocated GPUs idle only where the node utilisation is known and low', () => {
    const east = cluster('east', {
      namespaces,
      pods: [
        pod('busy', { node: 'n1', gpu: { 'nvidia.com/gpu': 4 } }),
        pod('idle', { node: 'n2', gpu: { 'nvidia.com/gpu': 2 } }),
        pod('unknown', { node: 'n3', gpu: { 'nvidia.com/gpu': 1 } }),
      ],
    })
    const idle = new Map([
      ['east/n1', false],
      ['east/n2', true],
    ])
    expect(teamGpuUsage([east], (k) => idle.get(k)).get('alpha')).toMatchObject({ allocated: 7, idle: 2 })
    // a node of the same name in another cluster is another node
    expect(teamGpuUsage([east], (k) => (k === 'west/n2' ? true : undefined)).get('alpha')?.idle).toBeNull()
  })

  it('keeps clusters apart', () => {
    const usage = teamGpuUsage(
      [
        cluster('east', { namespaces, pods: [pod('a', { gpu: { 'nvidia.com/gpu': 3 } })] }),
        cluster('west', { namespaces, pods: [pod('a', { gpu: { 'nvidia.com/gpu': 5 } })] }),
      ],
      unknown,
    )
    expect(usage.get('alpha')).toMatchObject({
      allocated: 8,
      byCluster: { east: { allocated: 3, pending: 0 }, west: { allocated: 5, pending: 0 } },
    })
  })
})
