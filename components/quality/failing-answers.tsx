import { RelTime } from '@/components/ui/rel-time'
import type { FailureView } from '@/lib/quality/store/results'
import styles from './failing-answers.module.css'

/**
 * The prober's newest failing answers of one version (redacted, cut): which prompt, what the check
 * said, what came back. Shown on the golden set's page and on Triage beside the burn.
 */
export function FailingAnswers({ failures, prompts }: { failures: FailureView[]; prompts: string[] }) {
  if (failures.length === 0) return <p className="muted">None: every prompt passed in the rounds kept.</p>
  return (
    <table className="table panel">
      <thead>
        <tr>
          <th>Prompt</th>
          <th>Outcome</th>
          <th>Answer (redacted)</th>
          <th>When</th>
        </tr>
      </thead>
      <tbody>
        {failures.map((f, i) => (
          <tr key={`${f.at}-${i}`} data-position={f.position}>
            <td title={prompts[f.position] ?? ''}>
              #{f.position + 1} {(prompts[f.position] ?? '').slice(0, 60)}
            </td>
            <td>
              <span className="badge bad">{f.label}</span> {f.reason}
            </td>
            <td className={`mono ${styles.answer}`}>{f.answer || '—'}</td>
            <td>
              <RelTime at={f.at} />
              <div className="muted">{f.cluster}</div>
              {f.responseId ? <div className="muted mono">{f.responseId}</div> : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
