import 'server-only'
import bcrypt from 'bcryptjs'

// A fixed hash to compare against when the user does not exist, so timing does not reveal usernames.
const DUMMY_HASH = '$2b$12$C6UzMDM.H6dfI/f/IKcEeO5s6z9Kq6y0ZfJ0v0uGmUuWm2g8pJd6e'

export async function verifyPassword(plain: string, hash: string | null | undefined): Promise<boolean> {
  const ok = await bcrypt.compare(plain, hash ?? DUMMY_HASH)
  return Boolean(hash) && ok
}
