import { FailingAnswers } from '@/components/quality/failing-answers'
import { RelTime } from '@/components/ui/rel-time'
import type { FailureView, VersionResult } from '@/lib/quality/store/results'
import styles from '../golden.module.css'

/** The prober's results per version (pool) and the last failing answers of each version. */
export function GoldenResults({
  results,
  failures,
  prompts,
}: {
  results: VersionResult[]
  failures: FailureView[]
  prompts: string[]
}) {
  if (results.length === 0) {
    return <p className="muted">Not probed yet: results appear after the prober’s next round.</p>
  }
  const versions = [...new Set([...results.map((r) => r.version), ...failures.map((f) => f.version)])]
  return (
    <>
      <table className="table panel" data-testid="golden-results">
        <thead>
          <tr>
            <th>Version</th>
            <th>Pool</th>
            <th>Reached</th>
            <th>Last round</th>
            <th>Pass / fail / timeout / error (all rounds)</th>
            <th>When</th>
          </tr>
        </thead>
        <tbody>
          {results.map((r) => (
            <tr key={`${r.cluster}/${r.namespace}/${r.pool}`} data-version={r.version}>
              <td>{r.version}</td>
              <td>
                {r.cluster}/{r.namespace}/{r.pool}
              </td>
              <td>{r.via === 'gateway' ? 'gateway (header pin)' : 'pool Service'}</td>
              <td>
                <span className={`badge ${r.lastPassed === r.lastTotal ? 'ok' : 'bad'}`}>
                  {r.lastPassed}/{r.lastTotal} pass
                </span>
                {r.lastError ? <span className="field-error"> {r.lastError}</span> : null}
              </td>
              <td>
                {r.passed} / {r.failed} / {r.timedOut} / {r.errored}
              </td>
              <td>
                <RelTime at={r.lastRoundAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {versions.map((v) => {
        const list = failures.filter((f) => f.version === v)
        return (
          <section key={v} className={styles.section} data-failures={v}>
            <h3>Last failing answers of {v}</h3>
            <FailingAnswers failures={list} prompts={prompts} />
          </section>
        )
      })}
    </>
  )
}
