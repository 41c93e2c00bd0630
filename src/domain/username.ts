/**
 * Username rules of the newest vendor pages (easemob-reference.md §4.2): 1–64 bytes of
 * `a-z 0-9 _ - .`; upper case is folded to lower case on write and on lookup.
 */
export const USERNAME_MAX_BYTES = 64

const USERNAME_CHARS = /^[a-z0-9_.-]+$/

export type UsernameCheck =
  | { ok: true, username: string }
  | { ok: false, reason: 'illegal' | 'too_long' }

/** Folds case and checks a username. */
export function normalizeUsername (raw: string): UsernameCheck {
  const username = raw.toLowerCase()
  if (!USERNAME_CHARS.test(username)) return { ok: false, reason: 'illegal' }
  // Past the pattern every character is ASCII, one byte each.
  if (username.length > USERNAME_MAX_BYTES) return { ok: false, reason: 'too_long' }
  return { ok: true, username }
}
