import t from 'tap'
import { ignoreUntil, isActive, MAX_IGNORE_DURATION_MS, visibleExpiry } from '../../src/domain/expiry.js'

const NOW = 1647503749918

t.test('a zero duration clears the expiry', async (t) => {
  t.equal(ignoreUntil(NOW, 0), undefined)
})

t.test('a non-zero duration becomes the absolute time now + duration', async (t) => {
  const cases: Array<[number, number]> = [
    [1, NOW + 1],
    [86_400_000, 1647590149918], // the push doc's one-day example, at the doc's own timestamp
    [MAX_IGNORE_DURATION_MS, NOW + 604_800_000]
  ]
  for (const [duration, expected] of cases) {
    t.equal(ignoreUntil(NOW, duration), expected, `duration ${duration}`)
  }
})

t.test('the longest accepted duration is seven days', async (t) => {
  t.equal(MAX_IGNORE_DURATION_MS, 7 * 24 * 60 * 60 * 1000)
})

t.test('an expiry is active strictly before its instant', async (t) => {
  const until = NOW + 1000
  const cases: Array<[number | null | undefined, number, boolean]> = [
    [until, until - 1, true],
    [until, until, false],
    [until, until + 1, false],
    [until, 0, true],
    [null, NOW, false],
    [undefined, NOW, false],
    [0, -1, true], // 0 is a real instant, not "unset"
    [0, 0, false]
  ]
  for (const [stored, now, expected] of cases) {
    t.equal(isActive(stored, now), expected, `until ${String(stored)} at ${now}`)
  }
})

t.test('GET shows the expiry while it runs and 0 afterwards or when unset', async (t) => {
  const until = NOW + 1000
  const cases: Array<[number | null | undefined, number, number]> = [
    [until, until - 1, until],
    [until, until, 0],
    [until, until + 1, 0],
    [null, NOW, 0],
    [undefined, NOW, 0]
  ]
  for (const [stored, now, expected] of cases) {
    t.equal(visibleExpiry(stored, now), expected, `until ${String(stored)} at ${now}`)
  }
})

t.test('a duration set now reads back until it elapses', async (t) => {
  const until = ignoreUntil(NOW, 86_400_000)
  t.equal(visibleExpiry(until, NOW), NOW + 86_400_000)
  t.equal(visibleExpiry(until, NOW + 86_399_999), NOW + 86_400_000)
  t.equal(visibleExpiry(until, NOW + 86_400_000), 0)
  t.equal(visibleExpiry(ignoreUntil(NOW, 0), NOW), 0)
})
