import { visibleExpiry } from './expiry.js'

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
