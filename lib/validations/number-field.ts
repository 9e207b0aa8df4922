import { z } from 'zod'

/**
 * Numbers as people type them into forms. `Number("")` and `z.coerce.number()` turn a blank field
 * into 0, which deletes a budget or saves a free price without a word; these helpers make blank a
 * field error (or, for optional fields, "not given"), and refuse what JSON or a hand-made request
 * can smuggle in: NaN, ±Infinity, 1e309, negative zero, hex or "12abc".
 */

const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/

type Read = { ok: true; value: number } | { ok: false; blank: boolean; message: string }

/** One rule for every numeric field: a finite decimal number, never a blank read as 0. */
export function readNumber(raw: unknown, numbersOnly = false): Read {
  if (raw === undefined || raw === null) return { ok: false, blank: true, message: 'Required.' }
  let n: number
  if (typeof raw === 'number') n = raw
  else if (typeof raw === 'string' && !numbersOnly) {
    const s = raw.trim()
    if (s === '') return { ok: false, blank: true, message: 'Required.' }
    if (!DECIMAL.test(s)) return { ok: false, blank: false, message: 'Enter a number.' }
    n = Number(s)
  } else return { ok: false, blank: false, message: 'Enter a number.' }
  if (!Number.isFinite(n)) return { ok: false, blank: false, message: 'Enter a finite number.' }
  // -0 passes `min(0)` and is written as 0; nobody means it.
  if (Object.is(n, -0)) return { ok: false, blank: false, message: 'Cannot be negative.' }
  return { ok: true, value: n }
}

/**
 * A required number: blank or missing is "Required." (or `required`), then `inner` (bounds,
 * integer, cents) decides. Accepts the number or the string a form sends; `numbersOnly` for
 * inputs the page sends as JSON numbers (weights, token limits), where a string is a forged request.
 */
export function requiredNumber<T extends z.ZodType<number, number>>(
  inner: T,
  required = 'Required.',
  { numbersOnly = false }: { numbersOnly?: boolean } = {},
) {
  return (
    z
      .unknown()
      // optional: a missing key still reaches the transform, which names it
      .optional()
      .transform((raw, ctx) => {
        const r = readNumber(raw, numbersOnly)
        if (r.ok) return r.value
        ctx.addIssue({ code: 'custom', message: r.blank ? required : r.message })
        return z.NEVER
      })
      .pipe(inner)
  )
}

/** An optional number: blank or missing is `undefined` (the caller decides what that means). */
export function optionalNumber<T extends z.ZodType<number, number>>(inner: T) {
  return z
    .unknown()
    .optional()
    .transform((raw, ctx) => {
      const r = readNumber(raw)
      if (r.ok) return r.value
      if (r.blank) return undefined
      ctx.addIssue({ code: 'custom', message: r.message })
      return z.NEVER
    })
    .pipe(inner.optional())
}
