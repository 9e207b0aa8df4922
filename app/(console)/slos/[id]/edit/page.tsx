import type { Metadata } from 'next'
import { notFound } from 'next/navigation'
import { pageUser } from '@/lib/auth/current-user'
import { canAdmin } from '@/lib/auth/permissions'
import { getSlo } from '@/lib/slo/store'
import { EmptyState } from '@/components/ui/empty-state'
import { formChoices } from '../../form-choices'
import { SloForm } from '../../slo-form'
import { DeleteSloButton } from '../delete-button'

export const metadata: Metadata = { title: 'Edit SLO' }

export default async function EditSloPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await pageUser()
  const { id } = await params
  if (!canAdmin(user)) return <EmptyState title="Admins only">Ask an admin to change SLOs.</EmptyState>
  const slo = await getSlo(id)
  if (!slo) notFound()
  return (
    <>
      <h1>Edit {slo.name}</h1>
      <SloForm choices={await formChoices()} initial={slo} />
      <div className="mt-16">
        <DeleteSloButton id={slo.id} name={slo.name} />
      </div>
    </>
  )
}
