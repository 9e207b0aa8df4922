import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { facets, filterRows, sortRows } from './gpu-query'
import { GPU_QUERY_KEYS, gpuQueryString, readGpuQuery } from '@/lib/validations/gpu-query-params'
import { parseGpuQuery } from '@/lib/validations/gpu-query'
import { buildInventory, withUtilisation } from './inventory'
import { cluster, node, pod } from './fixtures'

const l4 = { 'nvidia.com/gpu.product': 'NVIDIA-L4', 'aire.dev/pool': 'l4' }
const one = { 'nvidia.com/gpu': 1 }
const rows = buildInventory([
  cluster('east', {
    nodes: [
      node('h1'),
      node('h2', { unschedulable: true }),
      node('l1', { labels: l4, capacity: one, allocatable: one }),
      node('l2', { labels: l4, capacity: one, allocatable: one, ready: false }),
    ],
    pods: [
      pod('a', { node: 'h1', gpu: { 'nvidia.com/gpu': 6 }, team: 'search' }),
      pod('b', { node: 'l1', team: 'vision' }),
    ],
  }),
  cluster('west', { nodes: [node('h3')] }),
]).nodes

describe('parseGpuQuery', () => {
  it('accepts known values and drops unknown ones instead of failing', () => {
    expect(parseGpuQuery(new URLSearchParams('state=idle&sort=idle&dir=desc&cluster=east'))).toMatchObject({
      state: 'idle',
      sort: 'idle',
      dir: 'desc',
      cluster: 'east',
    })
    expect(
      parseGpuQuery({ state: 'bogus', sort: 'nope', dir: 'sideways', product: ['P', 'Q'] }),
    ).toMatchObject({
      state: undefined,
      sort: 'name',
      dir: 'asc',
      product: 'P',
    })
    // Text is trimmed; an over-long value is dropped rather than truncated into another filter.
    expect(parseGpuQuery({ q: '  h100 ', team: 'x'.repeat(254) })).toMatchObject({
      q: 'h100',
      team: undefined,
    })
  })

  it('reads the URL in the browser exactly as the server’s zod schema does', () => {
    const value = fc.oneof(
      fc.constantFrom('idle', 'wasted', 'utilisation', 'desc', 'asc', 'name', 'NVIDIA-L4', '', ' ', ' l4 '),
      fc.string({ maxLength: 12 }),
      fc.string({ minLength: 250, maxLength: 260 }),
      fc.array(fc.string({ maxLength: 4 }), { maxLength: 2 }),
    )
    const params = fc.dictionary(fc.constantFrom(...GPU_QUERY_KEYS, 'node', 'x'), value)
    fc.assert(
      fc.property(params, (p) => {
        expect(readGpuQuery(p)).toEqual(parseGpuQuery(p))
        const url = new URLSearchParams()
        for (const [k, v] of Object.entries(p)) for (const x of [v].flat()) url.append(k, x)
        expect(readGpuQuery(url)).toEqual(parseGpuQuery(url))
      }),
      { numRuns: 500 },
    )
  })

  it('round-trips through the URL with defaults omitted', () => {
    const q = parseGpuQuery(new URLSearchParams('pool=l4&state=allocated&sort=total&dir=desc'))
    expect(gpuQueryString(q)).toBe('pool=l4&state=allocated&sort=total&dir=desc')
    expect(gpuQueryString(parseGpuQuery({}))).toBe('')
  })
})

describe('filterRows', () => {
  const names = (q: string) => filterRows(rows, parseGpuQuery(new URLSearchParams(q))).map((r) => r.key)
  it('filters by cluster, product, pool, team and name', () => {
    expect(names('cluster=west')).toEqual(['west/h3'])
    expect(names('product=NVIDIA-L4')).toEqual(['east/l1', 'east/l2'])
    expect(names('pool=h100&cluster=east')).toEqual(['east/h1', 'east/h2'])
    expect(names('team=vision')).toEqual(['east/l1'])
    expect(names('q=H3')).toEqual(['west/h3'])
  })
  it('filters by state: idle means schedulable idle GPUs', () => {
    expect(names('state=idle')).toEqual(['east/h1', 'west/h3'])
    expect(names('state=allocated')).toEqual(['east/h1', 'east/l1'])
    expect(names('state=cordoned')).toEqual(['east/h2'])
    expect(names('state=notready')).toEqual(['east/l2'])
    expect(names('state=full')).toEqual(['east/l1'])
  })
  it('filters allocated-but-idle nodes once utilisation is known', () => {
    expect(names('state=wasted')).toEqual([])
    const withUtil = withUtilisation(
      { nodes: rows, pending: [] },
      new Map([
        ['east/h1', { now: 0.01, held: 0.02, peak: 0.03 }],
        ['east/l1', { now: 0.6, held: 0.6, peak: 0.7 }],
        ['west/h3', { now: 0, held: null, peak: 0 }],
      ]),
    ).nodes
    const q = parseGpuQuery(new URLSearchParams('state=wasted'))
    expect(filterRows(withUtil, q).map((r) => r.key)).toEqual(['east/h1'])
  })
})

describe('sortRows', () => {
  it('keeps cluster → pool grouping and sorts inside each pool', () => {
    const sorted = sortRows(rows, { sort: 'idle', dir: 'asc' }).map((r) => r.key)
    expect(sorted).toEqual(['east/h1', 'east/h2', 'east/l1', 'east/l2', 'west/h3'])
    const desc = sortRows(rows, { sort: 'allocated', dir: 'desc' }).map((r) => r.key)
    expect(desc.slice(0, 2)).toEqual(['east/h1', 'east/h2'])
  })
})

describe('facets', () => {
  it('lists the values present for the filter menus', () => {
    expect(facets(rows)).toEqual({
      clusters: ['east', 'west'],
      products: ['NVIDIA-H100-80GB-HBM3', 'NVIDIA-L4'],
      pools: ['h100', 'l4'],
      teams: ['search', 'vision'],
    })
  })
})

describe('the idle filter and MIG', () => {
  // A mixed-strategy MIG node advertises slices, not whole GPUs: its idle slices are idle capacity.
  const mig = { 'nvidia.com/mig-1g.10gb': 7 }
  const migRows = buildInventory([
    cluster('east', {
      nodes: [
        node('m1', { capacity: mig, allocatable: mig }),
        node('m2', { capacity: mig, allocatable: mig }),
        node('m3', { capacity: mig, allocatable: mig, unschedulable: true }),
      ],
      pods: [
        pod('x', { node: 'm1', gpu: { 'nvidia.com/mig-1g.10gb': 2 }, team: 'search' }),
        pod('y', { node: 'm2', gpu: { 'nvidia.com/mig-1g.10gb': 7 }, team: 'search' }),
      ],
    }),
  ]).nodes
  it('counts a node with free MIG slices as idle, and a node whose slices are all held as not', () => {
    const q = parseGpuQuery(new URLSearchParams('state=idle'))
    expect(filterRows(migRows, q).map((r) => r.key)).toEqual(['east/m1'])
  })
})
