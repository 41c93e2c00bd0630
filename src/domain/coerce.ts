/**
 * The vendor's SDKs and curl examples send numbers and booleans as strings (`"1"`, `"true"`);
 * the server stores and answers real numbers and booleans (easemob-reference.md §1.5, §1.6).
 */

/** An integer from a number or a string of digits; undefined if it is neither. */
export function toInteger (value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : undefined
  if (typeof value === 'string' && /^-?\d{1,15}$/.test(value.trim())) return Number(value.trim())
  return undefined
}

/** A boolean from true/false, "true"/"false" or 0/1 (number or string); undefined otherwise. */
export function toBoolean (value: unknown): boolean | undefined {
  if (value === true || value === 'true' || value === 1 || value === '1') return true
  if (value === false || value === 'false' || value === 0 || value === '0') return false
  return undefined
}

/** `""` clears an optional text field (nickname, language, template): it is stored as null. */
export function emptyToNull (value: string): string | null {
  return value === '' ? null : value
}
