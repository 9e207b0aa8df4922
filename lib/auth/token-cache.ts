/**
 * Decoded session cookies, per process. Decoding one is an HKDF key derivation (a round trip
 * through libuv's thread pool, queued behind response compression under load) plus an AES-GCM
 * decryption; a signed-in browser sends the same cookie on every request until it signs in
 * again. Only tokens that decoded are kept, with their own expiry, so a forged or garbled cookie
 * is decoded (and refused) every time and can never enter. The session row is still checked on
 * every request (sessions.ts): this only skips re-deriving what the cookie says.
 */
export interface TokenCache {
  /** The session id of a token decoded before and not yet expired; undefined if unknown. */
  get(token: string, now?: number): string | undefined
  set(token: string, sessionId: string, expiresAtMs: number, now?: number): void
  readonly size: number
}

export function createTokenCache(maxEntries: number): TokenCache {
  const entries = new Map<string, { sid: string; exp: number }>()
  return {
    get(token, now = Date.now()) {
      const e = entries.get(token)
      if (!e) return undefined
      if (e.exp <= now) {
        entries.delete(token)
        return undefined
      }
      return e.sid
    },
    set(token, sid, exp, now = Date.now()) {
      if (exp <= now) return
      entries.delete(token)
      entries.set(token, { sid, exp })
      // Oldest first out: a Map iterates in insertion order.
      while (entries.size > maxEntries) entries.delete(entries.keys().next().value!)
    },
    get size() {
      return entries.size
    },
  }
}
