/** The one-sentence outcome of a form's action: a polite status on success, an alert otherwise. */
export function ActionMessage({ msg }: { msg: { ok: boolean; text: string } | null }) {
  if (!msg) return null
  return (
    <span className={msg.ok ? 'muted' : 'form-error'} role={msg.ok ? 'status' : 'alert'}>
      {msg.text}
    </span>
  )
}
