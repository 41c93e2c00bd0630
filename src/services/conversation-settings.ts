import type { PushRepo } from '../db/repositories/push-repo.js'
import { decodeCursor, parseIdList, parsePageSize, remindPage } from '../domain/conversation-list.js'
import { viewSetting, type SettingView } from '../domain/notification-setting.js'
import { check, invalidParameter } from '../http/vendor-error.js'
import type { UserLookup } from './users.js'

export interface ConversationQuery { user?: string | undefined, group?: string | undefined }
export interface RemindQuery { limit?: string | undefined, cursor?: string | undefined }

/** Before every list: the first conversation in (chattype, key) order sorts after it. */
const START = { chattype: '', key: '' }

/**
 * The settings of many conversations at once, as the vendor's client SDKs read them
 * (`getSilentModeForConversations`, `getSilentModeRemindTypeConversations`).
 */
export function createConversationSettings (deps: { lookup: UserLookup, push: PushRepo }) {
  const { lookup, push } = deps
  return {
    /**
     * `data.user[id]` and `data.group[id]` for each id asked, keyed as sent; never-set ids read as
     * their defaults, and the user's own id as the app-wide setting (as `notification/user/{self}`).
     */
    many (appId: number, username: string, query: ConversationQuery, now: number) {
      const users = parseIdList(query.user)
      check(users !== undefined, () => invalidParameter('user'))
      const groups = parseIdList(query.group)
      check(groups !== undefined, () => invalidParameter('group'))
      const self = lookup.keyForPush(appId, username, now)
      const user: Record<string, SettingView> = {}
      for (const id of users) {
        // User ids are case-insensitive, group ids are not.
        const key = id.toLowerCase()
        user[id] = viewSetting(push.setting(self.id, 'user', key), key === self.username, now)
      }
      const group: Record<string, SettingView> = {}
      for (const id of groups) group[id] = viewSetting(push.setting(self.id, 'chatgroup', id), false, now)
      return { user, group }
    },

    /** One page of the conversations whose remind type is set, and the next page's cursor if any. */
    remindTypes (appId: number, username: string, query: RemindQuery, now: number) {
      const size = parsePageSize(query.limit)
      check(size !== undefined, () => invalidParameter('limit'))
      const after = query.cursor === undefined || query.cursor === '' ? START : decodeCursor(query.cursor)
      check(after !== undefined, () => invalidParameter('cursor'))
      const self = lookup.keyForPush(appId, username, now)
      return remindPage(push.remindTypes(self.id, self.username, after, size + 1), size)
    }
  }
}

export type ConversationSettings = ReturnType<typeof createConversationSettings>
