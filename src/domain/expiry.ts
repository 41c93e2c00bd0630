/**
 * `ignoreDuration` is sent as a duration in ms (0–604800000) and answered as the absolute expiry
 * `now + duration` (push doc example: 86400000 sent, 1647590149924 returned at 1647503749918).
 * It fires once: past the expiry it reads back as 0.
 */
export const MAX_IGNORE_DURATION_MS = 604_800_000

/** The stored expiry for a duration sent at `now`; undefined for 0, which clears it. */
export function ignoreUntil (now: number, durationMs: number): number | undefined {
  return durationMs === 0 ? undefined : now + durationMs
}

/** Whether a stored expiry is still running at `now`. */
export function isActive (until: number | null | undefined, now: number): until is number {
  return until !== null && until !== undefined && now < until
}

/** What GET answers for a stored expiry: the expiry while running, else 0. */
export function visibleExpiry (until: number | null | undefined, now: number): number {
  return isActive(until, now) ? until : 0
}
