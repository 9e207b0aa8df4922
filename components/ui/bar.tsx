import type { CSSProperties } from 'react'

/**
 * A horizontal share bar (quota used, traffic share, budget spent). The share is data, so it is
 * the one value set inline, as the custom property the global `.bar` rule reads.
 */
export function Bar({ percent, className }: { percent: number; className?: string }) {
  const fill: CSSProperties & Record<'--fill', string> = { '--fill': `${percent}%` }
  return (
    <div className={className ? `bar ${className}` : 'bar'} aria-hidden>
      <span style={fill} />
    </div>
  )
}
