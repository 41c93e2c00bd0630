/**
 * Daily do-not-disturb windows (push doc §设置离线推送 `ignoreInterval`, §设置免打扰模式 legacy hours).
 * Minutes are minutes of the day, 0–1439, in the configured time zone.
 */
export interface DailyWindow {
  start: number
  end: number
}

const INTERVAL = /^(\d{1,2}):(\d{1,2})-(\d{1,2}):(\d{1,2})$/
const NORMALIZED = /^(?:[01]\d|2[0-3]):[0-5]\d-(?:[01]\d|2[0-3]):[0-5]\d$/

/**
 * Parses `H:M-H:M` with one- or two-digit parts (hours 0–23, minutes 0–59) and returns it
 * normalised to `HH:MM-HH:MM`, or undefined when malformed or out of range.
 */
export function normalizeInterval (raw: string): string | undefined {
  // Already `HH:MM-HH:MM` and in range, as nearly every client sends it: that is the answer.
  if (NORMALIZED.test(raw)) return raw
  const m = INTERVAL.exec(raw)
  if (m === null) return undefined
  const [h1, m1, h2, m2] = m.slice(1).map(Number) as [number, number, number, number]
  if (h1 > 23 || h2 > 23 || m1 > 59 || m2 > 59) return undefined
  const two = (n: number): string => String(n).padStart(2, '0')
  return `${two(h1)}:${two(m1)}-${two(h2)}:${two(m2)}`
}

/**
 * The window a stored (normalised) interval means, or undefined for none: `""` and `00:00-00:00`
 * are "no window" — the client SDKs send `0:0-0:0` to switch DND off (decisions.md).
 */
export function intervalWindow (normalized: string): DailyWindow | undefined {
  if (normalized === '' || normalized === '00:00-00:00') return undefined
  const [h1, m1, h2, m2] = normalized.split(/[:-]/).map(Number) as [number, number, number, number]
  return { start: h1 * 60 + m1, end: h2 * 60 + m2 }
}

/** Legacy DND hours (0–23) as a window: start hour through end hour. */
export function legacyWindow (startHour: number, endHour: number): DailyWindow {
  return { start: startHour * 60, end: endHour * 60 }
}

/**
 * Whether `minute` falls in the window. Equal bounds mean all day; an end before the start runs
 * past midnight (push doc: "若开始时间和结束时间相同，则全天免打扰 / 若结束时间早于开始时间…次日").
 * The start minute is inside, the end minute is not.
 */
export function isInWindow (window: DailyWindow, minute: number): boolean {
  const { start, end } = window
  if (start === end) return true
  if (start < end) return minute >= start && minute < end
  return minute >= start || minute < end
}

/**
 * Minute of the day of `epochMs` in `timeZone`. Each call makes its own `Intl.DateTimeFormat`, so a
 * caller asking for many recipients at one instant (services/delivery.ts) asks once.
 */
export function minuteOfDay (epochMs: number, timeZone: string): number {
  const formatter = new Intl.DateTimeFormat('en-US', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
  const parts = formatter.formatToParts(new Date(epochMs))
  const hour = Number(parts.find(p => p.type === 'hour')?.value) % 24
  const minute = Number(parts.find(p => p.type === 'minute')?.value)
  return hour * 60 + minute
}
