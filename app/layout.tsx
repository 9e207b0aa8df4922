import type { Metadata } from 'next'
import { cookies } from 'next/headers'
import './globals.css'

export const metadata: Metadata = {
  title: { default: 'AIRe Console', template: '%s · AIRe Console' },
  description: 'GPU fleets, model deployments, gateway routes, token costs and quality SLOs across clusters.',
}

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const theme = (await cookies()).get('theme')?.value === 'light' ? 'light' : 'dark'
  return (
    <html lang="en" data-theme={theme}>
      <body>{children}</body>
    </html>
  )
}
