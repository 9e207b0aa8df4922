import type { Metadata } from 'next'
import Link from 'next/link'
import { notFound } from 'next/navigation'
import { EmptyState } from '@/components/ui/empty-state'
import { pageUser } from '@/lib/auth/current-user'
import { canAdmin } from '@/lib/auth/permissions'
import { getGoldenSet } from '@/lib/quality/store/golden-sets'
import { failuresOf, resultsOf } from '@/lib/quality/store/results'
import { goldenFormChoices } from '../form-choices'
import { GoldenForm } from '../golden-form'
import styles from '../golden.module.css'
import { DeleteGoldenSetButton } from './delete-button'
import { GoldenResults } from './results'

export const metadata: Metadata = { title: 'Golden set' }

export default async function GoldenSetPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await pageUser()
  if (!canAdmin(user)) {
    return <EmptyState title="Admins only">Ask an admin about this golden set.</EmptyState>
  }
  const { id } = await params
  const set = await getGoldenSet(id)
  if (!set) notFound()
  const [results, failures, choices] = await Promise.all([resultsOf(id), failuresOf(id), goldenFormChoices()])
  return (
    <>
      <div className={styles.header}>
        <h1>{set.name}</h1>
        <Link className="btn" href="/slos/golden">
          All golden sets
        </Link>
        <DeleteGoldenSetButton id={set.id} name={set.name} />
      </div>
      <p className="muted">
        Team {set.team} · model {set.model} · {set.prompts.length} prompts · revision {set.revision}
        {set.enabled ? '' : ' · paused'}
      </p>
      <GoldenResults results={results} failures={failures} prompts={set.prompts.map((p) => p.prompt)} />
      <section className={styles.section}>
        <h2>Edit</h2>
        <p className="muted">Saving replaces the prompts and clears the results above.</p>
        <GoldenForm choices={choices} initial={{ ...set, prompts: set.prompts }} />
      </section>
    </>
  )
}
