/** Epoch ms from a number, a string of digits, or an ISO-8601 time; undefined if none of those. */
export function parseInstant (value: number | string): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? value : undefined
  if (/^\d+$/.test(value)) return parseInstant(Number(value))
  if (!/^\d{4}-\d{2}-\d{2}/.test(value)) return undefined
  const ms = Date.parse(value)
  return Number.isNaN(ms) ? undefined : ms
}
