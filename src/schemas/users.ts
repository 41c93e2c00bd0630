import { Type } from 'typebox'
import { BooleanLike, IntegerLike } from './common.js'

/** One account in `POST /users` (ZH-NEW account_register_*.md). */
export const NewUserBody = Type.Object({
  username: Type.Optional(Type.String()),
  password: Type.Optional(Type.String()),
  nickname: Type.Optional(Type.String())
})

/** A single object, or an array of at most 60 (authorised batch registration). */
export const RegisterRequest = Type.Union([NewUserBody, Type.Array(NewUserBody)])

/** `notification_ignore_<groupId>`: checked in services/user-update.ts, which names the field; here for /openapi.json. */
const GroupIgnoreFields = { '^notification_ignore_': { description: "true blocks the group's pushes for this user (the web SDK's blockGroupMessages)" } }

/**
 * `PUT /users/{username}`: push nickname, display style, legacy DND hours, the web SDK's binding
 * fields and its per-group block `notification_ignore_<groupId>`, in any mix (push doc
 * §设置离线推送时显示的昵称, §设置离线推送通知的展示方式, §设置免打扰模式; user entity table).
 */
export const UserUpdateRequest = Type.Object({
  nickname: Type.Optional(Type.String()),
  notification_display_style: Type.Optional(IntegerLike),
  notification_no_disturbing: Type.Optional(BooleanLike),
  notification_no_disturbing_start: Type.Optional(IntegerLike),
  notification_no_disturbing_end: Type.Optional(IntegerLike),
  device_id: Type.Optional(Type.String()),
  device_token: Type.Optional(Type.String()),
  notifier_name: Type.Optional(Type.String()),
  /** Where the web SDK's blockGroupMessages puts its `notification_ignore_<groupId>` field. */
  entities: Type.Optional(Type.Array(Type.Object({}, { patternProperties: GroupIgnoreFields })))
}, { patternProperties: GroupIgnoreFields })

/** `PUT /push/nickname`: at most 50 `{username, push_nickname}` (ZH-NEW push_nickname_set_batch.md). */
export const PushNicknameRequest = Type.Array(Type.Object({
  username: Type.String(),
  push_nickname: Type.String()
}))
