/** A titled panel with its CSV export at the right. */
export function Section(props: {
  title: string
  id: string
  actions?: React.ReactNode
  children: React.ReactNode
}) {
  return (
    <section className="panel mb-12" aria-labelledby={`${props.id}-title`} id={props.id}>
      <div className="row">
        <h2 className="m-0 mb-8 grow" id={`${props.id}-title`}>
          {props.title}
        </h2>
        {props.actions}
      </div>
      {props.children}
    </section>
  )
}
