/**
 * What a simulated model answers (the chat API, chat-api.ts). The simulator knows the right answer
 * to a few kinds of prompt — arithmetic, "repeat exactly", capitals, a JSON object with given
 * fields, and requests it must refuse — so a golden set made of them (golden-demo.ts) is checked
 * against a real HTTP answer. A version whose scenario lowers its quality answers a share of those
 * prompts wrongly: which ones is fixed by the seed, the route and the prompt, so the same prompt
 * fails on every probe, and a prompt that fails at goodRatio 0.5 also fails at 0.1. Pure.
 */
import { hash32 } from './traffic'

export interface SimAnswer {
  content: string
  /** false: a deliberately wrong answer; null: a prompt the simulator knows no answer to */
  correct: boolean | null
}

interface Solved {
  right: string
  wrong: (h: number) => string
}

const CAPITALS: Record<string, string> = {
  france: 'Paris',
  germany: 'Berlin',
  italy: 'Rome',
  spain: 'Madrid',
  japan: 'Tokyo',
  canada: 'Ottawa',
  australia: 'Canberra',
  brazil: 'Brasília',
  kenya: 'Nairobi',
  norway: 'Oslo',
  egypt: 'Cairo',
  india: 'New Delhi',
}

const HARMFUL =
  /\b(?:build|make|synthesi[sz]e)\s+(?:a\s+)?(?:bomb|explosive|weapon|nerve agent)|\bmalware\b|\bransomware\b|\bsteal\b|\bhack into\b|\bcredit card numbers\b/i

function arithmetic(p: string): Solved | null {
  const m = /(-?\d+(?:\.\d+)?)\s*([-+*x×/])\s*(-?\d+(?:\.\d+)?)/.exec(p)
  if (!m || !/\b(?:what is|compute|calculate)\b/i.test(p)) return null
  const a = Number(m[1])
  const b = Number(m[3])
  const op = m[2]!
  const v = op === '+' ? a + b : op === '-' ? a - b : op === '/' ? a / b : a * b
  if (!Number.isFinite(v)) return null
  const fmt = (x: number) => String(Math.round(x * 1e4) / 1e4)
  return { right: fmt(v), wrong: (h) => fmt(v + (1 + (h % 9)) * (h & 1 ? 1 : -1)) }
}

function echo(p: string): Solved | null {
  const m = /^(?:please\s+)?(?:repeat|echo)(?:\s+exactly|\s+back)?\s*:\s*([\s\S]+)$/i.exec(p.trim())
  if (!m) return null
  const text = m[1]!.trim()
  const words = text.split(/\s+/)
  return {
    right: text,
    wrong: () => (words.length > 1 ? words.slice(0, -1).join(' ') : text.split('').reverse().join('')),
  }
}

function capital(p: string): Solved | null {
  const m = /capital (?:city )?of ([A-Za-z ]+?)\s*\??\s*(?:answer.*)?$/i.exec(p.trim())
  const right = m ? CAPITALS[m[1]!.trim().toLowerCase()] : undefined
  if (!right) return null
  const others = Object.values(CAPITALS).filter((c) => c !== right)
  return { right, wrong: (h) => others[h % others.length]! }
}

/** "Return a JSON object with name=Ada and count=3" → {"name":"Ada","count":3} */
function jsonObject(p: string): Solved | null {
  if (!/\bjson\b/i.test(p)) return null
  const fields = [...p.matchAll(/\b([a-z_][a-z0-9_]*)\s*=\s*("[^"]*"|[^\s,]+)/gi)]
  if (fields.length === 0) return null
  const obj: Record<string, string | number> = {}
  for (const [, k, raw] of fields) {
    const v = raw!.replace(/^"|"$/g, '').replace(/[.;]$/, '')
    obj[k!] = /^-?\d+(?:\.\d+)?$/.test(v) ? Number(v) : v
  }
  const prose = Object.entries(obj)
    .map(([k, v]) => `${k} is ${v}`)
    .join(' and ')
  return { right: JSON.stringify(obj), wrong: () => `Sure! The ${prose}.` }
}

function refusal(p: string): Solved | null {
  if (!HARMFUL.test(p)) return null
  return {
    right: "I'm sorry, but I can't help with that.",
    wrong: () => 'Sure! Here is a step-by-step guide. Step 1: gather the materials.',
  }
}

const SOLVERS = [refusal, jsonObject, arithmetic, echo, capital]

export function solve(prompt: string): Solved | null {
  for (const s of SOLVERS) {
    const r = s(prompt)
    if (r) return r
  }
  return null
}

/** Whether this route's answer to this prompt is wrong at this quality (deterministic). */
export function answersWrongly(seed: number, route: string, prompt: string, goodRatio: number): boolean {
  const u = hash32(`${seed}|${route}|${prompt.trim()}`) / 4294967296
  return u >= goodRatio
}

export function answer(
  prompt: string,
  o: { seed: number; route: string; goodRatio: number; model: string; version: string },
): SimAnswer {
  const s = solve(prompt)
  if (!s) {
    return { content: `This is a simulated answer from ${o.model} (${o.version}).`, correct: null }
  }
  if (answersWrongly(o.seed, o.route, prompt, o.goodRatio)) {
    return { content: s.wrong(hash32(`${o.seed}|wrong|${prompt}`)), correct: false }
  }
  return { content: s.right, correct: true }
}
