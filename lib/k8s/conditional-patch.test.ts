import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { changeCauseOp, mapEntryOp, pointer, resourceVersionTest } from '@/lib/k8s/conditional-patch'

/** RFC 6901 §4: how a server reads one reference token back. */
const unescape = (token: string) => token.replace(/~1/g, '/').replace(/~0/g, '~')

describe('pointer', () => {
  it('escapes / and ~ as RFC 6901 says, ~ first so that ~1 in a key survives', () => {
    expect(pointer('aire.dev/change-cause')).toBe('aire.dev~1change-cause')
    expect(pointer('requests.nvidia.com/gpu')).toBe('requests.nvidia.com~1gpu')
    expect(pointer('a~b')).toBe('a~0b')
    expect(pointer('a~1b')).toBe('a~01b')
    expect(pointer('a/b/c')).toBe('a~1b~1c')
  })

  it('reads back as the key it escaped, and never contains a bare /', () => {
    fc.assert(
      fc.property(fc.string(), (key) => {
        const token = pointer(key)
        expect(token).not.toContain('/')
        expect(unescape(token)).toBe(key)
      }),
    )
  })
})

describe('mapEntryOp', () => {
  it('adds the entry under its escaped key when the map exists', () => {
    expect(mapEntryOp('/metadata/labels', { other: 'x' }, 'aire.dev/team', 'ml')).toEqual({
      op: 'add',
      path: '/metadata/labels/aire.dev~1team',
      value: 'ml',
    })
  })

  it('adds the whole map with the one entry when there is none (an add cannot land below nothing)', () => {
    expect(mapEntryOp('/metadata/labels', undefined, 'aire.dev/team', 'ml')).toEqual({
      op: 'add',
      path: '/metadata/labels',
      value: { 'aire.dev/team': 'ml' },
    })
  })

  it('treats an empty map as present', () => {
    expect(mapEntryOp('/spec/hard', {}, 'k', 1)).toEqual({ op: 'add', path: '/spec/hard/k', value: 1 })
  })
})

describe('changeCauseOp', () => {
  it('writes aire.dev/change-cause into existing annotations, overwriting an earlier cause', () => {
    const meta = { name: 'r', annotations: { 'aire.dev/change-cause': 'old' } }
    expect(changeCauseOp(meta, 'new')).toEqual({
      op: 'add',
      path: '/metadata/annotations/aire.dev~1change-cause',
      value: 'new',
    })
  })

  it('creates the annotations map when the object has none', () => {
    expect(changeCauseOp({ name: 'r' }, 'why')).toEqual({
      op: 'add',
      path: '/metadata/annotations',
      value: { 'aire.dev/change-cause': 'why' },
    })
  })
})

describe('resourceVersionTest', () => {
  it('tests the version as read', () => {
    expect(resourceVersionTest('42')).toEqual({ op: 'test', path: '/metadata/resourceVersion', value: '42' })
  })
})
