import t from 'tap'
import {
  intervalWindow,
  isInWindow,
  legacyWindow,
  minuteOfDay,
  normalizeInterval,
  type DailyWindow
} from '../../src/domain/quiet-hours.js'

const at = (h: number, m: number): number => h * 60 + m

t.test('a window with start before end covers start up to, not including, end', async (t) => {
  const window: DailyWindow = { start: at(8, 30), end: at(21, 15) }
  const cases: Array<[number, boolean]> = [
    [0, false],
    [at(8, 29), false], // start - 1
    [at(8, 30), true], // start
    [at(12, 0), true],
    [at(21, 14), true], // end - 1
    [at(21, 15), false], // end
    [1439, false]
  ]
  for (const [minute, expected] of cases) {
    t.equal(isInWindow(window, minute), expected, `minute ${minute}`)
  }
})

t.test('a window with end before start runs past midnight', async (t) => {
  const window: DailyWindow = { start: at(22, 0), end: at(7, 0) }
  const cases: Array<[number, boolean]> = [
    [0, true],
    [at(6, 59), true], // end - 1
    [at(7, 0), false], // end
    [at(12, 0), false],
    [at(21, 59), false], // start - 1
    [at(22, 0), true], // start
    [1439, true]
  ]
  for (const [minute, expected] of cases) {
    t.equal(isInWindow(window, minute), expected, `minute ${minute}`)
  }
})

t.test('equal start and end mean quiet all day', async (t) => {
  for (const bound of [0, at(9, 0), 1439]) {
    const window: DailyWindow = { start: bound, end: bound }
    for (const minute of [0, bound - 1, bound, bound + 1, 1439]) {
      if (minute < 0 || minute > 1439) continue
      t.equal(isInWindow(window, minute), true, `window ${bound}-${bound} at ${minute}`)
    }
  }
})

t.test('a window starting at midnight and one ending at the last minute keep their boundaries', async (t) => {
  const cases: Array<[DailyWindow, number, boolean]> = [
    [{ start: 0, end: at(6, 0) }, 0, true],
    [{ start: 0, end: at(6, 0) }, at(5, 59), true],
    [{ start: 0, end: at(6, 0) }, at(6, 0), false],
    [{ start: 0, end: at(6, 0) }, 1439, false],
    [{ start: at(18, 0), end: 1439 }, at(17, 59), false],
    [{ start: at(18, 0), end: 1439 }, at(18, 0), true],
    [{ start: at(18, 0), end: 1439 }, 1438, true],
    [{ start: at(18, 0), end: 1439 }, 1439, false],
    [{ start: at(18, 0), end: 1439 }, 0, false],
    [{ start: 1439, end: 0 }, 1439, true],
    [{ start: 1439, end: 0 }, 0, false],
    [{ start: 1439, end: 0 }, 1438, false],
    [{ start: 1, end: 0 }, 0, false],
    [{ start: 1, end: 0 }, 1, true],
    [{ start: 1, end: 0 }, 1439, true]
  ]
  for (const [window, minute, expected] of cases) {
    t.equal(isInWindow(window, minute), expected, `${window.start}-${window.end} at ${minute}`)
  }
})

t.test('normalizeInterval pads one- or two-digit parts to HH:MM-HH:MM', async (t) => {
  const cases: Array<[string, string]> = [
    ['08:30-21:15', '08:30-21:15'],
    ['8:30-21:15', '08:30-21:15'],
    ['8:5-9:7', '08:05-09:07'],
    ['0:0-0:0', '00:00-00:00'],
    ['00:00-00:00', '00:00-00:00'],
    ['23:59-0:0', '23:59-00:00'],
    ['22:00-07:00', '22:00-07:00'],
    ['09:00-09:00', '09:00-09:00']
  ]
  for (const [raw, expected] of cases) {
    t.equal(normalizeInterval(raw), expected, raw)
  }
})

t.test('normalizeInterval rejects out-of-range values, garbage and missing parts', async (t) => {
  const cases = [
    '24:00-08:00', // hour 24
    '08:00-24:00',
    '08:60-09:00', // minute 60
    '08:00-09:60',
    '99:99-99:99',
    '',
    'abc',
    '08:00',
    '08:00-',
    '-08:00',
    '08-09',
    '08:00-09',
    ':00-09:00',
    '08:-09:00',
    '008:00-09:00', // three digits
    '08:000-09:00',
    '08:00-09:00-10:00',
    '08:00 - 09:00',
    ' 08:00-09:00',
    '08:00-09:00 ',
    '08.00-09.00',
    '-1:00-09:00',
    'a8:00-09:00'
  ]
  for (const raw of cases) {
    t.equal(normalizeInterval(raw), undefined, JSON.stringify(raw))
  }
})

t.test('intervalWindow reads a normalised interval as minutes of the day', async (t) => {
  const cases: Array<[string, DailyWindow]> = [
    ['08:30-21:15', { start: 510, end: 1275 }],
    ['22:00-07:00', { start: 1320, end: 420 }],
    ['00:00-23:59', { start: 0, end: 1439 }],
    ['23:59-00:00', { start: 1439, end: 0 }],
    ['09:00-09:00', { start: 540, end: 540 }],
    ['00:01-00:01', { start: 1, end: 1 }]
  ]
  for (const [interval, expected] of cases) {
    t.strictSame(intervalWindow(interval), expected, interval)
  }
})

t.test('an empty interval and 00:00-00:00 mean no window', async (t) => {
  t.equal(intervalWindow(''), undefined)
  t.equal(intervalWindow('00:00-00:00'), undefined)
  // the SDK's switch-off value normalises to the same "no window"
  t.equal(intervalWindow(normalizeInterval('0:0-0:0') as string), undefined)
})

t.test('a parsed interval and isInWindow agree at the boundary minutes', async (t) => {
  const window = intervalWindow(normalizeInterval('8:30-21:15') as string) as DailyWindow
  const cases: Array<[number, boolean]> = [
    [0, false], [509, false], [510, true], [1274, true], [1275, false], [1439, false]
  ]
  for (const [minute, expected] of cases) {
    t.equal(isInWindow(window, minute), expected, `minute ${minute}`)
  }
})

t.test('legacyWindow turns hour bounds into a window from start hour to end hour', async (t) => {
  const cases: Array<[number, number, DailyWindow]> = [
    [0, 0, { start: 0, end: 0 }],
    [8, 20, { start: 480, end: 1200 }],
    [22, 7, { start: 1320, end: 420 }],
    [23, 23, { start: 1380, end: 1380 }],
    [0, 23, { start: 0, end: 1380 }]
  ]
  for (const [startHour, endHour, expected] of cases) {
    t.strictSame(legacyWindow(startHour, endHour), expected, `${startHour}-${endHour}`)
  }
})

t.test('legacy hours follow the same inclusion rules', async (t) => {
  const cases: Array<[number, number, number, boolean]> = [
    [22, 7, at(21, 59), false],
    [22, 7, at(22, 0), true],
    [22, 7, 0, true],
    [22, 7, at(6, 59), true],
    [22, 7, at(7, 0), false],
    [22, 7, 1439, true],
    [8, 20, at(7, 59), false],
    [8, 20, at(8, 0), true],
    [8, 20, at(19, 59), true],
    [8, 20, at(20, 0), false],
    [9, 9, 0, true],
    [9, 9, 1439, true]
  ]
  for (const [startHour, endHour, minute, expected] of cases) {
    t.equal(isInWindow(legacyWindow(startHour, endHour), minute), expected, `${startHour}-${endHour} at ${minute}`)
  }
})

t.test('minuteOfDay in Asia/Shanghai is UTC plus eight hours', async (t) => {
  const cases: Array<[number, number]> = [
    [1647503749918, 955], // 2022-03-17T07:55:49.918Z = 15:55 in Shanghai (push doc timestamp)
    [Date.UTC(2026, 0, 1, 16, 0), 0], // 00:00 on 2 January
    [Date.UTC(2026, 0, 1, 15, 59, 59, 999), 1439], // seconds never round up
    [Date.UTC(2026, 0, 1, 16, 1), 1],
    [Date.UTC(2026, 6, 1, 0, 0), 480], // summer: still +8, no DST
    [Date.UTC(2026, 0, 1, 0, 0), 480],
    [0, 480] // the epoch
  ]
  for (const [epochMs, expected] of cases) {
    t.equal(minuteOfDay(epochMs, 'Asia/Shanghai'), expected, new Date(epochMs).toISOString())
  }
})

t.test('minuteOfDay in America/New_York follows the 2026 DST switches', async (t) => {
  const cases: Array<[number, number, string]> = [
    [Date.UTC(2026, 2, 7, 12, 0), 7 * 60, 'day before spring forward, EST (UTC-5)'],
    [Date.UTC(2026, 2, 8, 5, 0), 0, 'midnight EST'],
    [Date.UTC(2026, 2, 8, 6, 59), 1 * 60 + 59, 'last minute of EST'],
    [Date.UTC(2026, 2, 8, 7, 0), 3 * 60, 'first minute of EDT: 02:00 is skipped'],
    [Date.UTC(2026, 2, 8, 12, 0), 8 * 60, 'after spring forward, EDT (UTC-4)'],
    [Date.UTC(2026, 10, 1, 4, 0), 0, 'midnight EDT on fall-back day'],
    [Date.UTC(2026, 10, 1, 5, 30), 90, 'first 01:30 (EDT)'],
    [Date.UTC(2026, 10, 1, 5, 59), 119, 'last minute of EDT'],
    [Date.UTC(2026, 10, 1, 6, 0), 60, 'first minute of EST: 01:00 again'],
    [Date.UTC(2026, 10, 1, 6, 30), 90, 'second 01:30 (EST)'],
    [Date.UTC(2026, 10, 1, 12, 0), 7 * 60, 'after fall back, EST (UTC-5)'],
    [Date.UTC(2026, 10, 2, 4, 59), 23 * 60 + 59, 'last minute of 1 November, EST']
  ]
  for (const [epochMs, expected, why] of cases) {
    t.equal(minuteOfDay(epochMs, 'America/New_York'), expected, why)
  }
})

t.test('minuteOfDay in Europe/London follows the 2026 DST switches', async (t) => {
  const cases: Array<[number, number, string]> = [
    [Date.UTC(2026, 2, 29, 0, 59), 59, 'last minute of GMT'],
    [Date.UTC(2026, 2, 29, 1, 0), 2 * 60, 'first minute of BST: 01:00 is skipped'],
    [Date.UTC(2026, 5, 30, 23, 30), 30, 'summer: UTC 23:30 is 00:30 the next day'],
    [Date.UTC(2026, 9, 25, 0, 30), 90, 'first 01:30 (BST)'],
    [Date.UTC(2026, 9, 25, 1, 30), 90, 'second 01:30 (GMT)'],
    [Date.UTC(2026, 9, 25, 23, 30), 23 * 60 + 30, 'winter: GMT equals UTC']
  ]
  for (const [epochMs, expected, why] of cases) {
    t.equal(minuteOfDay(epochMs, 'Europe/London'), expected, why)
  }
})

t.test('minuteOfDay handles UTC and fractional-hour offsets', async (t) => {
  const instant = Date.UTC(2026, 3, 15, 20, 10)
  const cases: Array<[string, number]> = [
    ['UTC', 20 * 60 + 10],
    ['Asia/Kolkata', (20 * 60 + 10 + 330) % 1440], // UTC+5:30 → 01:40
    ['Asia/Kathmandu', (20 * 60 + 10 + 345) % 1440], // UTC+5:45 → 01:55
    ['America/Los_Angeles', 20 * 60 + 10 - 7 * 60] // PDT, UTC-7 → 13:10
  ]
  for (const [zone, expected] of cases) {
    t.equal(minuteOfDay(instant, zone), expected, zone)
  }
})

t.test('minuteOfDay gives the same answer when a zone is asked twice', async (t) => {
  const instant = Date.UTC(2026, 0, 1, 0, 0)
  t.equal(minuteOfDay(instant, 'Asia/Tokyo'), 9 * 60)
  t.equal(minuteOfDay(instant + 60_000, 'Asia/Tokyo'), 9 * 60 + 1)
  t.equal(minuteOfDay(instant, 'Europe/Berlin'), 60)
})
