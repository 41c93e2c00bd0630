import type { PushRepo } from '../db/repositories/push-repo.js'
import {
  isAppWide, isCompletePatch, mergeSetting, readSettingPatch, settingKey, viewSetting,
  type SettingBody, type SettingView
} from '../domain/notification-setting.js'
import { check, invalidParameter, urlInvalid } from '../http/vendor-error.js'
import type { UserLookup } from './users.js'

/** The path of a setting: whose, and which conversation (`chattype`, `key`). */
export interface SettingParams { username: string, chattype: string, key: string }

/**
 * Notification mode and do-not-disturb per conversation (push doc §设置离线推送, §查询离线推送设置):
 * which setting a path names, and a `PUT` merged into what is stored.
 */
export function createNotificationSettings ({ push, lookup }: { push: PushRepo, lookup: UserLookup }) {
  // The path is checked before the user is looked up: an unknown chattype is an unknown URL.
  const target = (appId: number, params: SettingParams, now: number) => {
    const key = settingKey(params.chattype, params.key)
    check(key !== undefined, urlInvalid)
    const user = lookup.keyForPush(appId, params.username, now)
    return { userId: user.id, key, appWide: isAppWide(params.chattype, key, user.username) }
  }

  return {
    /** What GET answers for the setting a path names (never set: the defaults). */
    read (appId: number, params: SettingParams, now: number): SettingView {
      const { userId, key, appWide } = target(appId, params, now)
      return viewSetting(push.setting(userId, params.chattype, key), appWide, now)
    },

    /**
     * Checks the body, merges it into the stored setting and writes it; answers the result as GET
     * would. All synchronous: no other request can run in between, and one statement is atomic
     * on its own, so no transaction (BEGIN and COMMIT cost two more statements on the busiest
     * write). A body that sets every field needs no read. Reading it anyway, Node 24.22: write
     * 0.93 of the req/s, 8 % more CPU a write (bench A/B, docs/performance.md).
     */
    write (appId: number, params: SettingParams, body: SettingBody, now: number): SettingView {
      const { userId, key, appWide } = target(appId, params, now)
      const read = readSettingPatch(body, appWide, now)
      if (!read.ok) throw invalidParameter(read.field)
      const stored = isCompletePatch(read.patch) ? undefined : push.setting(userId, params.chattype, key)
      const next = mergeSetting(stored, read.patch)
      push.putSetting(userId, params.chattype, key, next)
      return viewSetting(next, appWide, now)
    }
  }
}

export type NotificationSettings = ReturnType<typeof createNotificationSettings>
