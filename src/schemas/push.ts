import { Type } from 'typebox'

/** `PUT …/push/binding` (push doc §绑定和解绑推送信息): all three required, empty strings unbind. */
export const BindingRequest = Type.Object({
  device_id: Type.String(),
  device_token: Type.String(),
  notifier_name: Type.String()
})

export const SettingPath = Type.Object({
  org_name: Type.String(),
  app_name: Type.String(),
  username: Type.String(),
  chattype: Type.String(),
  key: Type.String()
})

/** `PUT …/notification/{chattype}/{key}` (push doc §设置离线推送); every field optional, merged. */
export const SettingRequest = Type.Object({
  type: Type.Optional(Type.String()),
  ignoreInterval: Type.Optional(Type.String()),
  ignoreDuration: Type.Optional(Type.Union([Type.Integer(), Type.String()]))
})

export const LanguageRequest = Type.Object({
  translationLanguage: Type.String()
})

export const UserTemplateRequest = Type.Object({
  templateName: Type.String()
})

export const TemplatePath = Type.Object({
  org_name: Type.String(),
  app_name: Type.String(),
  name: Type.String()
})

export const TemplateRequest = Type.Object({
  name: Type.String(),
  title_pattern: Type.String(),
  content_pattern: Type.String()
})

/** `PUT /notification/template/{name}`: appears only in push_error.md; the create body minus `name`. */
export const TemplateUpdateRequest = Type.Object({
  title_pattern: Type.String(),
  content_pattern: Type.String()
})

/** `GET …/users/{u}/notification` (web SDK `getSilentModeForConversations`): comma-separated ids. */
export const ConversationListQuery = Type.Object({
  user: Type.Optional(Type.String({ description: 'user ids, comma-separated (at most 20)' })),
  group: Type.Optional(Type.String({ description: 'group ids, comma-separated (at most 20)' }))
})

/** `GET …/users/{u}/notification/mute/type` (web SDK `getSilentModeRemindTypeConversations`). */
export const RemindTypeQuery = Type.Object({
  limit: Type.Optional(Type.String({ description: 'page size, 1–50 (default 10)' })),
  cursor: Type.Optional(Type.String({ description: 'the `cursor` of the page before' }))
})
