import 'server-only'

type Level = 'debug' | 'info' | 'warn' | 'error'
type Fields = Record<string, unknown>

// Structured JSON lines on stdout/stderr, one object per event, for any log pipeline.
function write(level: Level, msg: string, fields: Fields = {}): void {
  const line = JSON.stringify({ ts: new Date().toISOString(), level, msg, ...fields }, (_k, v: unknown) =>
    v instanceof Error ? { name: v.name, message: v.message } : v,
  )
  if (level === 'error' || level === 'warn') process.stderr.write(line + '\n')
  else if (level !== 'debug' || process.env.AIRE_DEBUG === '1') process.stdout.write(line + '\n')
}

export const log = {
  debug: (msg: string, f?: Fields) => write('debug', msg, f),
  info: (msg: string, f?: Fields) => write('info', msg, f),
  warn: (msg: string, f?: Fields) => write('warn', msg, f),
  error: (msg: string, f?: Fields) => write('error', msg, f),
}
