import styles from '@/components/ui/skeleton.module.css'

export default function Loading() {
  return (
    <div aria-busy="true" aria-label="Loading triage">
      <div className={`skeleton ${styles.headingShort}`} />
      <div className={`skeleton ${styles.chart}`} />
      <div className={`skeleton ${styles.block}`} />
    </div>
  )
}
