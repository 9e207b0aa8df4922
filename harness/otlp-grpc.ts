/**
 * OTLP over gRPC for the tests, without a gRPC library: the same ExportLogsServiceRequest the
 * HTTP tests send as JSON (lib/quality/otlp-evaluation.ts), encoded as protobuf by hand, framed
 * as one gRPC message and sent over HTTP/2 to LogsService/Export. Covers the fields the
 * evaluation events use; anything else in the JSON is ignored.
 * @see https://github.com/open-telemetry/opentelemetry-proto/blob/main/opentelemetry/proto/logs/v1/logs.proto
 * @see https://github.com/grpc/grpc/blob/master/doc/PROTOCOL-HTTP2.md
 */
import { connect, constants } from 'node:http2'

type Json = Record<string, unknown>

const varint = (n: bigint): number[] => {
  const out: number[] = []
  let v = BigInt.asUintN(64, n)
  do {
    let b = Number(v & 0x7fn)
    v >>= 7n
    if (v > 0n) b |= 0x80
    out.push(b)
  } while (v > 0n)
  return out
}
const tag = (field: number, wire: number) => varint(BigInt((field << 3) | wire))
const bytes = (field: number, payload: Uint8Array | number[]) => [
  ...tag(field, 2),
  ...varint(BigInt(payload.length)),
  ...payload,
]
const text = (field: number, s: string) => bytes(field, [...Buffer.from(s, 'utf8')])
const fixed64 = (field: number, v: bigint) => {
  const b = Buffer.alloc(8)
  b.writeBigUInt64LE(BigInt.asUintN(64, v))
  return [...tag(field, 1), ...b]
}
const double = (field: number, v: number) => {
  const b = Buffer.alloc(8)
  b.writeDoubleLE(v)
  return [...tag(field, 1), ...b]
}

/** AnyValue: string 1, bool 2, int 3, double 4 (JSON spells NaN and ±Infinity as strings). */
function anyValue(v: Json): number[] {
  if (typeof v.stringValue === 'string') return text(1, v.stringValue)
  if (typeof v.boolValue === 'boolean') return [...tag(2, 0), v.boolValue ? 1 : 0]
  if (v.intValue !== undefined) return [...tag(3, 0), ...varint(BigInt(String(v.intValue)))]
  if (v.doubleValue !== undefined) return double(4, Number(v.doubleValue))
  return []
}
const keyValue = (kv: Json) => [...text(1, String(kv.key)), ...bytes(2, anyValue(kv.value as Json))]
const list = (v: unknown) => (Array.isArray(v) ? (v as Json[]) : [])

/** LogRecord: time 1, severity_number 2, severity_text 3, body 5, attributes 6, observed time 11, event_name 12. */
function logRecord(r: Json): number[] {
  return [
    ...(r.timeUnixNano ? fixed64(1, BigInt(String(r.timeUnixNano))) : []),
    ...(r.severityNumber ? [...tag(2, 0), ...varint(BigInt(Number(r.severityNumber)))] : []),
    ...(r.severityText ? text(3, String(r.severityText)) : []),
    ...(r.body ? bytes(5, anyValue(r.body as Json)) : []),
    ...list(r.attributes).flatMap((kv) => bytes(6, keyValue(kv))),
    ...(r.observedTimeUnixNano ? fixed64(11, BigInt(String(r.observedTimeUnixNano))) : []),
    ...(r.eventName ? text(12, String(r.eventName)) : []),
  ]
}

/** ExportLogsServiceRequest → ResourceLogs (resource 1, scope_logs 2) → ScopeLogs (scope 1, log_records 2). */
export function encodeLogsRequest(body: { resourceLogs: unknown[] }): Uint8Array {
  const out = body.resourceLogs.flatMap((rl) => {
    const r = rl as Json
    const resource = list((r.resource as Json | undefined)?.attributes).flatMap((kv) =>
      bytes(1, keyValue(kv)),
    )
    const scopes = list(r.scopeLogs).flatMap((sl) => {
      const scope = sl.scope as Json | undefined
      const payload = [
        ...(scope?.name ? bytes(1, text(1, String(scope.name))) : []),
        ...list(sl.logRecords).flatMap((lr) => bytes(2, logRecord(lr))),
      ]
      return bytes(2, payload)
    })
    return bytes(1, [...bytes(1, resource), ...scopes])
  })
  return Uint8Array.from(out)
}

/** Sends one Export call; resolves to the grpc-status (0 = OK) and its message. */
export function exportLogsGrpc(
  address: string,
  body: { resourceLogs: unknown[] },
): Promise<{ status: number; message: string }> {
  const message = encodeLogsRequest(body)
  const frame = Buffer.alloc(5 + message.length)
  frame.writeUInt8(0, 0)
  frame.writeUInt32BE(message.length, 1)
  Buffer.from(message).copy(frame, 5)
  return new Promise((resolve, reject) => {
    const session = connect(`http://${address}`)
    session.on('error', reject)
    const req = session.request({
      [constants.HTTP2_HEADER_METHOD]: 'POST',
      [constants.HTTP2_HEADER_PATH]: '/opentelemetry.proto.collector.logs.v1.LogsService/Export',
      [constants.HTTP2_HEADER_CONTENT_TYPE]: 'application/grpc',
      te: 'trailers',
    })
    let status: number | null = null
    let detail = ''
    const read = (h: Record<string, unknown>) => {
      if (h['grpc-status'] !== undefined) status = Number(h['grpc-status'])
      if (h['grpc-message'] !== undefined) detail = decodeURIComponent(String(h['grpc-message']))
    }
    req.on('response', read)
    req.on('trailers', read)
    req.on('data', () => undefined)
    req.on('error', reject)
    req.on('end', () => {
      session.close()
      resolve({ status: status ?? -1, message: detail })
    })
    req.end(frame)
  })
}
