import styles from '@/components/ui/skeleton.module.css'

export default function Loading() {
  return (
    <div aria-busy="true" aria-label="Loading golden sets">
      <div className={`skeleton ${styles.heading}`} />
      {[0, 1, 2, 3].map((i) => (
        <div key={i} className={`skeleton ${styles.row}`} />
      ))}
    </div>
  )
}
