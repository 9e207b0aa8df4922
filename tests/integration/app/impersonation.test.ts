import { Agent } from 'node:https'
import { beforeAll, describe, expect, it } from 'vitest'
import { kubeconfigs } from '@/harness/kubeconfigs'

let k8sRequest: typeof import('@/lib/k8s/request').k8sRequest

beforeAll(async () => {
  kubeconfigs()
  ;({ k8sRequest } = await import('@/lib/k8s/request'))
})

interface Review {
  status: { userInfo: { username: string; groups?: string[] } }
}

async function whoAmI(as?: { user: string; groups: string[] }): Promise<string> {
  const r = await k8sRequest<Review>('gpu-east', {
    method: 'POST',
    path: '/apis/authentication.k8s.io/v1/selfsubjectreviews',
    body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
    as,
  })
  expect(r.status).toBe(201)
  return r.body.status.userInfo.username
}

describe('impersonation through the console service account', () => {
  it('sends each group as its own header, so the API server sees both groups of a user in two groups', async () => {
    const r = await k8sRequest<Review>('gpu-east', {
      method: 'POST',
      path: '/apis/authentication.k8s.io/v1/selfsubjectreviews',
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
      as: { user: 'two-groups@example.test', groups: ['aire:operators:search', 'aire:operators:assistant'] },
    })
    expect(r.status).toBe(201)
    expect(r.body.status.userInfo.username).toBe('two-groups@example.test')
    expect(r.body.status.userInfo.groups).toEqual(
      expect.arrayContaining(['aire:operators:search', 'aire:operators:assistant']),
    )
    expect(r.body.status.userInfo.groups).not.toContain('aire:operators:search,aire:operators:assistant')
  })

  it('without impersonation the console is its own service account and cannot write', async () => {
    const r = await k8sRequest('gpu-east', {
      method: 'PATCH',
      path: '/apis/gateway.networking.k8s.io/v1/namespaces/team-assistant/httproutes/llama-3-1-8b',
      contentType: 'application/merge-patch+json',
      body: { metadata: { annotations: { 'aire.dev/probe': 'x' } } },
    })
    expect(r.status).toBe(403)
  })

  it('requests of different users share one kept-alive connection, and each is still authorised as its own user', async () => {
    const proto = Agent.prototype as unknown as { createConnection: (...a: unknown[]) => unknown }
    const open = proto.createConnection
    let opened = 0
    proto.createConnection = function (this: Agent, ...a: unknown[]) {
      opened++
      return open.apply(this, a)
    }
    try {
      const console = await whoAmI()
      opened = 0
      const seen: string[] = []
      for (const user of [
        'ann@example.test',
        'bob@example.test',
        null,
        'ann@example.test',
        'bob@example.test',
      ])
        seen.push(await whoAmI(user ? { user, groups: ['aire:viewers'] } : undefined))
      expect(seen).toEqual([
        'ann@example.test',
        'bob@example.test',
        console,
        'ann@example.test',
        'bob@example.test',
      ])
      expect(opened, 'new TLS connections for five requests after the first').toBe(0)
    } finally {
      proto.createConnection = open
    }
  })
})
