/** A titled panel with its CSV export at the right. */
export function Section(props: {
  title: string
  id: string
  actions?: React.ReactNode
  children: React.ReactNode
}) {
  return (
    <section
      className="panel"
      style={{ marginBottom: 12 }}
      aria-labelledby={`${props.id}-title`}
      id={props.id}
    >
      <div style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
        <h2 id={`${props.id}-title`} style={{ margin: '0 0 8px', flex: 1 }}>
          {props.title}
        </h2>
        {props.actions}
      </div>
      {props.children}
    </section>
  )
}
