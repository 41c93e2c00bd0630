import { isActive } from './expiry.js'
import { intervalWindow, legacyWindow, minuteOfDay, type DailyWindow } from './quiet-hours.js'

/**
 * A user's day as the do-not-disturb rules see it (decisions.md "Delivery simulation"): the daily
 * windows as stretches of the 24-hour day, where "now" falls, and the one-shot ignoreDuration.
 */

/** A stretch of the day in minutes, `from` inclusive, `to` exclusive (0–1440). */
export interface Stretch { from: number, to: number }

export interface DayWindow {
  source: 'ignoreInterval' | 'legacy hours' | 'ignoreDuration'
  start: number
  end: number
  stretches: Stretch[]
}

export interface DndDay {
  timeZone: string
  now: number
  /** Minute of the day of `now` in `timeZone`. */
  minute: number
  windows: DayWindow[]
  /** ignoreDuration's expiry, while it runs, and the time left on it. */
  ignoreUntil: number | null
  remainingMs: number
}

/** Where a window falls on one day: equal bounds are all day, an end before the start wraps past midnight. */
export function stretchesOf (w: DailyWindow): Stretch[] {
  if (w.start === w.end) return [{ from: 0, to: 1440 }]
  if (w.start < w.end) return [{ from: w.start, to: w.end }]
  return [{ from: w.start, to: 1440 }, ...(w.end === 0 ? [] : [{ from: 0, to: w.end }])]
}

export interface DndInputs {
  /** The app-wide setting's stored interval and expiry. */
  interval: string | null
  until: number | null
  legacy: { on: boolean | null, start: number | null, end: number | null }
}

/** The picture of one user's do-not-disturb day at `now` in `timeZone`. */
export function dndDay (input: DndInputs, now: number, timeZone: string): DndDay {
  const windows: DayWindow[] = []
  const interval = input.interval === null ? undefined : intervalWindow(input.interval)
  if (interval !== undefined) windows.push({ source: 'ignoreInterval', ...interval, stretches: stretchesOf(interval) })
  const { on, start, end } = input.legacy
  if (on === true && start !== null && end !== null) {
    const w = legacyWindow(start, end)
    windows.push({ source: 'legacy hours', ...w, stretches: stretchesOf(w) })
  }
  const running = isActive(input.until, now)
  const minute = minuteOfDay(now, timeZone)
  if (running) {
    // The one-shot window runs from now; past midnight it goes on at the start of the bar, and
    // a day or more of it covers the whole bar.
    const end = minute + Math.ceil(((input.until as number) - now) / 60_000)
    const stretches = end >= minute + 1440 ? [{ from: 0, to: 1440 }] : end <= 1440 ? [{ from: minute, to: end }] : [{ from: minute, to: 1440 }, { from: 0, to: end - 1440 }]
    windows.push({ source: 'ignoreDuration', start: minute, end: end % 1440, stretches })
  }
  return {
    timeZone,
    now,
    minute,
    windows,
    ignoreUntil: running ? input.until : null,
    remainingMs: running ? (input.until as number) - now : 0
  }
}
