import t from 'tap'
import { dndDay, stretchesOf, type DndInputs } from '../../src/domain/dnd-day.js'

const noLegacy = { on: null, start: null, end: null }
// 2026-03-18 15:10 UTC is 23:10 in Shanghai (minute 1390).
const NOW = Date.UTC(2026, 2, 18, 15, 10)
const input = (over: Partial<DndInputs>): DndInputs => ({ interval: null, until: null, legacy: noLegacy, ...over })

t.test('stretchesOf: a window as stretches of one day', async (t) => {
  const cases: Array<[number, number, Array<{ from: number, to: number }>, string]> = [
    [60, 120, [{ from: 60, to: 120 }], 'same day'],
    [1320, 450, [{ from: 1320, to: 1440 }, { from: 0, to: 450 }], 'past midnight'],
    [1320, 0, [{ from: 1320, to: 1440 }], 'up to midnight'],
    [480, 480, [{ from: 0, to: 1440 }], 'equal bounds: all day']
  ]
  for (const [start, end, expected, name] of cases) t.strictSame(stretchesOf({ start, end }), expected, name)
})

t.test('dndDay: the windows, now and ignoreDuration of one user', async (t) => {
  const none = dndDay(input({}), NOW, 'Asia/Shanghai')
  t.strictSame(none, { timeZone: 'Asia/Shanghai', now: NOW, minute: 1390, windows: [], ignoreUntil: null, remainingMs: 0 }, 'nothing set')
  t.strictSame(dndDay(input({ interval: '00:00-00:00' }), NOW, 'Asia/Shanghai').windows, [], '00:00-00:00 is no window')
  t.equal(dndDay(input({}), NOW, 'UTC').minute, 910, 'the minute is in the given time zone')

  const both = dndDay(input({ interval: '22:00-07:30', legacy: { on: true, start: 9, end: 9 } }), NOW, 'Asia/Shanghai')
  t.strictSame(both.windows, [
    { source: 'ignoreInterval', start: 1320, end: 450, stretches: [{ from: 1320, to: 1440 }, { from: 0, to: 450 }] },
    { source: 'legacy hours', start: 540, end: 540, stretches: [{ from: 0, to: 1440 }] }
  ])
  t.strictSame(dndDay(input({ legacy: { on: false, start: 1, end: 2 } }), NOW, 'UTC').windows, [], 'legacy hours switched off')
  t.strictSame(dndDay(input({ legacy: { on: true, start: null, end: 2 } }), NOW, 'UTC').windows, [], 'legacy hours half set')

  const short = dndDay(input({ until: NOW + 30 * 60_000 }), NOW, 'Asia/Shanghai')
  t.equal(short.ignoreUntil, NOW + 30 * 60_000)
  t.equal(short.remainingMs, 30 * 60_000)
  t.strictSame(short.windows, [{ source: 'ignoreDuration', start: 1390, end: 1420, stretches: [{ from: 1390, to: 1420 }] }], 'within the day')
  t.strictSame(dndDay(input({ until: NOW + 2 * 3_600_000 }), NOW, 'Asia/Shanghai').windows[0]?.stretches,
    [{ from: 1390, to: 1440 }, { from: 0, to: 70 }], 'past midnight it goes on at the start of the bar')
  t.strictSame(dndDay(input({ until: NOW + 86_400_000 }), NOW, 'Asia/Shanghai').windows[0]?.stretches, [{ from: 0, to: 1440 }], 'a day or more covers the bar')
  const over = dndDay(input({ until: NOW }), NOW, 'Asia/Shanghai')
  t.equal(over.ignoreUntil, null, 'an expiry at now has run out')
  t.equal(over.remainingMs, 0)
  t.strictSame(over.windows, [])
})
