// eslint-disable-next-line no-control-regex -- control characters are exactly what JSON must escape
const NEEDS_ESCAPE = /[\u0000-\u001f"\\\ud800-\udfff]/

/** The last long string found to need no escape: a request's URL is quoted for its answer and its log line. */
let lastPlain = ''

/**
 * A string as it stands between the quotes of a JSON string, for the few hand-built JSON texts on
 * the hot path (the request log line, the setting envelope): almost always the string itself. On
 * this V8 `JSON.stringify` costs ≈ 1,300 instructions a call even on a three-letter string, and
 * almost no string here needs an escape: a short one is checked by a loop, a longer one by one
 * pattern test (remembered for the next call with the same string), and only one that needs
 * escaping goes to `JSON.stringify`. Returning the string itself lets callers write the quotes into
 * their own text, two concatenations fewer a string.
 */
export function jsonInner (s: string): string {
  if (s.length > 24) {
    if (s === lastPlain) return s
    if (NEEDS_ESCAPE.test(s)) return JSON.stringify(s).slice(1, -1)
    lastPlain = s
    return s
  }
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return JSON.stringify(s).slice(1, -1)
  }
  return s
}

/** A string as JSON text, quotes included. */
export function jsonString (s: string): string {
  return `"${jsonInner(s)}"`
}

/** '000' to '999'. */
const THREE_DIGITS = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'))

/**
 * `String(ms)` for an instant in epoch milliseconds. Today's instants are past 2^31, so V8 holds
 * them as doubles and converts each new one by its general double-to-text path (≈ 1,500
 * instructions; the request log and the setting envelope write one each a request). Whole seconds
 * (a small integer, whose text V8 caches) and a table of three digits do the same in far fewer.
 * Up to 10^15 the division can't round up to the next second; any other number takes the general
 * path.
 */
export function epochText (ms: number): string {
  if (!(ms >= 1000 && ms < 1e15 && Number.isInteger(ms))) return String(ms)
  const seconds = Math.floor(ms / 1000)
  return `${seconds}${THREE_DIGITS[ms - seconds * 1000]!}`
}
