import { toInteger } from './coerce.js'
import { ignoreUntil, MAX_IGNORE_DURATION_MS, visibleExpiry } from './expiry.js'
import { normalizeInterval } from './quiet-hours.js'

/** `type` values of push doc §设置离线推送. */
export const NOTIFICATION_TYPES = ['DEFAULT', 'ALL', 'AT', 'NONE'] as const
export type NotificationType = typeof NOTIFICATION_TYPES[number]

export const CHAT_TYPES = ['user', 'chatgroup'] as const

export function isNotificationType (value: string): value is NotificationType {
  return (NOTIFICATION_TYPES as readonly string[]).includes(value)
}

export interface StoredSetting {
  type: string | null
  ignore_interval: string | null
  ignore_until: number | null
}

export interface SettingView {
  type: string
  ignoreDuration: number
  ignoreInterval: string
}

/**
 * What GET answers for a stored setting (or none). Never set: a conversation reads `DEFAULT`,
 * the app-wide setting `ALL` (decisions.md); a past expiry reads 0.
 */
export function viewSetting (row: StoredSetting | undefined, appWide: boolean, now: number): SettingView {
  return {
    type: row?.type ?? (appWide ? 'ALL' : 'DEFAULT'),
    ignoreDuration: visibleExpiry(row?.ignore_until, now),
    ignoreInterval: row?.ignore_interval ?? ''
  }
}

/**
 * The key a setting path names, as stored: user ids are case-insensitive, group ids are not.
 * Undefined when the path names no setting (an unknown `chattype`, an empty key): the vendor
 * answers those as an unknown URL.
 */
export function settingKey (chattype: string, key: string): string | undefined {
  if (!(CHAT_TYPES as readonly string[]).includes(chattype) || key === '') return undefined
  return chattype === 'user' ? key.toLowerCase() : key
}

/** `chattype=user` with the user's own name as the key is the user's app-wide setting. */
export function isAppWide (chattype: string, key: string, username: string): boolean {
  return chattype === 'user' && key === username
}

/** What a setting `PUT` body asks for, field by field; `undefined` keeps the stored value. */
export interface SettingPatch {
  type: string | undefined
  ignore_interval: string | null | undefined
  ignore_until: number | null | undefined
}

/** A setting `PUT` body as the schema lets it through. */
export interface SettingBody {
  type?: string
  ignoreInterval?: string
  ignoreDuration?: number | string
}

export type PatchResult = { ok: true, patch: SettingPatch } | { ok: false, field: 'type' | 'ignoreInterval' | 'ignoreDuration' }

/**
 * Reads a setting `PUT` body sent at `now`, checking its fields in the order the vendor reports
 * them: `type` one of the four (but `DEFAULT`, "follow the app-wide setting", not on the app-wide
 * setting itself), `ignoreInterval` a window or `""` to clear it, `ignoreDuration` ms in
 * [0, 604800000] (number or digits), stored as the absolute expiry, `0` clearing it.
 */
export function readSettingPatch (body: SettingBody, appWide: boolean, now: number): PatchResult {
  const patch: SettingPatch = { type: undefined, ignore_interval: undefined, ignore_until: undefined }
  if (body.type !== undefined) {
    if (!isNotificationType(body.type) || (appWide && body.type === 'DEFAULT')) return { ok: false, field: 'type' }
    patch.type = body.type
  }
  if (body.ignoreInterval !== undefined) {
    const normal = body.ignoreInterval === '' ? '' : normalizeInterval(body.ignoreInterval)
    if (normal === undefined) return { ok: false, field: 'ignoreInterval' }
    patch.ignore_interval = normal === '' ? null : normal
  }
  if (body.ignoreDuration !== undefined) {
    const ms = toInteger(body.ignoreDuration)
    if (ms === undefined || ms < 0 || ms > MAX_IGNORE_DURATION_MS) return { ok: false, field: 'ignoreDuration' }
    patch.ignore_until = ignoreUntil(now, ms) ?? null
  }
  return { ok: true, patch }
}

/** Whether a patch sets every field, so that the stored setting can't show through. */
export function isCompletePatch (patch: SettingPatch): boolean {
  return patch.type !== undefined && patch.ignore_interval !== undefined && patch.ignore_until !== undefined
}

/** A `PUT` merges: each field the body leaves out keeps its stored value (decisions.md). */
export function mergeSetting (stored: StoredSetting | undefined, patch: SettingPatch): StoredSetting {
  return {
    type: patch.type === undefined ? stored?.type ?? null : patch.type,
    ignore_interval: patch.ignore_interval === undefined ? stored?.ignore_interval ?? null : patch.ignore_interval,
    ignore_until: patch.ignore_until === undefined ? stored?.ignore_until ?? null : patch.ignore_until
  }
}
