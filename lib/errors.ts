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

/**
 * An applied change the console now watches (lib/actions/hold): the outcome, "held" or
 * "reverted by …", is recorded on the audit trail when the window ends or at the first difference.
 */
export interface HoldTicket {
  auditId: string
  /** ISO time the window ends */
  until: string
  status: 'pending'
}

export type ActionResult<T> =
  | { ok: true; data: T; hold?: HoldTicket }
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
