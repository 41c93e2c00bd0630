/**
 * Token lifetimes (decisions.md §Identity): `ttl` in seconds, from the request or the configured
 * default; `0` never expires.
 */

/** The stored expiry of a token issued at `now` for `ttl` seconds; null when it never expires. */
export function tokenExpiry (now: number, ttl: number): number | null {
  return ttl === 0 ? null : now + ttl * 1000
}
