/**
 * Requests refused before there is a session (foreign origin, no session, unknown action id) cost
 * an attacker nothing, so each one must not cost the console a database row. The ledger keeps, per
 * source and kind, the first refusal of each minute as its own audit row (so an attempt is visible
 * at once) and writes the rest of that minute as one summary row with their count. The audit table
 * is append-only, so the summary is a second row, never an update: at most two rows per source,
 * kind, action and minute on each replica, and at most `maxSources` sources a minute (the rest share one
 * bucket, so forged X-Forwarded-For values cannot grow the table either).
 *
 * Pure: the clock and the sink are injected, so the bounds are unit-tested without a server.
 */

export type RefusalKind = 'bad_origin' | 'unauthenticated' | 'bad_action' | 'rate_limited'

export interface RefusalRow {
  kind: RefusalKind
  /** the action asked for where it is one of the console's own, else 'server-action' */
  action: string
  source: string
  reason: string
  /** how many refusals this row stands for: 1 for a minute's first, the rest for its summary */
  count: number
  firstAt: Date
  lastAt: Date
}

export interface RefusalLedgerOptions {
  /** refusals a source may cause a minute before it gets 429s instead of answers */
  perSourcePerMinute?: number
  /** distinct sources a minute that get their own rows; later ones share OTHER_SOURCES */
  maxSources?: number
  now?: () => number
}

export const OTHER_SOURCES = 'other sources'

interface Bucket {
  kind: RefusalKind
  action: string
  source: string
  reason: string
  /** refusals after the first, not yet written */
  more: number
  moreFirstAt: number
  lastAt: number
}

export interface Noted {
  /** the source is over its limit this minute: answer 429 with Retry-After */
  limited: boolean
  retryAfterSeconds: number
  /** the row of a minute's first refusal, being written; absent when this one was only counted */
  written?: Promise<void>
}

export class RefusalLedger {
  private minute = -1
  private readonly buckets = new Map<string, Bucket>()
  private readonly perSource = new Map<string, number>()
  private readonly perSourcePerMinute: number
  private readonly maxSources: number
  private readonly now: () => number

  constructor(
    private readonly write: (row: RefusalRow) => Promise<void> | void,
    opts: RefusalLedgerOptions = {},
  ) {
    this.perSourcePerMinute = opts.perSourcePerMinute ?? 30
    this.maxSources = opts.maxSources ?? 200
    this.now = opts.now ?? Date.now
  }

  /** Whether the source is already over its limit this minute (checked before doing any work). */
  limited(source: string): boolean {
    this.roll()
    return (this.perSource.get(this.sourceKey(source)) ?? 0) >= this.perSourcePerMinute
  }

  /** `action` must come from a closed set (the console's own action names), never from the request. */
  note(rawSource: string, kind: RefusalKind, reason: string, action = 'server-action'): Noted {
    this.roll()
    const t = this.now()
    const source = this.sourceKey(rawSource)
    const seen = (this.perSource.get(source) ?? 0) + 1
    this.perSource.set(source, seen)
    const key = `${source}\u0000${kind}\u0000${action}`
    const b = this.buckets.get(key)
    let written: Promise<void> | undefined
    if (!b) {
      this.buckets.set(key, { kind, action, source, reason, more: 0, moreFirstAt: 0, lastAt: t })
      written = Promise.resolve(
        this.write({ kind, action, source, reason, count: 1, firstAt: new Date(t), lastAt: new Date(t) }),
      )
    } else {
      if (b.more === 0) b.moreFirstAt = t
      b.more++
      b.lastAt = t
    }
    return {
      limited: seen > this.perSourcePerMinute,
      retryAfterSeconds: Math.max(1, Math.ceil((this.minuteEnd() - t) / 1000)),
      ...(written ? { written } : {}),
    }
  }

  /** Writes every pending summary (at the minute's end, on drain, and in tests). */
  flush(): void {
    for (const b of this.buckets.values()) {
      if (b.more === 0) continue
      this.write({
        kind: b.kind,
        action: b.action,
        source: b.source,
        reason: b.reason,
        count: b.more,
        firstAt: new Date(b.moreFirstAt),
        lastAt: new Date(b.lastAt),
      })
      b.more = 0
    }
  }

  /** Milliseconds until the current minute's summaries are due. */
  msToMinuteEnd(): number {
    return Math.max(0, this.minuteEnd() - this.now())
  }

  private minuteEnd(): number {
    return (Math.floor(this.now() / 60_000) + 1) * 60_000
  }

  private sourceKey(source: string): string {
    if (this.perSource.has(source) || this.perSource.size < this.maxSources) return source
    return OTHER_SOURCES
  }

  private roll(): void {
    const m = Math.floor(this.now() / 60_000)
    if (m === this.minute) return
    this.flush()
    this.buckets.clear()
    this.perSource.clear()
    this.minute = m
  }
}
