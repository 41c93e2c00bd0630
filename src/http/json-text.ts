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
