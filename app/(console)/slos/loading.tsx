import styles from '@/components/ui/skeleton.module.css'

export default function Loading() {
  return (
    <div aria-busy="true" aria-label="Loading SLOs">
      <div className={`skeleton ${styles.headingShort}`} />
      {[0, 1, 2, 3, 4].map((i) => (
        <div key={i} className={`skeleton ${styles.row}`} />
      ))}
    </div>
  )
}
