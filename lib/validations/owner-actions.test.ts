import { describe, expect, it } from 'vitest'
import { ownerActionSchema } from '@/lib/validations/owner-actions'

const ok = { cluster: 'gpu-east', namespace: 'team-vision', name: 'chat', resourceVersion: '12345' }

describe('ownerActionSchema', () => {
  it('takes the route and the owner version shown, nothing else', () => {
    expect(ownerActionSchema.parse(ok)).toEqual(ok)
    // the owner object is found from the route on the server: naming one is refused
    expect(ownerActionSchema.safeParse({ ...ok, owner: { kind: 'Kustomization', name: 'x' } }).success).toBe(
      false,
    )
  })
  it('refuses a missing, blank or malformed version and bad names', () => {
    for (const bad of [
      { ...ok, resourceVersion: '' },
      { ...ok, resourceVersion: undefined },
      { ...ok, resourceVersion: 12 },
      { ...ok, resourceVersion: '1; drop' },
      { ...ok, resourceVersion: 'x'.repeat(65) },
      { ...ok, namespace: 'Team_A' },
      { ...ok, name: '' },
      { ...ok, cluster: '' },
    ])
      expect(ownerActionSchema.safeParse(bad).success).toBe(false)
  })
})
