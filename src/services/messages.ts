import type { AppRow } from '../db/repositories/apps-repo.js'
import type { GroupsRepo } from '../db/repositories/groups-repo.js'
import {
  fitsMessageSize, groupRecipients, hasRequiredBody, MAX_GROUP_TARGETS, MAX_USER_TARGETS, userRecipients
} from '../domain/message.js'
import { check, invalidRequestBody, messageSendError, messageTooLarge } from '../http/vendor-error.js'
import { MESSAGE_TYPES } from '../schemas/messages.js'
import type { Delivery } from './delivery.js'

interface Send {
  from: string
  to: string[]
  type: string
  body: Record<string, unknown>
  ext: Record<string, unknown>
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * Checks a send body in the vendor's order and words; `limit` is 600 users or 3 groups. Then any
 * other field of the wrong type the schema found (`schemaValid` false) is a bad body.
 */
export function readSend (raw: unknown, limit: number, schemaValid: boolean): Send {
  check(isObject(raw), invalidRequestBody)
  const { from = 'admin', to, type, body, ext = {} } = raw
  check(typeof from === 'string' && from !== '', () => messageSendError("param from can't be empty"))
  check(Array.isArray(to) && to.length > 0, () => messageSendError("param to can't be empty"))
  check(to.length <= limit, () => messageSendError(`params to's size can't exceed limit ${limit}`))
  check(to.every(t => typeof t === 'string' && t !== ''), invalidRequestBody)
  check(typeof type === 'string' && type !== '', () => messageSendError("param type can't be empty"))
  check((MESSAGE_TYPES as readonly string[]).includes(type), invalidRequestBody)
  check(isObject(body) && Object.keys(body).length > 0, () => messageSendError("param body can't be empty"))
  check(hasRequiredBody(type, body), invalidRequestBody)
  check(isObject(ext), () => messageSendError('param ext must be JSONObject'))
  check(fitsMessageSize(body, ext), messageTooLarge)
  check(schemaValid, invalidRequestBody)
  return { from: from.toLowerCase(), to: to as string[], type, body, ext }
}

/**
 * The vendor's send API, here to run the delivery simulation: every recipient is evaluated as
 * the real service would, and the outcome kept for `GET /_mock/pushes`. Nothing is delivered.
 * Each send answers the message id per target, keyed as the target was sent.
 */
export function createMessaging ({ delivery, groups }: { delivery: Delivery, groups: GroupsRepo }) {
  return {
    /** `POST /messages/users`: one message id per recipient. */
    toUsers (app: AppRow, raw: unknown, schemaValid: boolean, now: number): Record<string, string> {
      const send = readSend(raw, MAX_USER_TARGETS, schemaValid)
      const ids = delivery.send(app, { ...send, chatType: 'chat', groupId: null }, userRecipients(send.to), now)
      return Object.fromEntries(send.to.map(t => [t, ids.get(t.toLowerCase()) as string]))
    },

    /** `POST /messages/chatgroups`: one message id per group, shared by its members. */
    toGroups (app: AppRow, raw: unknown, schemaValid: boolean, now: number): Record<string, string> {
      const send = readSend(raw, MAX_GROUP_TARGETS, schemaValid)
      const data: Record<string, string> = {}
      for (const groupId of new Set(send.to)) {
        // The vendor doesn't check that the group exists; an unknown one just reaches no one.
        const group = groups.find(app.id, groupId)
        const members = group === undefined ? [] : groupRecipients(groups.members(group).map(m => m.username), send.from)
        const id = delivery.newMessageId(now)
        delivery.send(app, { ...send, chatType: 'groupchat', groupId }, members, now, id)
        data[groupId] = id
      }
      return data
    }
  }
}

export type Messaging = ReturnType<typeof createMessaging>
