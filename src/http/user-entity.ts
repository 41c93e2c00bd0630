import type { UserRow } from '../db/repositories/users-repo.js'
import { GROUP_IGNORE_PREFIX, readGroupIgnores } from '../domain/group-ignore.js'

/**
 * The vendor's user entity: the fixed fields, then only the optional ones that were ever set
 * (ZH-NEW account_detail_obtain_single.md: unset fields are absent), in the push doc's order.
 */
export function toUserEntity (u: UserRow) {
  const entity = {
    uuid: u.uuid,
    type: 'user' as const,
    created: u.created,
    modified: u.modified,
    username: u.username,
    activated: u.activated === 1,
    ...(u.notification_no_disturbing === null ? {} : { notification_no_disturbing: u.notification_no_disturbing === 1 }),
    ...(u.notification_no_disturbing_start === null ? {} : { notification_no_disturbing_start: u.notification_no_disturbing_start }),
    ...(u.notification_no_disturbing_end === null ? {} : { notification_no_disturbing_end: u.notification_no_disturbing_end }),
    ...(u.notification_display_style === null ? {} : { notification_display_style: u.notification_display_style }),
    ...(u.nickname === null ? {} : { nickname: u.nickname }),
    ...(u.notifier_name === null ? {} : { notifier_name: u.notifier_name }),
    ...(u.device_id === null ? {} : { device_id: u.device_id }),
    ...(u.device_token === null ? {} : { device_token: u.device_token })
  }
  if (u.group_ignores === null) return entity
  // `notification_ignore_<groupId>` for each group the user ever blocked or unblocked (the push
  // doc's user entity lists them beside the legacy DND fields).
  const withGroups: typeof entity & Record<string, unknown> = entity
  for (const [groupId, on] of Object.entries(readGroupIgnores(u.group_ignores))) withGroups[GROUP_IGNORE_PREFIX + groupId] = on
  return withGroups
}

export type UserEntity = ReturnType<typeof toUserEntity>
