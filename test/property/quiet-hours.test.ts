import fc from 'fast-check'
import t from 'tap'
import {
  intervalWindow,
  isInWindow,
  legacyWindow,
  minuteOfDay,
  normalizeInterval,
  type DailyWindow
} from '../../src/domain/quiet-hours.js'

/** Property runs per property; the brute-force ones check all 1,440 minutes of each run. */
const RUNS = 1000
const DAY = 1440

/**
 * The oracle for a daily window: walk the clock minute by minute from the start until the end,
 * collecting every minute passed (decisions.md: start == end is the whole day, end < start runs
 * past midnight, the start minute is inside and the end minute is not).
 */
function bruteForce (window: DailyWindow): boolean[] {
  const inside = Array.from({ length: DAY }, () => window.start === window.end)
  for (let m = window.start; m !== window.end && !inside[m]; m = (m + 1) % DAY) inside[m] = true
  return inside
}

const minute = fc.integer({ min: 0, max: DAY - 1 })
const windowArb = fc.record({ start: minute, end: minute })

t.test('isInWindow agrees with a minute-by-minute walk of the clock for every minute of the day', async (t) => {
  fc.assert(fc.property(windowArb, (window) => {
    const oracle = bruteForce(window)
    for (let m = 0; m < DAY; m++) {
      if (isInWindow(window, m) !== oracle[m]) return false
    }
    return true
  }), { numRuns: RUNS })
  t.pass(`${RUNS} windows × ${DAY} minutes`)
})

t.test('the edge windows: equal bounds, one minute, a full turn but one', async (t) => {
  for (const window of [{ start: 0, end: 0 }, { start: 1439, end: 1439 }, { start: 5, end: 6 }, { start: 1439, end: 0 }, { start: 0, end: 1439 }, { start: 6, end: 5 }]) {
    const oracle = bruteForce(window)
    t.strictSame(Array.from({ length: DAY }, (_, m) => isInWindow(window, m)), oracle, JSON.stringify(window))
  }
})

t.test('a legacy hour window is the window from start hour to end hour, whole hours in or out', async (t) => {
  const hour = fc.integer({ min: 0, max: 23 })
  fc.assert(fc.property(hour, hour, (sh, eh) => {
    const window = legacyWindow(sh, eh)
    if (window.start !== sh * 60 || window.end !== eh * 60) return false
    const oracle = bruteForce(window)
    for (let m = 0; m < DAY; m++) {
      const inside = isInWindow(window, m)
      // Bounds fall on the hour, so every minute of an hour shares that hour's answer.
      if (inside !== oracle[m] || inside !== isInWindow(window, m - (m % 60))) return false
    }
    return true
  }), { numRuns: 24 * 24 })
  t.pass('every pair of hours')
})

/**
 * The documented grammar, written without a regular expression: `H:M-H:M` where each part is one
 * or two ASCII digits, hours 0–23 and minutes 0–59, nothing before, after or between.
 */
function referenceParse (raw: string): [number, number, number, number] | undefined {
  const halves = raw.split('-')
  if (halves.length !== 2) return undefined
  const parts: number[] = []
  for (const half of halves) {
    const hm = half.split(':')
    if (hm.length !== 2) return undefined
    for (const p of hm) {
      if (p.length < 1 || p.length > 2 || [...p].some(c => c < '0' || c > '9')) return undefined
      parts.push(Number(p))
    }
  }
  const [h1, m1, h2, m2] = parts as [number, number, number, number]
  return h1 <= 23 && m1 <= 59 && h2 <= 23 && m2 <= 59 ? [h1, m1, h2, m2] : undefined
}

const pad = (n: number): string => String(n).padStart(2, '0')

/** Strings near the grammar: digits, separators and a few impostors (full-width digit, spaces, signs). */
const nearInterval = fc.array(fc.constantFrom('0', '1', '2', '3', '5', '9', ':', ':', '-', '-', ' ', '+', '.', '１', '٣', 'a', '\n'), { maxLength: 14 })
  .map(cs => cs.join(''))
/** Well-formed intervals, mostly in range, each part written with one or two digits where it can be. */
const hourish = fc.integer({ min: 0, max: 25 })
const minuteish = fc.integer({ min: 0, max: 61 })
const writtenInterval = fc.tuple(hourish, minuteish, hourish, minuteish,
  fc.array(fc.boolean(), { minLength: 4, maxLength: 4 })
).map(([h1, m1, h2, m2, long]) => {
  const w = (n: number, i: number): string => (long[i] === true ? pad(n) : String(n))
  return `${w(h1, 0)}:${w(m1, 1)}-${w(h2, 2)}:${w(m2, 3)}`
})
const anyInterval = fc.oneof({ arbitrary: writtenInterval, weight: 2 }, nearInterval, fc.string({ maxLength: 16 }))

t.test('normalizeInterval accepts exactly the documented grammar and keeps its numbers', async (t) => {
  let accepted = 0
  fc.assert(fc.property(anyInterval, (raw) => {
    const expected = referenceParse(raw)
    const got = normalizeInterval(raw)
    if (expected === undefined) return got === undefined
    accepted++
    const [h1, m1, h2, m2] = expected
    return got === `${pad(h1)}:${pad(m1)}-${pad(h2)}:${pad(m2)}`
  }), { numRuns: RUNS * 5 })
  // Guard against a generator that never produces a valid interval, which would prove nothing.
  t.ok(accepted > RUNS, `${accepted} of ${RUNS * 5} generated strings were valid intervals`)
})

t.test('normalizing is idempotent, and its output is the canonical HH:MM-HH:MM', async (t) => {
  fc.assert(fc.property(anyInterval, (raw) => {
    const once = normalizeInterval(raw)
    if (once === undefined) return true
    return normalizeInterval(once) === once && /^\d{2}:\d{2}-\d{2}:\d{2}$/.test(once)
  }), { numRuns: RUNS * 5 })
  t.pass()
})

t.test('every in-range interval survives normalize → window with its minutes', async (t) => {
  const h = fc.integer({ min: 0, max: 23 })
  const m = fc.integer({ min: 0, max: 59 })
  fc.assert(fc.property(h, m, h, m, (h1, m1, h2, m2) => {
    const normalized = normalizeInterval(`${h1}:${m1}-${h2}:${m2}`)
    if (normalized === undefined) return false
    const window = intervalWindow(normalized)
    // 00:00-00:00 is the SDKs' "off" (decisions.md), every other interval a window.
    if (h1 + m1 + h2 + m2 === 0) return window === undefined
    return window !== undefined && window.start === h1 * 60 + m1 && window.end === h2 * 60 + m2
  }), { numRuns: RUNS })
  t.equal(intervalWindow(''), undefined, 'the cleared interval is no window')
})

/** Zones with one fixed offset over the generated range (ms east of UTC). */
const FIXED_ZONES: Array<[string, number]> = [
  ['UTC', 0],
  ['Asia/Shanghai', 8 * 3_600_000], // no DST since 1991
  ['Asia/Kolkata', 5.5 * 3_600_000],
  ['Asia/Kathmandu', 5.75 * 3_600_000],
  ['Pacific/Honolulu', -10 * 3_600_000]
]
const epoch1992to2099 = fc.integer({ min: Date.UTC(1992, 0, 1), max: Date.UTC(2099, 11, 31) })

t.test('minuteOfDay equals the arithmetic minute of the day in fixed-offset zones', async (t) => {
  const zone = fc.constantFrom(...FIXED_ZONES)
  fc.assert(fc.property(epoch1992to2099, zone, (ms, [tz, offset]) => {
    const reference = Math.floor((((ms + offset) % 86_400_000) + 86_400_000) % 86_400_000 / 60_000)
    return minuteOfDay(ms, tz) === reference
  }), { numRuns: RUNS * 2 })
  t.pass()
})

t.test('minuteOfDay at and around local midnight is 0, never 1440', async (t) => {
  const day = fc.integer({ min: 8036, max: 47_000 }) // days since the epoch, 1992 to 2098
  const second = fc.integer({ min: -120, max: 120 })
  fc.assert(fc.property(day, second, (d, s) => {
    const midnightShanghai = d * 86_400_000 - 8 * 3_600_000
    const got = minuteOfDay(midnightShanghai + s * 1000, 'Asia/Shanghai')
    return got === (s >= 0 ? Math.floor(s / 60) : DAY + Math.floor(s / 60))
  }), { numRuns: RUNS })
  t.pass()
})

t.test('in zones with daylight saving, minuteOfDay is UTC shifted by one of the zone\'s offsets', async (t) => {
  const zones: Array<[string, number[]]> = [
    ['America/New_York', [-5, -4]],
    ['Europe/London', [0, 1]],
    ['Australia/Lord_Howe', [10.5, 11]]
  ]
  fc.assert(fc.property(epoch1992to2099, fc.constantFrom(...zones), (ms, [tz, hours]) => {
    const got = minuteOfDay(ms, tz)
    const utc = Math.floor((ms % 86_400_000) / 60_000)
    return Number.isInteger(got) && got >= 0 && got < DAY &&
      hours.some(h => (((utc + h * 60) % DAY) + DAY) % DAY === got)
  }), { numRuns: RUNS })
  t.pass()
})
