import type { Static } from 'typebox'
import type { Binding } from '../db/repositories/push-repo.js'
import type { UserPatch } from '../db/repositories/users-repo.js'
import { toBoolean, toInteger } from '../domain/coerce.js'
import { groupIgnoresIn, mergeGroupIgnores } from '../domain/group-ignore.js'
import { isValidNickname } from '../domain/nickname.js'
import { check, invalidParameter } from '../http/vendor-error.js'
import type { UserUpdateRequest } from '../schemas/users.js'

export interface UserUpdate {
  patch: UserPatch
  binding: Binding | undefined
}

/**
 * Turns a `PUT /users/{u}` body into the column changes and the binding it implies, checking every
 * field first so that a bad field writes nothing. Strings that hold numbers or booleans are accepted
 * and stored as numbers and booleans; `""` clears an hour or the nickname. `notification_ignore_<groupId>`
 * fields (the web SDK's blockGroupMessages) merge into the groups the user blocked before (`stored`).
 */
export function planUserUpdate (body: Static<typeof UserUpdateRequest>, storedGroupIgnores: string | null): UserUpdate {
  const patch: UserPatch = {}
  if (body.nickname !== undefined) {
    check(isValidNickname(body.nickname), () => invalidParameter('nickname'))
    patch.nickname = body.nickname === '' ? null : body.nickname
  }
  if (body.notification_display_style !== undefined) {
    const style = toInteger(body.notification_display_style)
    check(style === 0 || style === 1, () => invalidParameter('notification_display_style'))
    patch.notification_display_style = style
  }
  if (body.notification_no_disturbing !== undefined) {
    const on = toBoolean(body.notification_no_disturbing)
    check(on !== undefined, () => invalidParameter('notification_no_disturbing'))
    patch.notification_no_disturbing = on ? 1 : 0
  }
  for (const field of ['notification_no_disturbing_start', 'notification_no_disturbing_end'] as const) {
    const raw = body[field]
    if (raw === undefined) continue
    if (raw === '') {
      patch[field] = null
      continue
    }
    const hour = toInteger(raw)
    check(hour !== undefined && hour >= 0 && hour <= 23, () => invalidParameter(field))
    patch[field] = hour
  }
  const ignores = groupIgnoresIn([body, ...(body.entities ?? []) as Array<Record<string, unknown>>])
  check(ignores.ok, () => invalidParameter((ignores as { field: string }).field))
  if (Object.keys(ignores.changes).length > 0) patch.group_ignores = mergeGroupIgnores(storedGroupIgnores, ignores.changes)
  let binding: Binding | undefined
  if (body.device_id !== undefined || body.device_token !== undefined || body.notifier_name !== undefined) {
    // All three, as push/binding requires them: an absent field must not read as "" and unbind.
    check(body.device_id !== undefined && body.device_id !== '', () => invalidParameter('device_id'))
    check(body.device_token !== undefined, () => invalidParameter('device_token'))
    check(body.notifier_name !== undefined, () => invalidParameter('notifier_name'))
    binding = { device_id: body.device_id, device_token: body.device_token, notifier_name: body.notifier_name }
    patch.device_id = binding.device_id
    // An empty notifier unbinds the whole device, so the entity keeps no token for it either.
    patch.device_token = binding.device_token === '' || binding.notifier_name === '' ? null : binding.device_token
    patch.notifier_name = binding.notifier_name === '' ? null : binding.notifier_name
  }
  return { patch, binding }
}
