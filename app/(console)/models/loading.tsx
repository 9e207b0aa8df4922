import styles from '@/components/ui/skeleton.module.css'

export default function Loading() {
  return (
    <div aria-busy="true" aria-label="Loading models">
      <h1>Models</h1>
      {[0, 1, 2].map((i) => (
        <div key={i} className={`skeleton ${styles.card}`} />
      ))}
    </div>
  )
}
