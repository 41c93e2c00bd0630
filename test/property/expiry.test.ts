import fc from 'fast-check'
import t from 'tap'
import { ignoreUntil, isActive, MAX_IGNORE_DURATION_MS, visibleExpiry } from '../../src/domain/expiry.js'

const RUNS = 1000
/** Emulator clocks from the epoch to the year 3000. */
const now = fc.integer({ min: 0, max: 32_503_680_000_000 })
const duration = fc.integer({ min: 0, max: MAX_IGNORE_DURATION_MS })
const offset = fc.integer({ min: -2 * MAX_IGNORE_DURATION_MS, max: 2 * MAX_IGNORE_DURATION_MS })

t.test('a duration sent at now is stored as now + duration, and 0 stores nothing', async (t) => {
  fc.assert(fc.property(now, duration, (n, d) => {
    const until = ignoreUntil(n, d)
    return d === 0 ? until === undefined : until === n + d
  }), { numRuns: RUNS })
  t.pass()
})

t.test('a stored duration is active exactly from when it was sent until (not including) its expiry', async (t) => {
  fc.assert(fc.property(now, duration, offset, (n, d, dt) => {
    const until = ignoreUntil(n, d)
    const at = n + dt
    // The oracle: active iff something was stored and the clock has not reached the expiry.
    return isActive(until, at) === (d > 0 && at < n + d)
  }), { numRuns: RUNS })
  t.pass()
})

t.test('once expired, a duration stays expired at every later instant', async (t) => {
  fc.assert(fc.property(now, duration, fc.nat({ max: 10 * MAX_IGNORE_DURATION_MS }), (n, d, later) => {
    const until = ignoreUntil(n, d)
    const expiredAt = n + d
    return !isActive(until, expiredAt) && !isActive(until, expiredAt + later)
  }), { numRuns: RUNS })
  t.pass()
})

t.test('GET shows the expiry while it runs and 0 after, never anything else', async (t) => {
  const stored = fc.oneof(fc.constant(null), fc.constant(undefined), now)
  fc.assert(fc.property(stored, now, (until, at) => {
    const shown = visibleExpiry(until, at)
    if (until === null || until === undefined) return shown === 0
    return shown === (at < until ? until : 0)
  }), { numRuns: RUNS })
  t.pass()
})
