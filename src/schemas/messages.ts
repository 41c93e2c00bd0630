import { Type } from 'typebox'

/** Message types of the send API (message_single.md). */
export const MESSAGE_TYPES = ['txt', 'img', 'audio', 'video', 'file', 'loc', 'cmd', 'custom'] as const

/**
 * `POST /messages/users` and `/messages/chatgroups` (message_single.md, message_group.md). The
 * schema documents the body; the route checks it itself so that each mistake gets the vendor's
 * own `message_send_error` wording instead of a generic validation error.
 */
export const SendMessageRequest = Type.Object({
  from: Type.Optional(Type.String({ description: 'sender user id; default "admin"' })),
  to: Type.Array(Type.String(), { description: 'user ids (≤600) or group ids (≤3)' }),
  type: Type.String({ enum: [...MESSAGE_TYPES] }),
  body: Type.Object({}, { additionalProperties: true, description: 'per type, e.g. {"msg": "hi"} for txt' }),
  ext: Type.Optional(Type.Object({}, { additionalProperties: true, description: 'push keys: em_ignore_notification, em_force_notification, em_at_list, em_push_template, em_push_ext, em_apns_ext, em_push_filter' })),
  sync_device: Type.Optional(Type.Boolean()),
  routetype: Type.Optional(Type.String()),
  roam_ignore_users: Type.Optional(Type.Array(Type.String())),
  need_group_ack: Type.Optional(Type.Boolean())
})
