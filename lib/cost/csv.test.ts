import { describe, expect, it } from 'vitest'
import { csvCell, toCsv } from './csv'

describe('csv', () => {
  it('quotes separators, quotes and newlines', () => {
    expect(csvCell('a,b')).toBe('"a,b"')
    expect(csvCell('say "hi"')).toBe('"say ""hi"""')
    expect(csvCell('two\nlines')).toBe('"two\nlines"')
  })
  it('defuses spreadsheet formulas but keeps negative numbers', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`)
    expect(csvCell('@cmd')).toBe("'@cmd")
    expect(csvCell('-12.5')).toBe('-12.5')
    expect(csvCell(-3)).toBe('-3')
  })
  it('writes rows with CRLF', () => {
    expect(
      toCsv(
        ['team', 'cost'],
        [
          ['search', 12.5],
          ['vision', null],
        ],
      ),
    ).toBe('team,cost\r\nsearch,12.5\r\nvision,\r\n')
  })
})
