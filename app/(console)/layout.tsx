import { Suspense } from 'react'
import { cookies } from 'next/headers'
import { redirect } from 'next/navigation'
import { currentUser } from '@/lib/auth/current-user'
import { clusterNames } from '@/lib/k8s/clusters'
import { Nav } from '@/components/shell/nav'
import { ClusterPicker } from '@/components/shell/cluster-picker'
import { ThemeToggle } from '@/components/shell/theme-toggle'
import { SignOutButton } from '@/components/shell/sign-out-button'
import { DataAge } from '@/components/shell/data-age'
import { Providers } from '@/components/shell/providers'

export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const user = await currentUser()
  if (!user) redirect('/login')
  const theme = (await cookies()).get('theme')?.value === 'light' ? 'light' : 'dark'
  const teams = user.role === 'operator' ? ` · ${user.operatorTeams.join(', ')}` : ''
  return (
    <Providers>
      <div className="shell">
        <aside className="sidebar">
          <div className="brand">
            {/* eslint-disable-next-line @next/next/no-img-element -- a 20px SVG needs no optimiser */}
            <img src="/logo.svg" alt="" width={20} height={20} className="brand-logo" />
            AIRe <span>Console</span>
          </div>
          <Suspense>
            <Nav />
          </Suspense>
        </aside>
        <div className="main">
          <header className="topbar">
            <Suspense>
              <ClusterPicker clusters={clusterNames()} />
            </Suspense>
            <DataAge />
            <span className="spacer" />
            <span data-testid="whoami">
              {user.name ?? user.username}{' '}
              <span className="badge" data-testid="role">
                {user.role}
                {teams}
              </span>
            </span>
            <ThemeToggle initial={theme} />
            <SignOutButton />
          </header>
          <main className="content">{children}</main>
        </div>
      </div>
    </Providers>
  )
}
