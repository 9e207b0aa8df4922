import { AppError } from '@/lib/errors'

interface StatusBody {
  kind?: string
  message?: string
  reason?: string
  details?: { causes?: { field?: string; message?: string }[] }
}

function statusMessage(body: unknown): string {
  const b = body as StatusBody | null
  if (b && typeof b === 'object' && typeof b.message === 'string') return b.message
  return ''
}

/** Maps an API server refusal to an error a person can act on; raw bodies never reach the browser. */
export function toAppError(
  status: number,
  body: unknown,
  where: { cluster: string; what: string },
): AppError {
  const detail = statusMessage(body)
  const at = `${where.what} on ${where.cluster}`
  switch (status) {
    case 401:
      return new AppError(
        'cluster_unreachable',
        `The console's credentials were rejected by ${where.cluster}.`,
      )
    case 403:
      return new AppError(
        'cluster_refused',
        `The cluster refused this: you are not allowed to change ${at} (Kubernetes RBAC).`,
      )
    case 404:
      return new AppError('not_found', `${at} does not exist (it may have been deleted).`)
    case 409:
      return new AppError(
        'conflict',
        `${at} was changed by someone else since you opened it. Review the current values and try again.`,
      )
    case 422:
    case 400:
      return new AppError(
        'cluster_refused',
        `The cluster rejected the change to ${at}: ${cleanValidation(detail)}`,
      )
    default:
      return new AppError('internal', `Unexpected answer ${status} from ${where.cluster} for ${at}.`)
  }
}

function cleanValidation(detail: string): string {
  // Keep the API server's validation sentence but drop the long object prefix.
  const m = /is invalid: (.*)$/s.exec(detail)
  const reason = m ? m[1] : detail
  return (reason || 'validation failed').slice(0, 400)
}
