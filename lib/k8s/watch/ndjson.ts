import { StringDecoder } from 'node:string_decoder'

/**
 * Incremental newline-delimited JSON: feed it chunks as they arrive (a watch event may span chunks,
 * a chunk may hold many events, a multi-byte character may be split), get back each complete value.
 */
export class NdjsonParser {
  private readonly decoder = new StringDecoder('utf8')
  private buffer = ''

  constructor(private readonly maxLineBytes = 64 * 1024 * 1024) {}

  /** Values of the lines completed by this chunk; throws on a malformed or oversized line. */
  push(chunk: Buffer | string): unknown[] {
    this.buffer += typeof chunk === 'string' ? chunk : this.decoder.write(chunk)
    const out: unknown[] = []
    let start = 0
    for (;;) {
      const nl = this.buffer.indexOf('\n', start)
      if (nl < 0) break
      const line = this.buffer.slice(start, nl).trim()
      start = nl + 1
      if (line) out.push(JSON.parse(line))
    }
    this.buffer = start > 0 ? this.buffer.slice(start) : this.buffer
    if (this.buffer.length > this.maxLineBytes) throw new Error('watch event larger than the line limit')
    return out
  }

  /** The value of a final line without a trailing newline, if any. */
  end(): unknown[] {
    const rest = (this.buffer + this.decoder.end()).trim()
    this.buffer = ''
    return rest ? [JSON.parse(rest)] : []
  }
}
