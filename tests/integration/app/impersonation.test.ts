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
})
