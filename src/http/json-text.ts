// eslint-disable-next-line no-control-regex -- control characters are exactly what JSON must escape
const NEEDS_ESCAPE = /[\u0000-\u001f"\\\ud800-\udfff]/

/**
 * A string as it stands between the quotes of a JSON string, for the hand-built texts (the request
 * log line, logger.ts; the setting envelope, envelope.ts): almost always the string itself. Only a
 * string that needs an escape goes to `JSON.stringify`; a short one is checked by a loop, a longer
 * one by one pattern test.
 */
export function jsonInner (s: string): string {
  if (s.length > 24) return NEEDS_ESCAPE.test(s) ? JSON.stringify(s).slice(1, -1) : s
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return JSON.stringify(s).slice(1, -1)
  }
  return s
}

/**
 * A number as JSON text, for the hand-built texts' epoch milliseconds (a timestamp, an expiry, the
 * log line's time). `${n}` keeps each number it writes in V8's number-to-string cache, which
 * lives in the old generation, so every new timestamp or expiry became old-generation garbage:
 * ≈ 0.75 MB/s under mixed load on Node 20.20, ≈ 0.3 MB/s on Node 24.22 (docs/performance.md).
 * `toFixed(0)` writes the same digits for an integer and keeps nothing.
 */
export function numberText (n: number): string {
  return Number.isSafeInteger(n) ? n.toFixed(0) : String(n)
}
