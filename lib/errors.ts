/** Expected failures carry a code and a sentence a person can act on; see docs/ARCHITECTURE.md. */
export type ErrorCode =
  | 'invalid_input'
  | 'unauthenticated'
  | 'forbidden'
  | 'bad_origin'
  | 'not_found'
  | 'conflict'
  | 'cluster_refused'
  | 'cluster_unreachable'
  | 'metrics_unavailable'
  | 'internal'

export class AppError extends Error {
  readonly fieldErrors?: Record<string, string[]>
  /** For conflicts: the object's current values, so the user can see what changed. */
  readonly current?: unknown

  constructor(
    readonly code: ErrorCode,
    message: string,
    opts: { fieldErrors?: Record<string, string[]>; current?: unknown } = {},
  ) {
    super(message)
    this.name = 'AppError'
    this.fieldErrors = opts.fieldErrors
    this.current = opts.current
  }
}

export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; code: ErrorCode; message: string; fieldErrors?: Record<string, string[]>; current?: unknown }

export function ok<T>(data: T): ActionResult<T> {
  return { ok: true, data }
}

export function fail<T = never>(
  code: ErrorCode,
  message: string,
  extra: { fieldErrors?: Record<string, string[]>; current?: unknown } = {},
): ActionResult<T> {
  return { ok: false, code, message, ...extra }
}
