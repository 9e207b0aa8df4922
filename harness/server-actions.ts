/**
 * Calling a server action over HTTP as the browser does (POST with a Next-Action header and the
 * arguments as JSON), so tests and the bench can submit an action rendered by one replica to
 * another. The action's id comes from the page's own client chunks, served by the replica that
 * rendered the page: if the replicas disagreed on ids (different builds), the other replica
 * would answer "Server action not found".
 */
import type { Session } from './console-client'

/** The id of the action `exportName` that the client chunks of `path` (as served by baseUrl) call. */
export async function actionIdFromPage(
  baseUrl: string,
  path: string,
  s: Session,
  exportName: string,
): Promise<string> {
  const html = await (await fetch(`${baseUrl}${path}`, { headers: { cookie: s.cookie } })).text()
  const chunks = [
    ...new Set([...html.matchAll(/src="(\/_next\/static\/chunks\/[^"]+\.js)"/g)].map((m) => m[1]!)),
  ]
  // Turbopack and webpack both emit createServerReference("<id>", …, "<exportName>")
  const re = new RegExp(`createServerReference\\)?\\(\\s*"([0-9a-f]{40,})"[^)]*?"${exportName}"`)
  for (const c of chunks) {
    const js = await (await fetch(`${baseUrl}${c}`)).text()
    const m = re.exec(js)
    if (m) return m[1]!
  }
  throw new Error(`no server action ${exportName} in the ${chunks.length} client chunks of ${path}`)
}

export interface ActionReply {
  status: number
  /** the action's ActionResult when the body carried one */
  result: { ok: true } | { ok: false; code: string; message: string } | null
  body: string
  ms: number
}

export async function callAction(
  baseUrl: string,
  path: string,
  s: Session,
  actionId: string,
  args: unknown[],
  timeoutMs = 60_000,
): Promise<ActionReply> {
  const t0 = performance.now()
  try {
    const res = await fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: {
        accept: 'text/x-component',
        'content-type': 'text/plain;charset=UTF-8',
        'next-action': actionId,
        origin: baseUrl,
        cookie: s.cookie,
      },
      body: JSON.stringify(args),
      signal: AbortSignal.timeout(timeoutMs),
    })
    const body = await res.text()
    return { status: res.status, result: parseResult(body), body, ms: performance.now() - t0 }
  } catch (e) {
    return { status: 0, result: null, body: String(e), ms: performance.now() - t0 }
  }
}

/** The RSC reply is lines `<row>:<json>`; the action's return value is the row with "ok". */
function parseResult(body: string): ActionReply['result'] {
  for (const line of body.split('\n')) {
    const i = line.indexOf(':')
    if (i < 0) continue
    try {
      const v = JSON.parse(line.slice(i + 1)) as unknown
      if (v && typeof v === 'object' && 'ok' in v) return v as ActionReply['result']
    } catch {
      // not JSON (e.g. a text row)
    }
  }
  return null
}
