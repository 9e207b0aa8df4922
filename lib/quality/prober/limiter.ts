/**
 * The prober's bound per model: at most `concurrency` probes in flight and at most
 * `ratePerSecond` started per second (starts spaced 1/rate apart), so probing never becomes
 * load on a model server that is already struggling. Timers only; fake timers drive it in tests.
 */
export interface Limiter {
  run<T>(task: () => Promise<T>): Promise<T>
  /** probes in flight now */
  active(): number
}

export function createLimiter(opts: { concurrency: number; ratePerSecond: number }): Limiter {
  const spacingMs = 1000 / opts.ratePerSecond
  const queue: (() => void)[] = []
  let active = 0
  let nextStart = 0
  let timer: ReturnType<typeof setTimeout> | null = null

  const pump = () => {
    while (active < opts.concurrency && queue.length > 0) {
      const now = Date.now()
      if (now < nextStart) {
        timer ??= setTimeout(() => {
          timer = null
          pump()
        }, nextStart - now)
        return
      }
      nextStart = Math.max(now, nextStart) + spacingMs
      active++
      queue.shift()!()
    }
  }

  return {
    run<T>(task: () => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push(() => {
          task()
            .then(resolve, reject)
            .finally(() => {
              active--
              pump()
            })
        })
        pump()
      })
    },
    active: () => active,
  }
}

/** One limiter per model, created on first use. */
export function limitersPerModel(opts: { concurrency: number; ratePerSecond: number }) {
  const byModel = new Map<string, Limiter>()
  return (model: string): Limiter => {
    let l = byModel.get(model)
    if (!l) byModel.set(model, (l = createLimiter(opts)))
    return l
  }
}
