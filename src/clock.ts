import { performance } from 'node:perf_hooks'

/**
 * The emulator's one source of time. Nothing else reads the system clock: every timestamp, expiry
 * and daily window follows this, so tests can freeze, set and advance time instead of sleeping.
 */
export interface Clock {
  /** Current time in epoch milliseconds. */
  now(): number
  /** Freeze time at `at` (epoch ms). */
  set(at: number): void
  /** Move time forward by `ms` (freezes it if it was running). */
  advance(ms: number): void
  /** Return to the system clock. */
  real(): void
  /** Whether time is frozen. */
  readonly frozen: boolean
}

/** The system clock: the only call of `Date.now()` in the code base. */
export const systemTime = (): number => Date.now()

/**
 * Milliseconds on the process's monotonic timer, for durations only (how long a request took):
 * never a timestamp, and no clock setting moves it.
 */
export const monotonic = (): number => performance.now()

/** A controllable clock over a source of real time (the system clock unless a test passes one). */
export function createClock (source: () => number = systemTime): Clock {
  let frozenAt: number | undefined
  return {
    now: () => frozenAt ?? source(),
    set (at) { frozenAt = at },
    advance (ms) { frozenAt = (frozenAt ?? source()) + ms },
    real () { frozenAt = undefined },
    get frozen () { return frozenAt !== undefined }
  }
}
