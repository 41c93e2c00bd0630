// eslint-disable-next-line no-control-regex -- control characters are exactly what JSON must escape
const NEEDS_ESCAPE = /[\u0000-\u001f"\\\ud800-\udfff]/

/**
 * A string as JSON text, for the few hand-built JSON lines on the hot path (the request log line,
 * the setting envelope). On this V8 `JSON.stringify` costs ≈ 1,300 instructions a call even on a
 * three-letter string, and almost no string here needs an escape: a short one is checked by a
 * loop, a longer one by one pattern test, and only one that needs escaping goes to `JSON.stringify`.
 */
export function jsonString (s: string): string {
  if (s.length > 24) return NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : `"${s}"`
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return JSON.stringify(s)
  }
  return `"${s}"`
}
