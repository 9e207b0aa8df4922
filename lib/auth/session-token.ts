import 'server-only'
import { hkdfSync } from 'node:crypto'
import { jwtDecrypt, type JWTPayload } from 'jose'

/**
 * next-auth's session token (v4: a JWE, "dir" + A256GCM, with a key derived from the secret by
 * HKDF-SHA256, empty salt) decrypted with the key derived once per secret. next-auth's own decode
 * derives it again for every token, a trip through libuv's thread pool that queues behind response
 * compression while hundreds of sessions arrive at once. Same checks as next-auth: the tag, and
 * `exp`/`nbf` with its 15 s clock tolerance.
 */
const keys = new Map<string, Uint8Array>()

function keyFor(secret: string): Uint8Array {
  let key = keys.get(secret)
  if (!key) {
    key = new Uint8Array(hkdfSync('sha256', secret, '', 'NextAuth.js Generated Encryption Key', 32))
    // a secret rotated in a running process (tests) must not keep every old key
    if (keys.size > 4) keys.clear()
    keys.set(secret, key)
  }
  return key
}

/** The token's claims, or a thrown error when it is forged, garbled, expired or for another secret. */
export async function decodeSessionToken(token: string, secret: string): Promise<JWTPayload> {
  const { payload } = await jwtDecrypt(token, keyFor(secret), { clockTolerance: 15 })
  return payload
}
