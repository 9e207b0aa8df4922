import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { optionalNumber, readNumber, requiredNumber } from './number-field'

describe('readNumber', () => {
  it('reads decimals as typed, with spaces, signs and exponents', () => {
    expect(readNumber(' 12.50 ')).toEqual({ ok: true, value: 12.5 })
    expect(readNumber('1e3')).toEqual({ ok: true, value: 1000 })
    expect(readNumber('.5')).toEqual({ ok: true, value: 0.5 })
    expect(readNumber(7)).toEqual({ ok: true, value: 7 })
    expect(readNumber('0')).toEqual({ ok: true, value: 0 })
  })

  it('calls blank blank, and refuses what is not a finite number', () => {
    for (const blank of ['', '  ', null, undefined])
      expect(readNumber(blank)).toMatchObject({ ok: false, blank: true })
    for (const bad of ['abc', '0x10', '12abc', '1e309', NaN, Infinity, -0, '-0', true, {}, []])
      expect(readNumber(bad), String(bad)).toMatchObject({ ok: false, blank: false })
  })
})

describe('requiredNumber and optionalNumber', () => {
  const percent = z.number().int().min(1).max(100)
  it('name a missing or blank field with the given message', () => {
    const s = z.object({ n: requiredNumber(percent, 'Enter a percent.') })
    expect(s.safeParse({}).error?.issues[0]).toMatchObject({ path: ['n'], message: 'Enter a percent.' })
    expect(s.safeParse({ n: ' ' }).error?.issues[0]?.message).toBe('Enter a percent.')
    expect(s.parse({ n: '42' }).n).toBe(42)
    expect(s.safeParse({ n: '420' }).success).toBe(false)
  })
  it('leave an optional blank field undefined, not 0', () => {
    const s = z.object({ n: optionalNumber(percent) })
    expect(s.parse({ n: '' }).n).toBeUndefined()
    expect(s.parse({}).n).toBeUndefined()
    expect(s.safeParse({ n: 'x' }).success).toBe(false)
  })
})
