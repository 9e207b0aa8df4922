'use client'
import Link from 'next/link'
import { usePathname, useSearchParams } from 'next/navigation'

export const NAV = [
  { href: '/', label: 'Overview' },
  { href: '/gpus', label: 'GPUs' },
  { href: '/models', label: 'Models' },
  { href: '/routes', label: 'Routes' },
  { href: '/costs', label: 'Costs' },
  { href: '/slos', label: 'SLOs' },
  { href: '/triage', label: 'Triage' },
  { href: '/teams', label: 'Teams' },
  { href: '/audit', label: 'Audit' },
] as const

export function Nav() {
  const pathname = usePathname()
  const params = useSearchParams()
  const cluster = params.get('cluster')
  const suffix = cluster ? `?cluster=${encodeURIComponent(cluster)}` : ''
  return (
    <nav aria-label="Main">
      {NAV.map((item) => {
        const active = item.href === '/' ? pathname === '/' : pathname.startsWith(item.href)
        return (
          <Link
            key={item.href}
            href={`${item.href}${suffix}`}
            className="nav-link"
            aria-current={active ? 'page' : undefined}
          >
            {item.label}
          </Link>
        )
      })}
    </nav>
  )
}
