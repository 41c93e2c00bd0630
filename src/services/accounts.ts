import type { Static } from 'typebox'
import { transaction, type Db } from '../db/database.js'
import type { PushRepo } from '../db/repositories/push-repo.js'
import type { UserRow, UsersRepo } from '../db/repositories/users-repo.js'
import { emptyToNull } from '../domain/coerce.js'
import { isValidNickname } from '../domain/nickname.js'
import { check, illegalArgument, invalidParameter } from '../http/vendor-error.js'
import type { UserUpdateRequest } from '../schemas/users.js'
import { createRegistration } from './register.js'
import { planUserUpdate } from './user-update.js'
import type { UserLookup } from './users.js'

/** Push nicknames in one `PUT /push/nickname` (ZH-NEW push_nickname_set_batch.md). */
export const MAX_NICKNAME_BATCH = 50

interface AccountDeps { db: Db, users: UsersRepo, push: PushRepo, lookup: UserLookup }

/**
 * A user's account and what hangs off it: registration, update and delete, the push language
 * and template, push nicknames in bulk, and the device bindings.
 */
export function createAccounts ({ db, users, push, lookup }: AccountDeps) {
  const update = transaction(db, (user: UserRow, body: Static<typeof UserUpdateRequest>, now: number) => {
    const { patch, binding } = planUserUpdate(body, user.group_ignores)
    if (binding !== undefined) push.bind(user.id, binding)
    return users.update(user.id, patch, now)
  })
  // One unknown user rejects the whole batch: the lookups run inside the transaction.
  const setNicknames = transaction(db, (appId: number, items: Array<{ username: string, push_nickname: string }>, now: number) =>
    items.map(item => {
      const user = lookup.forPush(appId, item.username, now)
      users.update(user.id, { nickname: emptyToNull(item.push_nickname) }, now)
      return { push_nickname: item.push_nickname, username: user.username }
    }))

  return {
    /** One account (an existing name is a 400) or a batch of at most 60 (services/register.ts). */
    register: createRegistration(db, users),

    /** `PUT /users/{u}`: every field checked before anything is written, a binding with them. */
    update (appId: number, username: string, body: Static<typeof UserUpdateRequest>, now: number): UserRow {
      // The lookup stays outside the transaction: with --auto-create-users the user it creates
      // outlives a body that turns out bad.
      const user = lookup.forPush(appId, username, now)
      return update(user, body, now)
    },

    /** `DELETE /users/{u}`: the user goes with its bindings, settings, language and tokens. */
    remove (appId: number, username: string, now: number): UserRow {
      const user = lookup.forAccount(appId, username, now)
      users.remove(user.id)
      return user
    },

    /** The preferred push language (push doc §设置/获取推送通知的首选语言); never set reads `""`. */
    language (appId: number, username: string, now: number): string {
      return lookup.forPush(appId, username, now).language ?? ''
    },
    setLanguage (appId: number, username: string, language: string, now: number): void {
      const user = lookup.forPush(appId, username, now)
      users.update(user.id, { language: emptyToNull(language) }, now)
    },

    /** The template the user receives with (ZH-NEW push_template_receiver.md); never set reads `""`. */
    template (appId: number, username: string, now: number): string {
      return lookup.forPush(appId, username, now).template_name ?? ''
    },
    setTemplate (appId: number, username: string, templateName: string, now: number): void {
      const user = lookup.forPush(appId, username, now)
      // The vendor's own SDK test names a template that was never created and expects success.
      users.update(user.id, { template_name: emptyToNull(templateName) }, now)
    },

    /**
     * `PUT /push/nickname`: up to 50 push nicknames in one call. It sets the same `nickname` as
     * `PUT /users/{u}`; one unknown user rejects the whole batch.
     */
    setNicknames (appId: number, items: Array<{ username: string, push_nickname: string }>, now: number) {
      check(items.length > 0, () => illegalArgument('put user push nicknames illegal empty request body'))
      check(items.length <= MAX_NICKNAME_BATCH, () => illegalArgument('put user push nicknames exceeds the limit'))
      for (const item of items) {
        check(isValidNickname(item.push_nickname), () => illegalArgument(`${item.username} push nickname length exceeds the limit`))
      }
      return setNicknames(appId, items, now)
    },

    /** Binds or unbinds a device (domain/push-binding.ts); answers the device's remaining bindings. */
    bind (appId: number, username: string, b: { device_id: string, device_token: string, notifier_name: string }, now: number) {
      // The device is checked before the user is looked up.
      check(b.device_id !== '', () => invalidParameter('device_id'))
      const user = lookup.keyForPush(appId, username, now)
      return push.bind(user.id, { device_id: b.device_id, device_token: b.device_token, notifier_name: b.notifier_name })
    },

    /** Every binding of the user, in binding order. */
    bindings (appId: number, username: string, now: number) {
      return push.bindings(lookup.forPush(appId, username, now).id)
    }
  }
}

export type Accounts = ReturnType<typeof createAccounts>
