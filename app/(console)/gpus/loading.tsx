import styles from '@/components/ui/skeleton.module.css'

export default function Loading() {
  return (
    <div aria-busy="true" aria-label="Loading GPU inventory">
      <h1>GPUs</h1>
      <div className="grid mb-12">
        {[0, 1, 2, 3, 4].map((i) => (
          <div key={i} className={`skeleton ${styles.stat}`} />
        ))}
      </div>
      <div className={`skeleton ${styles.table}`} />
    </div>
  )
}
