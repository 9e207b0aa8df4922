import styles from '@/components/ui/skeleton.module.css'

export default function Loading() {
  return (
    <>
      <h1>Costs</h1>
      <div className={`skeleton ${styles.report}`} aria-busy="true" aria-label="Loading costs" />
    </>
  )
}
