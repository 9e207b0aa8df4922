import 'server-only'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

// Next answers an unknown action id with an error and no trace; the console refuses it first so
// the attempt is counted with the other refusals. The ids of this build are in its server
// reference manifest (only the ids are kept: the file also holds the action encryption key).
const ID = /^[0-9a-f]{40,64}$/

let known: Set<string> | null | undefined

function load(): Set<string> | null {
  try {
    const dir = process.env.AIRE_NEXT_DIST_DIR || '.next'
    const manifest = JSON.parse(
      readFileSync(join(process.cwd(), dir, 'server', 'server-reference-manifest.json'), 'utf8'),
    ) as { node?: Record<string, unknown>; edge?: Record<string, unknown> }
    return new Set([...Object.keys(manifest.node ?? {}), ...Object.keys(manifest.edge ?? {})])
  } catch {
    return null
  }
}

/** False for an id this build does not have; true when unsure (dev server, no manifest). */
export function knownActionId(id: string): boolean {
  if (!ID.test(id)) return false
  if (process.env.NODE_ENV !== 'production') return true
  if (known === undefined) known = load()
  return known === null || known.has(id)
}
