import { randomInt } from 'node:crypto'
import type { Config } from '../config.js'
import type { KeptPush, PushLog, Presence } from '../controls/pushes.js'
import { appKeyOf, type AppRow } from '../db/repositories/apps-repo.js'
import type { PushRepo } from '../db/repositories/push-repo.js'
import type { TemplatesRepo } from '../db/repositories/templates-repo.js'
import type { UsersRepo } from '../db/repositories/users-repo.js'
import { isGroupIgnored } from '../domain/group-ignore.js'
import { decide, unknownRecipient, type Message, type Recipient, type Template } from '../domain/delivery.js'
import { minuteOfDay } from '../domain/quiet-hours.js'

export interface DeliveryDeps {
  config: Pick<Config, 'timezone'>
  users: UsersRepo
  push: PushRepo
  templates: TemplatesRepo
  pushes: PushLog
  presence: Presence
}

export type PushListener = (records: readonly KeptPush[]) => void

export type Outgoing = Omit<Message, 'id'>

/**
 * Runs the delivery simulation for sends: loads each recipient's state, asks the pure rules what
 * the real service would push, and keeps the answer for `GET /_mock/pushes`.
 */
export function createDelivery (deps: DeliveryDeps) {
  const { users, push, templates } = deps
  const nextId = createMessageIds()
  const listeners: PushListener[] = []

  const recipientState = (app: AppRow, appKey: string, username: string, message: Outgoing): Recipient => {
    const user = users.find(app.id, username)
    if (user === undefined) return unknownRecipient(username)
    const conversation = message.chatType === 'groupchat'
      ? push.setting(user.id, 'chatgroup', message.groupId as string)
      : push.setting(user.id, 'user', message.from)
    return {
      username,
      exists: true,
      online: deps.presence.isOnline(appKey, username),
      displayStyle: user.notification_display_style,
      legacy: {
        on: user.notification_no_disturbing === null ? null : user.notification_no_disturbing === 1,
        start: user.notification_no_disturbing_start,
        end: user.notification_no_disturbing_end
      },
      appWide: push.setting(user.id, 'user', username),
      conversation,
      templateName: user.template_name,
      bindings: push.bindings(user.id),
      groupBlocked: message.chatType === 'groupchat' && isGroupIgnored(user.group_ignores, message.groupId as string)
    }
  }

  return {
    /**
     * Evaluates one message for each recipient (lower-case user ids) and returns each recipient's
     * message id. A group message has one id for all its members.
     */
    send (app: AppRow, message: Outgoing, recipients: readonly string[], now: number, sharedId?: string): Map<string, string> {
      const appKey = appKeyOf(app)
      const cache = new Map<string, Template | undefined>()
      const template = (name: string): Template | undefined => {
        if (!cache.has(name)) cache.set(name, templates.find(app.id, name))
        return cache.get(name)
      }
      const senderRow = users.find(app.id, message.from)
      const sender = { username: message.from, nickname: senderRow?.nickname ?? null }
      const ids = new Map<string, string>()
      const records: KeptPush[] = []
      // One instant for every recipient: its minute of the day is worked out once.
      const minute = minuteOfDay(now, deps.config.timezone)
      for (const username of recipients) {
        const id = sharedId ?? ids.get(username) ?? nextId(now)
        ids.set(username, id)
        // What the rules ran on is kept beside the records, so a trace can be made later by the
        // same rules (domain/delivery.ts, traceOf) at no cost to a send.
        const basis = { message: { ...message, id }, sender, recipient: recipientState(app, appKey, username, message), now, timeZone: deps.config.timezone }
        const outcomes = decide(basis.message, sender, basis.recipient, { now, timeZone: basis.timeZone, minute, template })
        for (const o of outcomes) {
          records.push({
            app: appKey,
            msg_id: id,
            from: message.from,
            to: o.to,
            chat_type: message.chatType,
            group_id: message.groupId,
            outcome: o.outcome,
            reason: o.reason,
            device_id: o.device?.device_id ?? null,
            notifier_name: o.device?.notifier_name ?? null,
            device_token: o.device?.device_token ?? null,
            title: o.title,
            content: o.content,
            time: now,
            basis
          })
        }
      }
      deps.pushes.record(records)
      for (const listen of listeners) listen(records)
      return ids
    },
    newMessageId: nextId,
    /** Calls `listen` with each message's records once they are kept (the callback webhook). */
    subscribe (listen: PushListener): void { listeners.push(listen) }
  }
}

export type Delivery = ReturnType<typeof createDelivery>

const EPOCH = 1_400_000_000_000

/**
 * Message ids like the vendor's (18–19 digit numeric strings): milliseconds since an epoch above
 * a 22-bit sequence, so ids sort by time and stay unique under a frozen clock.
 */
export function createMessageIds (start: number = randomInt(0, 1 << 20)) {
  let seq = start
  return (now: number): string => {
    seq = (seq + 1) & 0x3fffff
    return ((BigInt(Math.max(0, Math.trunc(now) - EPOCH)) << 22n) | BigInt(seq)).toString()
  }
}
