import t, { type Test } from 'tap'
import {
  decide,
  DEFAULT_CONTENT,
  DEFAULT_TITLE,
  display,
  effectiveType,
  inDoNotDisturb,
  isTrue,
  mentions,
  messageText,
  REASONS,
  TYPE_LABELS,
  unknownRecipient,
  type Context,
  type Device,
  type Message,
  type Outcome,
  type Recipient,
  type Sender,
  type Setting,
  type Template
} from '../../src/domain/delivery.js'

// ---------------------------------------------------------------------------------------------
// Builders

/** 2026-01-01T04:00Z, 12:00 in Asia/Shanghai: outside every window used below unless stated. */
const NOW = Date.UTC(2026, 0, 1, 4, 0)
const SH = 'Asia/Shanghai'

/** The instant of HH:MM on 2026-01-01 in Asia/Shanghai (UTC+8, no DST). */
const shanghai = (h: number, m: number): number => Date.UTC(2026, 0, 1, h - 8, m)

const phone: Device = { device_id: 'phone-1', notifier_name: 'apns-prod', device_token: 'tok-phone' }
const tablet: Device = { device_id: 'tablet-1', notifier_name: 'fcm', device_token: 'tok-tablet' }

const setting = (over: Partial<Setting> = {}): Setting =>
  ({ type: null, ignore_interval: null, ignore_until: null, ...over })

const recipient = (over: Partial<Recipient> = {}): Recipient => ({
  ...unknownRecipient('bob'),
  exists: true,
  bindings: [phone],
  ...over
})

const message = (over: Partial<Message> = {}): Message => ({
  id: 'm1',
  from: 'alice',
  chatType: 'chat',
  groupId: null,
  type: 'txt',
  body: { msg: 'hello' },
  ext: {},
  ...over
})

const groupMessage = (over: Partial<Message> = {}): Message =>
  message({ chatType: 'groupchat', groupId: 'g1', ...over })

const alice: Sender = { username: 'alice', nickname: 'Alice' }

const registry = (templates: Record<string, Template> = {}): Context['template'] =>
  (name: string) => templates[name]

const ctx = (over: Partial<Context> = {}): Context => ({ now: NOW, timeZone: SH, template: registry(), ...over })

const delivered = (device: Device, title = DEFAULT_TITLE, content = DEFAULT_CONTENT, to = 'bob'): Outcome =>
  ({ to, outcome: 'delivered', reason: null, device, title, content })

const skipped = (reason: string, device: Device | null = null, to = 'bob'): Outcome =>
  ({ to, outcome: 'skipped', reason, device, title: null, content: null })

/** Active DND sources. */
const dndUntil = { appWide: setting({ ignore_until: NOW + 60_000 }) }
const legacyAllDay = { legacy: { on: true, start: 9, end: 9 } }

// ---------------------------------------------------------------------------------------------
// decide: every rule and every adjacent precedence pair

interface DecideCase {
  name: string
  message?: Message
  recipient?: Partial<Recipient>
  ctx?: Partial<Context>
  expected: Outcome[]
}

t.test('decide applies the documented order of suppression', async (t) => {
  const cases: DecideCase[] = [
    // baseline
    { name: 'an offline user with one binding gets the push', expected: [delivered(phone)] },
    { name: 'each binding gets the push', recipient: { bindings: [phone, tablet] }, expected: [delivered(phone), delivered(tablet)] },

    // 1. no user exist
    { name: 'a missing user: no user exist', recipient: { exists: false }, expected: [skipped(REASONS.noUser)] },
    { name: 'no user exist is one device-less record even with bindings', recipient: { exists: false, bindings: [phone, tablet] }, expected: [skipped(REASONS.noUser)] },
    // 1 vs 2
    { name: 'missing beats online', recipient: { exists: false, online: true }, expected: [skipped(REASONS.noUser)] },
    { name: 'missing beats everything else', message: message({ type: 'cmd', ext: { em_ignore_notification: true } }), recipient: { exists: false, ...dndUntil, bindings: [] }, expected: [skipped(REASONS.noUser)] },

    // 2. user online
    { name: 'an online user: user online', recipient: { online: true }, expected: [skipped(REASONS.online)] },
    { name: 'user online is one device-less record even with bindings', recipient: { online: true, bindings: [phone, tablet] }, expected: [skipped(REASONS.online)] },
    { name: 'user online with no binding', recipient: { online: true, bindings: [] }, expected: [skipped(REASONS.online)] },
    // 2 vs 3
    { name: 'online beats message ignore', message: message({ ext: { em_ignore_notification: true } }), recipient: { online: true }, expected: [skipped(REASONS.online)] },
    { name: 'offline with message ignore: message ignore push', message: message({ ext: { em_ignore_notification: true } }), expected: [skipped(REASONS.messageIgnore, phone)] },
    { name: 'online beats force (force only overrides DND)', message: message({ ext: { em_force_notification: true } }), recipient: { online: true }, expected: [skipped(REASONS.online)] },

    // 3. message ignore push
    { name: 'em_ignore_notification "true" (string)', message: message({ ext: { em_ignore_notification: 'true' } }), expected: [skipped(REASONS.messageIgnore, phone)] },
    { name: 'em_ignore_notification false is no ignore', message: message({ ext: { em_ignore_notification: false } }), expected: [delivered(phone)] },
    { name: 'em_ignore_notification "false" is no ignore', message: message({ ext: { em_ignore_notification: 'false' } }), expected: [delivered(phone)] },
    { name: 'a cmd message is never pushed', message: message({ type: 'cmd', body: { action: 'x' } }), expected: [skipped(REASONS.messageIgnore, phone)] },
    { name: 'message ignore: one record per binding', message: message({ ext: { em_ignore_notification: true } }), recipient: { bindings: [phone, tablet] }, expected: [skipped(REASONS.messageIgnore, phone), skipped(REASONS.messageIgnore, tablet)] },
    { name: 'message ignore with no binding: one device-less record', message: message({ ext: { em_ignore_notification: true } }), recipient: { bindings: [] }, expected: [skipped(REASONS.messageIgnore)] },
    // 3 vs 4
    { name: 'message ignore beats DND', message: message({ ext: { em_ignore_notification: true } }), recipient: { ...dndUntil }, expected: [skipped(REASONS.messageIgnore, phone)] },
    { name: 'message ignore beats force', message: message({ ext: { em_ignore_notification: true, em_force_notification: true } }), expected: [skipped(REASONS.messageIgnore, phone)] },
    { name: 'message ignore beats force during DND', message: message({ ext: { em_ignore_notification: true, em_force_notification: true } }), recipient: { ...dndUntil }, expected: [skipped(REASONS.messageIgnore, phone)] },
    { name: 'force does not make a cmd message pushable', message: message({ type: 'cmd', ext: { em_force_notification: true } }), expected: [skipped(REASONS.messageIgnore, phone)] },
    { name: 'message ignore beats type NONE', message: message({ ext: { em_ignore_notification: true } }), recipient: { appWide: setting({ type: 'NONE' }) }, expected: [skipped(REASONS.messageIgnore, phone)] },

    // 3½. a blocked group (notification_ignore_<groupId>): user ignore push, even when forced
    { name: 'a blocked group: user ignore push', message: groupMessage(), recipient: { groupBlocked: true }, expected: [skipped(REASONS.userIgnore, phone)] },
    { name: 'a blocked group: one record per binding', message: groupMessage(), recipient: { groupBlocked: true, bindings: [phone, tablet] }, expected: [skipped(REASONS.userIgnore, phone), skipped(REASONS.userIgnore, tablet)] },
    { name: 'force does not lift a group block', message: groupMessage({ ext: { em_force_notification: true } }), recipient: { groupBlocked: true }, expected: [skipped(REASONS.userIgnore, phone)] },
    { name: 'message ignore beats a group block', message: groupMessage({ ext: { em_ignore_notification: true } }), recipient: { groupBlocked: true }, expected: [skipped(REASONS.messageIgnore, phone)] },
    { name: 'online beats a group block', message: groupMessage(), recipient: { groupBlocked: true, online: true }, expected: [skipped(REASONS.online)] },
    { name: 'a group block beats type ALL on the group', message: groupMessage(), recipient: { groupBlocked: true, conversation: setting({ type: 'ALL' }) }, expected: [skipped(REASONS.userIgnore, phone)] },

    // 4. DND (user ignore push) unless forced
    { name: 'DND: user ignore push', recipient: { ...dndUntil }, expected: [skipped(REASONS.userIgnore, phone)] },
    { name: 'DND: one record per binding', recipient: { ...dndUntil, bindings: [phone, tablet] }, expected: [skipped(REASONS.userIgnore, phone), skipped(REASONS.userIgnore, tablet)] },
    { name: 'force (true) overrides DND', message: message({ ext: { em_force_notification: true } }), recipient: { ...dndUntil }, expected: [delivered(phone)] },
    { name: 'force ("YES", the web SDK) overrides DND', message: message({ ext: { em_force_notification: 'YES' } }), recipient: { ...dndUntil }, expected: [delivered(phone)] },
    { name: 'force ("true") overrides legacy DND', message: message({ ext: { em_force_notification: 'true' } }), recipient: { ...legacyAllDay }, expected: [delivered(phone)] },
    { name: 'force false does not override DND', message: message({ ext: { em_force_notification: false } }), recipient: { ...dndUntil }, expected: [skipped(REASONS.userIgnore, phone)] },
    { name: 'force "NO" does not override DND', message: message({ ext: { em_force_notification: 'NO' } }), recipient: { ...dndUntil }, expected: [skipped(REASONS.userIgnore, phone)] },
    { name: 'force without DND changes nothing', message: message({ ext: { em_force_notification: true } }), expected: [delivered(phone)] },
    // 4 vs 5
    { name: 'DND beats type ALL', recipient: { ...dndUntil, appWide: setting({ type: 'ALL', ignore_until: NOW + 1 }) }, expected: [skipped(REASONS.userIgnore, phone)] },
    { name: 'DND applies even when AT mentions the user', message: message({ ext: { em_at_list: ['bob'] } }), recipient: { appWide: setting({ type: 'AT', ignore_until: NOW + 1 }) }, expected: [skipped(REASONS.userIgnore, phone)] },
    { name: 'force overrides DND but not NONE', message: message({ ext: { em_force_notification: true } }), recipient: { appWide: setting({ type: 'NONE', ignore_until: NOW + 1 }) }, expected: [skipped(REASONS.userIgnore, phone)] },
    { name: 'force overrides DND but not an AT that misses the user', message: message({ ext: { em_force_notification: true } }), recipient: { appWide: setting({ type: 'AT', ignore_until: NOW + 1 }) }, expected: [skipped(REASONS.userIgnore, phone)] },
    { name: 'force overrides DND and AT naming the user passes', message: message({ ext: { em_force_notification: true, em_at_list: ['bob'] } }), recipient: { appWide: setting({ type: 'AT', ignore_until: NOW + 1 }) }, expected: [delivered(phone)] },
    { name: 'force does not override NONE without DND', message: message({ ext: { em_force_notification: true } }), recipient: { conversation: setting({ type: 'NONE' }) }, expected: [skipped(REASONS.userIgnore, phone)] },

    // 5. effective type NONE / AT
    { name: 'type NONE: user ignore push', recipient: { appWide: setting({ type: 'NONE' }) }, expected: [skipped(REASONS.userIgnore, phone)] },
    { name: 'type AT without a mention: user ignore push', recipient: { appWide: setting({ type: 'AT' }) }, expected: [skipped(REASONS.userIgnore, phone)] },
    { name: 'type AT naming the user', message: message({ ext: { em_at_list: ['bob'] } }), recipient: { appWide: setting({ type: 'AT' }) }, expected: [delivered(phone)] },
    { name: 'type AT with "all"', message: message({ ext: { em_at_list: 'all' } }), recipient: { appWide: setting({ type: 'AT' }) }, expected: [delivered(phone)] },
    { name: 'type ALL', recipient: { appWide: setting({ type: 'ALL' }) }, expected: [delivered(phone)] },
    { name: 'conversation ALL over app-wide NONE', recipient: { appWide: setting({ type: 'NONE' }), conversation: setting({ type: 'ALL' }) }, expected: [delivered(phone)] },
    { name: 'conversation NONE over app-wide ALL', recipient: { appWide: setting({ type: 'ALL' }), conversation: setting({ type: 'NONE' }) }, expected: [skipped(REASONS.userIgnore, phone)] },
    { name: 'conversation DEFAULT falls through to app-wide NONE', recipient: { appWide: setting({ type: 'NONE' }), conversation: setting({ type: 'DEFAULT' }) }, expected: [skipped(REASONS.userIgnore, phone)] },
    { name: 'type NONE: one record per binding', recipient: { appWide: setting({ type: 'NONE' }), bindings: [phone, tablet] }, expected: [skipped(REASONS.userIgnore, phone), skipped(REASONS.userIgnore, tablet)] },
    // 5 vs 6
    { name: 'type NONE beats no binding (device-less record)', recipient: { appWide: setting({ type: 'NONE' }), bindings: [] }, expected: [skipped(REASONS.userIgnore)] },
    { name: 'AT without mention beats no binding', recipient: { appWide: setting({ type: 'AT' }), bindings: [] }, expected: [skipped(REASONS.userIgnore)] },
    { name: 'DND beats no binding', recipient: { ...dndUntil, bindings: [] }, expected: [skipped(REASONS.userIgnore)] },
    { name: 'type NONE beats the device filter', message: message({ ext: { em_push_filter: { ignore_device_id: ['phone-1'] } } }), recipient: { appWide: setting({ type: 'NONE' }) }, expected: [skipped(REASONS.userIgnore, phone)] },

    // 6. no push binding
    { name: 'no binding: no push binding', recipient: { bindings: [] }, expected: [skipped(REASONS.noBinding)] },
    { name: 'forced with no binding: no push binding', message: message({ ext: { em_force_notification: true } }), recipient: { ...dndUntil, bindings: [] }, expected: [skipped(REASONS.noBinding)] },
    // 6 vs 7
    { name: 'no binding beats the device filter', message: message({ ext: { em_push_filter: { ignore_device_id: ['phone-1'] } } }), recipient: { bindings: [] }, expected: [skipped(REASONS.noBinding)] },

    // 7. per-device em_push_filter
    { name: 'ignore_device_id skips that device only', message: message({ ext: { em_push_filter: { ignore_device_id: ['phone-1'] } } }), recipient: { bindings: [phone, tablet] }, expected: [skipped(REASONS.deviceIgnore, phone), delivered(tablet)] },
    { name: 'ignore_device_id naming every device', message: message({ ext: { em_push_filter: { ignore_device_id: ['phone-1', 'tablet-1'] } } }), recipient: { bindings: [phone, tablet] }, expected: [skipped(REASONS.deviceIgnore, phone), skipped(REASONS.deviceIgnore, tablet)] },
    { name: 'ignore_device_id naming no bound device', message: message({ ext: { em_push_filter: { ignore_device_id: ['other'] } } }), recipient: { bindings: [phone, tablet] }, expected: [delivered(phone), delivered(tablet)] },
    { name: 'ignore_notifier_name', message: message({ ext: { em_push_filter: { ignore_notifier_name: ['fcm'] } } }), recipient: { bindings: [phone, tablet] }, expected: [delivered(phone), skipped(REASONS.deviceIgnore, tablet)] },
    { name: 'accept_device_id skips the others', message: message({ ext: { em_push_filter: { accept_device_id: ['tablet-1'] } } }), recipient: { bindings: [phone, tablet] }, expected: [skipped(REASONS.deviceIgnore, phone), delivered(tablet)] },
    { name: 'accept_notifier_name skips the others', message: message({ ext: { em_push_filter: { accept_notifier_name: ['apns-prod'] } } }), recipient: { bindings: [phone, tablet] }, expected: [delivered(phone), skipped(REASONS.deviceIgnore, tablet)] },
    { name: 'an empty accept list filters nothing', message: message({ ext: { em_push_filter: { accept_device_id: [] } } }), recipient: { bindings: [phone, tablet] }, expected: [delivered(phone), delivered(tablet)] },
    { name: 'ignore beats accept for the same device', message: message({ ext: { em_push_filter: { accept_device_id: ['phone-1'], ignore_notifier_name: ['apns-prod'] } } }), expected: [skipped(REASONS.deviceIgnore, phone)] },
    { name: 'a non-object filter is ignored', message: message({ ext: { em_push_filter: ['phone-1'] } }), expected: [delivered(phone)] },
    { name: 'forced through DND, then filtered per device', message: message({ ext: { em_force_notification: true, em_push_filter: { ignore_device_id: ['phone-1'] } } }), recipient: { ...dndUntil, bindings: [phone, tablet] }, expected: [skipped(REASONS.deviceIgnore, phone), delivered(tablet)] },

    // the record names the recipient
    { name: 'records carry the recipient username', recipient: { username: 'carol', bindings: [phone] }, expected: [delivered(phone, DEFAULT_TITLE, DEFAULT_CONTENT, 'carol')] },
    { name: 'device-less records carry the recipient username', recipient: { username: 'carol', exists: false }, expected: [skipped(REASONS.noUser, null, 'carol')] },

    // delivered records carry the display
    { name: 'delivered records carry the style-1 summary', recipient: { displayStyle: 1, bindings: [phone, tablet] }, expected: [delivered(phone, DEFAULT_TITLE, 'Alice: hello'), delivered(tablet, DEFAULT_TITLE, 'Alice: hello')] }
  ]
  for (const c of cases) {
    t.strictSame(decide(c.message ?? message(), alice, recipient(c.recipient), ctx(c.ctx)), c.expected, c.name)
  }
})

// ---------------------------------------------------------------------------------------------
// DND sources

interface DndCase {
  name: string
  recipient: Partial<Recipient>
  now: number
  timeZone?: string
  expected: boolean
}

const interval = (ignore_interval: string): Partial<Recipient> => ({ appWide: setting({ ignore_interval }) })

t.test('inDoNotDisturb: every source of DND', async (t) => {
  const cases: DndCase[] = [
    { name: 'nothing set', recipient: {}, now: NOW, expected: false },
    { name: 'empty settings', recipient: { appWide: setting(), conversation: setting() }, now: NOW, expected: false },

    // app-wide interval in Asia/Shanghai, start before end
    { name: '08:30-21:15 at start-1', recipient: interval('08:30-21:15'), now: shanghai(8, 29), expected: false },
    { name: '08:30-21:15 at start', recipient: interval('08:30-21:15'), now: shanghai(8, 30), expected: true },
    { name: '08:30-21:15 at end-1', recipient: interval('08:30-21:15'), now: shanghai(21, 14), expected: true },
    { name: '08:30-21:15 at end', recipient: interval('08:30-21:15'), now: shanghai(21, 15), expected: false },
    { name: '08:30-21:15 at the last second of end-1', recipient: interval('08:30-21:15'), now: shanghai(21, 14) + 59_999, expected: true },
    { name: 'evaluated in the zone, not UTC: 12:00 UTC is 20:00 Shanghai', recipient: interval('19:00-21:00'), now: Date.UTC(2026, 0, 1, 12, 0), expected: true },
    { name: 'evaluated in the zone, not UTC: 20:00 UTC is 04:00 Shanghai', recipient: interval('19:00-21:00'), now: Date.UTC(2026, 0, 1, 20, 0), expected: false },
    // past midnight
    { name: '22:00-07:00 at 21:59', recipient: interval('22:00-07:00'), now: shanghai(21, 59), expected: false },
    { name: '22:00-07:00 at 22:00', recipient: interval('22:00-07:00'), now: shanghai(22, 0), expected: true },
    { name: '22:00-07:00 at 23:59', recipient: interval('22:00-07:00'), now: shanghai(23, 59), expected: true },
    { name: '22:00-07:00 at 00:00', recipient: interval('22:00-07:00'), now: shanghai(0, 0), expected: true },
    { name: '22:00-07:00 at 06:59', recipient: interval('22:00-07:00'), now: shanghai(6, 59), expected: true },
    { name: '22:00-07:00 at 07:00', recipient: interval('22:00-07:00'), now: shanghai(7, 0), expected: false },
    { name: '22:00-07:00 at noon', recipient: interval('22:00-07:00'), now: shanghai(12, 0), expected: false },
    // equal bounds and the switch-off value
    { name: '09:00-09:00 is all day (at noon)', recipient: interval('09:00-09:00'), now: shanghai(12, 0), expected: true },
    { name: '09:00-09:00 is all day (at 08:59)', recipient: interval('09:00-09:00'), now: shanghai(8, 59), expected: true },
    { name: '00:00-00:00 is no window (at 00:00)', recipient: interval('00:00-00:00'), now: shanghai(0, 0), expected: false },
    { name: '00:00-00:00 is no window (at noon)', recipient: interval('00:00-00:00'), now: shanghai(12, 0), expected: false },
    { name: '"" is no window', recipient: interval(''), now: shanghai(12, 0), expected: false },

    // a DST zone: America/New_York, 22:00-07:00
    { name: 'New York winter: 02:00Z is 21:00 EST, outside 22:00-07:00', recipient: interval('22:00-07:00'), now: Date.UTC(2026, 0, 15, 2, 0), timeZone: 'America/New_York', expected: false },
    { name: 'New York summer: 02:00Z is 22:00 EDT, inside 22:00-07:00', recipient: interval('22:00-07:00'), now: Date.UTC(2026, 6, 15, 2, 0), timeZone: 'America/New_York', expected: true },
    { name: 'New York winter: 11:59Z is 06:59 EST, inside', recipient: interval('22:00-07:00'), now: Date.UTC(2026, 0, 15, 11, 59), timeZone: 'America/New_York', expected: true },
    { name: 'New York summer: 11:00Z is 07:00 EDT, end, outside', recipient: interval('22:00-07:00'), now: Date.UTC(2026, 6, 15, 11, 0), timeZone: 'America/New_York', expected: false },
    { name: 'the same instant in Shanghai (10:00) is outside', recipient: interval('22:00-07:00'), now: Date.UTC(2026, 6, 15, 2, 0), expected: false },
    // spring forward 2026-03-08: 02:00-03:00 local never happens
    { name: 'spring forward: 01:59 EST, before 02:00-03:00', recipient: interval('02:00-03:00'), now: Date.UTC(2026, 2, 8, 6, 59), timeZone: 'America/New_York', expected: false },
    { name: 'spring forward: next minute is 03:00 EDT, the end', recipient: interval('02:00-03:00'), now: Date.UTC(2026, 2, 8, 7, 0), timeZone: 'America/New_York', expected: false },
    // fall back 2026-11-01: 01:00-02:00 local happens twice
    { name: 'fall back: first 01:30 (EDT) inside 01:00-02:00', recipient: interval('01:00-02:00'), now: Date.UTC(2026, 10, 1, 5, 30), timeZone: 'America/New_York', expected: true },
    { name: 'fall back: second 01:30 (EST) inside 01:00-02:00', recipient: interval('01:00-02:00'), now: Date.UTC(2026, 10, 1, 6, 30), timeZone: 'America/New_York', expected: true },
    { name: 'fall back: 02:00 EST is the end', recipient: interval('01:00-02:00'), now: Date.UTC(2026, 10, 1, 7, 0), timeZone: 'America/New_York', expected: false },

    // legacy hours
    { name: 'legacy on 22-7 at 23:00', recipient: { legacy: { on: true, start: 22, end: 7 } }, now: shanghai(23, 0), expected: true },
    { name: 'legacy on 22-7 at 06:59', recipient: { legacy: { on: true, start: 22, end: 7 } }, now: shanghai(6, 59), expected: true },
    { name: 'legacy on 22-7 at 07:00 (end)', recipient: { legacy: { on: true, start: 22, end: 7 } }, now: shanghai(7, 0), expected: false },
    { name: 'legacy on 22-7 at 21:59', recipient: { legacy: { on: true, start: 22, end: 7 } }, now: shanghai(21, 59), expected: false },
    { name: 'legacy on 8-20 at 08:00 (start)', recipient: { legacy: { on: true, start: 8, end: 20 } }, now: shanghai(8, 0), expected: true },
    { name: 'legacy on 8-20 at 19:59 (end-1)', recipient: { legacy: { on: true, start: 8, end: 20 } }, now: shanghai(19, 59), expected: true },
    { name: 'legacy on 8-20 at 20:00 (end)', recipient: { legacy: { on: true, start: 8, end: 20 } }, now: shanghai(20, 0), expected: false },
    { name: 'legacy off ignores the hours', recipient: { legacy: { on: false, start: 22, end: 7 } }, now: shanghai(23, 0), expected: false },
    { name: 'legacy unset ignores the hours', recipient: { legacy: { on: null, start: 22, end: 7 } }, now: shanghai(23, 0), expected: false },
    { name: 'legacy on without a start', recipient: { legacy: { on: true, start: null, end: 7 } }, now: shanghai(3, 0), expected: false },
    { name: 'legacy on without an end', recipient: { legacy: { on: true, start: 22, end: null } }, now: shanghai(23, 0), expected: false },
    { name: 'legacy hours in the zone', recipient: { legacy: { on: true, start: 22, end: 7 } }, now: Date.UTC(2026, 6, 15, 2, 0), timeZone: 'America/New_York', expected: true },
    { name: 'legacy and interval both count (legacy matches)', recipient: { ...interval('08:00-09:00'), legacy: { on: true, start: 22, end: 7 } }, now: shanghai(23, 0), expected: true },
    { name: 'legacy and interval both count (interval matches)', recipient: { ...interval('08:00-09:00'), legacy: { on: true, start: 22, end: 7 } }, now: shanghai(8, 30), expected: true },
    { name: 'legacy and interval both count (neither)', recipient: { ...interval('08:00-09:00'), legacy: { on: true, start: 22, end: 7 } }, now: shanghai(12, 0), expected: false },

    // app-wide ignore_until
    { name: 'app-wide until in the future', recipient: { appWide: setting({ ignore_until: NOW + 1 }) }, now: NOW, expected: true },
    { name: 'app-wide until now is expired', recipient: { appWide: setting({ ignore_until: NOW }) }, now: NOW, expected: false },
    { name: 'app-wide until in the past', recipient: { appWide: setting({ ignore_until: NOW - 1 }) }, now: NOW, expected: false },
    { name: 'app-wide until ignores the clock of day', recipient: { appWide: setting({ ignore_until: NOW + 1, ignore_interval: '00:00-00:00' }) }, now: NOW, expected: true },
    // conversation ignore_until
    { name: 'conversation until in the future', recipient: { conversation: setting({ ignore_until: NOW + 1 }) }, now: NOW, expected: true },
    { name: 'conversation until now is expired', recipient: { conversation: setting({ ignore_until: NOW }) }, now: NOW, expected: false },
    { name: 'conversation until in the past', recipient: { conversation: setting({ ignore_until: NOW - 1 }) }, now: NOW, expected: false },
    // a conversation-level interval does not count (decided)
    { name: 'a conversation interval does not count', recipient: { conversation: setting({ ignore_interval: '00:00-23:59' }) }, now: shanghai(12, 0), expected: false },
    { name: 'a conversation all-day interval does not count', recipient: { conversation: setting({ ignore_interval: '09:00-09:00' }) }, now: shanghai(12, 0), expected: false },
    { name: 'an expired app-wide until does not hide an active window', recipient: { appWide: setting({ ignore_until: NOW - 1, ignore_interval: '11:00-13:00' }) }, now: shanghai(12, 0), expected: true }
  ]
  for (const c of cases) {
    t.equal(inDoNotDisturb(recipient(c.recipient), { now: c.now, timeZone: c.timeZone ?? SH }), c.expected, c.name)
  }
})

t.test('each DND source suppresses through decide, and force lets each through', async (t) => {
  const at = shanghai(23, 0)
  const sources: Array<[string, Partial<Recipient>]> = [
    ['app-wide interval', interval('22:00-07:00')],
    ['legacy hours', { legacy: { on: true, start: 22, end: 7 } }],
    ['app-wide until', { appWide: setting({ ignore_until: at + 1 }) }],
    ['conversation until', { conversation: setting({ ignore_until: at + 1 }) }]
  ]
  for (const [name, over] of sources) {
    t.strictSame(decide(message(), alice, recipient(over), ctx({ now: at })), [skipped(REASONS.userIgnore, phone)], `${name}: suppressed`)
    t.strictSame(decide(message({ ext: { em_force_notification: true } }), alice, recipient(over), ctx({ now: at })), [delivered(phone)], `${name}: forced`)
  }
  t.strictSame(decide(message(), alice, recipient({ conversation: setting({ ignore_interval: '22:00-07:00' }) }), ctx({ now: at })),
    [delivered(phone)], 'a conversation interval does not suppress')
  t.strictSame(decide(message(), alice, recipient({ appWide: setting({ ignore_until: at }) }), ctx({ now: at })),
    [delivered(phone)], 'an app-wide until equal to now has expired')
  t.strictSame(decide(message(), alice, recipient(interval('22:00-07:00')), ctx({ now: Date.UTC(2026, 6, 15, 2, 0), timeZone: 'America/New_York' })),
    [skipped(REASONS.userIgnore, phone)], 'the window is read in the context time zone')
})

// ---------------------------------------------------------------------------------------------
// effective type and mentions

t.test('effectiveType: conversation over app-wide over ALL', async (t) => {
  const cases: Array<[string, Setting | undefined, Setting | undefined, string]> = [
    ['nothing set', undefined, undefined, 'ALL'],
    ['null types', setting(), setting(), 'ALL'],
    ['app-wide only', setting({ type: 'NONE' }), undefined, 'NONE'],
    ['app-wide AT', setting({ type: 'AT' }), undefined, 'AT'],
    ['conversation only', undefined, setting({ type: 'AT' }), 'AT'],
    ['conversation ALL over app-wide NONE', setting({ type: 'NONE' }), setting({ type: 'ALL' }), 'ALL'],
    ['conversation NONE over app-wide ALL', setting({ type: 'ALL' }), setting({ type: 'NONE' }), 'NONE'],
    ['conversation AT over app-wide NONE', setting({ type: 'NONE' }), setting({ type: 'AT' }), 'AT'],
    ['conversation DEFAULT falls through to app-wide', setting({ type: 'AT' }), setting({ type: 'DEFAULT' }), 'AT'],
    ['conversation null falls through to app-wide', setting({ type: 'NONE' }), setting({ type: null }), 'NONE'],
    ['conversation DEFAULT and app-wide unset give ALL', undefined, setting({ type: 'DEFAULT' }), 'ALL'],
    ['conversation DEFAULT and app-wide null give ALL', setting(), setting({ type: 'DEFAULT' }), 'ALL'],
    ['a DEFAULT app-wide (never stored) gives ALL', setting({ type: 'DEFAULT' }), undefined, 'ALL']
  ]
  for (const [name, appWide, conversation, expected] of cases) {
    t.equal(effectiveType({ appWide, conversation }), expected, name)
  }
})

t.test('mentions: em_at_list names the user or all, at the top or in em_apns_ext', async (t) => {
  const cases: Array<[string, Record<string, unknown>, boolean]> = [
    ['no list', {}, false],
    ['array naming the user', { em_at_list: ['carol', 'bob'] }, true],
    ['array not naming the user', { em_at_list: ['carol', 'dave'] }, false],
    ['empty array', { em_at_list: [] }, false],
    ['"all"', { em_at_list: 'all' }, true],
    ['"All"', { em_at_list: 'All' }, true],
    ['"ALL"', { em_at_list: 'ALL' }, true],
    ['array containing "all"', { em_at_list: ['carol', 'all'] }, true],
    ['array containing "ALL"', { em_at_list: ['ALL'] }, true],
    ['a string naming the user', { em_at_list: 'bob' }, true],
    ['a string naming another user', { em_at_list: 'carol' }, false],
    ['the user in upper case', { em_at_list: ['BOB'] }, true],
    ['a prefix of the user is no match', { em_at_list: ['bo'] }, false],
    ['non-string entries ignored', { em_at_list: [1, null, { bob: true }] }, false],
    ['a non-list value', { em_at_list: { bob: true } }, false],
    ['inside em_apns_ext naming the user', { em_apns_ext: { em_at_list: ['bob'] } }, true],
    ['inside em_apns_ext "All"', { em_apns_ext: { em_at_list: 'All' } }, true],
    ['inside em_apns_ext not naming the user', { em_apns_ext: { em_at_list: ['carol'] } }, false],
    ['either place suffices', { em_at_list: ['carol'], em_apns_ext: { em_at_list: ['bob'] } }, true],
    ['em_apns_ext not an object', { em_apns_ext: 'bob' }, false]
  ]
  for (const [name, ext, expected] of cases) {
    t.equal(mentions(ext, 'bob'), expected, name)
  }
})

t.test('type AT through decide: every kind of mention', async (t) => {
  const at = { appWide: setting({ type: 'AT' }) }
  const cases: Array<[string, Record<string, unknown>, Outcome[]]> = [
    ['array with the user', { em_at_list: ['bob'] }, [delivered(phone)]],
    ['"all"', { em_at_list: 'all' }, [delivered(phone)]],
    ['"All"', { em_at_list: 'All' }, [delivered(phone)]],
    ['"ALL"', { em_at_list: 'ALL' }, [delivered(phone)]],
    ['array with "all"', { em_at_list: ['all'] }, [delivered(phone)]],
    ['list inside em_apns_ext', { em_apns_ext: { em_at_list: ['bob'] } }, [delivered(phone)]],
    ['a list not naming the user', { em_at_list: ['carol'] }, [skipped(REASONS.userIgnore, phone)]],
    ['no list', {}, [skipped(REASONS.userIgnore, phone)]]
  ]
  for (const [name, ext, expected] of cases) {
    t.strictSame(decide(groupMessage({ ext }), alice, recipient(at), ctx()), expected, name)
  }
  t.strictSame(decide(message({ ext: { em_at_list: ['bob'] } }), alice, recipient({ conversation: setting({ type: 'AT' }), appWide: setting({ type: 'NONE' }) }), ctx()),
    [delivered(phone)], 'conversation AT over app-wide NONE, mentioned')
})

// ---------------------------------------------------------------------------------------------
// isTrue and messageText

t.test('isTrue accepts true, "true", "YES" and 1 in any case', async (t) => {
  const cases: Array<[unknown, boolean]> = [
    [true, true], ['true', true], ['TRUE', true], ['True', true], ['YES', true], ['yes', true], ['Yes', true], [1, true], ['1', true],
    [false, false], ['false', false], ['NO', false], ['no', false], [0, false], ['0', false], [2, false], ['', false],
    [null, false], [undefined, false], [{}, false], [[true], false], [' true', false]
  ]
  for (const [value, expected] of cases) {
    t.equal(isTrue(value), expected, JSON.stringify(value) ?? 'undefined')
  }
})

t.test('messageText: the text, or the label of a non-text type', async (t) => {
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['txt', { msg: 'hello' }, 'hello'],
    ['txt', { msg: '' }, ''],
    ['txt', {}, ''],
    ['txt', { msg: 42 }, ''],
    ['img', { url: 'x' }, '[图片]'],
    ['audio', {}, '[语音]'],
    ['video', {}, '[视频]'],
    ['file', {}, '[文件]'],
    ['loc', {}, '[位置]'],
    ['custom', {}, '[自定义消息]'],
    ['cmd', { action: 'x' }, ''],
    ['unknown', { msg: 'hello' }, ''],
    ['img', { msg: 'caption' }, '[图片]']
  ]
  for (const [type, body, expected] of cases) {
    t.equal(messageText({ type, body }), expected, `${type} ${JSON.stringify(body)}`)
  }
  t.equal(TYPE_LABELS.img, '[图片]')
})

// ---------------------------------------------------------------------------------------------
// display

interface DisplayCase {
  name: string
  message?: Message
  sender?: Sender
  recipient?: Partial<Recipient>
  templates?: Record<string, Template>
  expected: { title: string, content: string }
}

const tpl = (title_pattern: string, content_pattern: string): Template => ({ title_pattern, content_pattern })
const stock = { default: tpl('默认 {$fromNickname}', '默认 {$msg}'), detail: tpl('详情 {$fromNickname}', '详情 {$fromNickname}: {$msg}') }
const shown = (title: string, content: string): { title: string, content: string } => ({ title, content })
const noNick: Sender = { username: 'alice', nickname: null }

t.test('display: display style', async (t) => {
  const cases: DisplayCase[] = [
    { name: 'style unset: the stock banner', expected: shown(DEFAULT_TITLE, DEFAULT_CONTENT) },
    { name: 'style 0: the stock banner', recipient: { displayStyle: 0 }, expected: shown(DEFAULT_TITLE, DEFAULT_CONTENT) },
    { name: 'style 0 ignores the nickname', recipient: { displayStyle: 0 }, sender: { username: 'alice', nickname: 'X' }, expected: shown('您有一条新消息', '请点击查看') },
    { name: 'style 1: nickname: msg', recipient: { displayStyle: 1 }, expected: shown(DEFAULT_TITLE, 'Alice: hello') },
    { name: 'style 1 without nickname: username: msg', recipient: { displayStyle: 1 }, sender: noNick, expected: shown(DEFAULT_TITLE, 'alice: hello') },
    { name: 'style 1 group: the group id', recipient: { displayStyle: 1 }, message: groupMessage(), expected: shown(DEFAULT_TITLE, 'g1: hello') },
    { name: 'style 1 group ignores group_user_nickname', recipient: { displayStyle: 1 }, message: groupMessage({ ext: { em_push_ext: { group_user_nickname: 'Ally' } } }), expected: shown(DEFAULT_TITLE, 'g1: hello') },
    { name: 'style 0 group: the stock banner', message: groupMessage(), expected: shown(DEFAULT_TITLE, DEFAULT_CONTENT) },
    { name: 'an unknown style is style 0', recipient: { displayStyle: 2 }, expected: shown(DEFAULT_TITLE, DEFAULT_CONTENT) },
    { name: 'style 1 image', recipient: { displayStyle: 1 }, message: message({ type: 'img', body: { url: 'u' } }), expected: shown(DEFAULT_TITLE, 'Alice: [图片]') },
    { name: 'style 1 audio', recipient: { displayStyle: 1 }, message: message({ type: 'audio', body: {} }), expected: shown(DEFAULT_TITLE, 'Alice: [语音]') },
    { name: 'style 1 video', recipient: { displayStyle: 1 }, message: message({ type: 'video', body: {} }), expected: shown(DEFAULT_TITLE, 'Alice: [视频]') },
    { name: 'style 1 file', recipient: { displayStyle: 1 }, message: message({ type: 'file', body: {} }), expected: shown(DEFAULT_TITLE, 'Alice: [文件]') },
    { name: 'style 1 location', recipient: { displayStyle: 1 }, message: message({ type: 'loc', body: {} }), expected: shown(DEFAULT_TITLE, 'Alice: [位置]') },
    { name: 'style 1 custom', recipient: { displayStyle: 1 }, message: message({ type: 'custom', body: {} }), expected: shown(DEFAULT_TITLE, 'Alice: [自定义消息]') },
    { name: 'style 1 group image', recipient: { displayStyle: 1 }, message: groupMessage({ type: 'img', body: {} }), expected: shown(DEFAULT_TITLE, 'g1: [图片]') }
  ]
  runDisplay(t, cases)
})

t.test('display: default and detail templates follow the style', async (t) => {
  const cases: DisplayCase[] = [
    { name: 'style 0 uses default', templates: stock, expected: shown('默认 Alice', '默认 hello') },
    { name: 'style 1 uses detail', recipient: { displayStyle: 1 }, templates: stock, expected: shown('详情 Alice', '详情 Alice: hello') },
    { name: 'style 0 ignores detail', templates: { detail: stock.detail }, expected: shown(DEFAULT_TITLE, DEFAULT_CONTENT) },
    { name: 'style 1 ignores default', recipient: { displayStyle: 1 }, templates: { default: stock.default }, expected: shown(DEFAULT_TITLE, 'Alice: hello') },
    { name: 'default for a label', message: message({ type: 'loc', body: {} }), templates: stock, expected: shown('默认 Alice', '默认 [位置]') },
    { name: 'default without nickname uses the username', sender: noNick, templates: stock, expected: shown('默认 alice', '默认 hello') },
    { name: 'a numbered placeholder in default stays literal', templates: { default: tpl('T {0}', 'C {1}') }, expected: shown('T {0}', 'C {1}') }
  ]
  runDisplay(t, cases)
})

t.test('display: the sender\'s em_apns_ext and em_push_ext title and content', async (t) => {
  const ext = (e: Record<string, unknown>): Message => message({ ext: e })
  const cases: DisplayCase[] = [
    { name: 'em_apns_ext.em_push_title alone', message: ext({ em_apns_ext: { em_push_title: 'AT' } }), expected: shown('AT', DEFAULT_CONTENT) },
    { name: 'em_apns_ext.em_push_content alone', message: ext({ em_apns_ext: { em_push_content: 'AC' } }), expected: shown(DEFAULT_TITLE, 'AC') },
    { name: 'em_push_ext.title alone', message: ext({ em_push_ext: { title: 'PT' } }), expected: shown('PT', DEFAULT_CONTENT) },
    { name: 'em_push_ext.content alone', message: ext({ em_push_ext: { content: 'PC' } }), expected: shown(DEFAULT_TITLE, 'PC') },
    { name: 'em_apns_ext wins over em_push_ext', message: ext({ em_apns_ext: { em_push_title: 'AT', em_push_content: 'AC' }, em_push_ext: { title: 'PT', content: 'PC' } }), expected: shown('AT', 'AC') },
    { name: 'each field separately: apns title, push content', message: ext({ em_apns_ext: { em_push_title: 'AT' }, em_push_ext: { title: 'PT', content: 'PC' } }), expected: shown('AT', 'PC') },
    { name: 'each field separately: push title, apns content', message: ext({ em_apns_ext: { em_push_content: 'AC' }, em_push_ext: { title: 'PT', content: 'PC' } }), expected: shown('PT', 'AC') },
    { name: 'an empty apns title falls through to em_push_ext', message: ext({ em_apns_ext: { em_push_title: '' }, em_push_ext: { title: 'PT' } }), expected: shown('PT', DEFAULT_CONTENT) },
    { name: 'non-string values are ignored', message: ext({ em_apns_ext: { em_push_title: 7 }, em_push_ext: { content: true } }), expected: shown(DEFAULT_TITLE, DEFAULT_CONTENT) },
    { name: 'over the style-1 summary', recipient: { displayStyle: 1 }, message: ext({ em_push_ext: { content: 'PC' } }), expected: shown(DEFAULT_TITLE, 'PC') },
    { name: 'over the default template', templates: stock, message: ext({ em_apns_ext: { em_push_title: 'AT' } }), expected: shown('AT', '默认 hello') },
    { name: 'over the detail template', recipient: { displayStyle: 1 }, templates: stock, message: ext({ em_push_ext: { content: 'PC' } }), expected: shown('详情 Alice', 'PC') },
    { name: 'sent text is shown as is, no placeholder expansion', message: ext({ em_push_ext: { title: '{$fromNickname}', content: '{0}' } }), expected: shown('{$fromNickname}', '{0}') }
  ]
  runDisplay(t, cases)
})

t.test('display: recipient\'s template, then the sender\'s em_push_template', async (t) => {
  const templates = {
    ...stock,
    mine: tpl('mine-t {$fromNickname}', 'mine-c {$msg}'),
    theirs: tpl('theirs-t', 'theirs-c'),
    args: tpl('{0} and {1}', '{1}-{0}-{2}'),
    dyn: tpl('{$dynamicFrom}', '{$dynamicFrom}: {$msg}'),
    directed: tpl('directed-t {0}', 'directed-c {0}')
  }
  const pushed = { em_apns_ext: { em_push_title: 'AT', em_push_content: 'AC' } }
  const sent = (e: Record<string, unknown>, group = false): Message => group ? groupMessage({ ext: e }) : message({ ext: e })
  const cases: DisplayCase[] = [
    { name: 'the recipient\'s template over the default', templates, recipient: { templateName: 'mine' }, expected: shown('mine-t Alice', 'mine-c hello') },
    { name: 'the recipient\'s template over em_apns_ext', templates, recipient: { templateName: 'mine' }, message: sent(pushed), expected: shown('mine-t Alice', 'mine-c hello') },
    { name: 'the recipient\'s template over the style-1 summary', templates, recipient: { templateName: 'mine', displayStyle: 1 }, expected: shown('mine-t Alice', 'mine-c hello') },
    { name: 'a missing recipient template falls through to em_apns_ext', templates, recipient: { templateName: 'gone' }, message: sent(pushed), expected: shown('AT', 'AC') },
    { name: 'a missing recipient template falls through to default', templates, recipient: { templateName: 'gone' }, expected: shown('默认 Alice', '默认 hello') },
    { name: 'an empty recipient template name falls through', templates, recipient: { templateName: '' }, expected: shown('默认 Alice', '默认 hello') },
    { name: 'the sender\'s template over the recipient\'s', templates, recipient: { templateName: 'mine' }, message: sent({ em_push_template: { name: 'theirs' } }), expected: shown('theirs-t', 'theirs-c') },
    { name: 'the sender\'s template over em_apns_ext', templates, message: sent({ ...pushed, em_push_template: { name: 'theirs' } }), expected: shown('theirs-t', 'theirs-c') },
    { name: 'a missing sender template falls through to the recipient\'s', templates, recipient: { templateName: 'mine' }, message: sent({ em_push_template: { name: 'gone' } }), expected: shown('mine-t Alice', 'mine-c hello') },
    { name: 'a missing sender template falls through to em_apns_ext', templates, message: sent({ ...pushed, em_push_template: { name: 'gone' } }), expected: shown('AT', 'AC') },
    { name: 'an empty sender template name falls through', templates, recipient: { templateName: 'mine' }, message: sent({ em_push_template: { name: '' } }), expected: shown('mine-t Alice', 'mine-c hello') },
    { name: 'a non-string sender template name falls through', templates, recipient: { templateName: 'mine' }, message: sent({ em_push_template: { name: 5 } }), expected: shown('mine-t Alice', 'mine-c hello') },
    { name: 'a sender template without a name falls through', templates, recipient: { templateName: 'mine' }, message: sent({ em_push_template: { title_args: ['x'] } }), expected: shown('mine-t Alice', 'mine-c hello') },
    { name: 'both missing fall through to the stock banner', message: sent({ em_push_template: { name: 'gone' } }), recipient: { templateName: 'gone2' }, expected: shown(DEFAULT_TITLE, DEFAULT_CONTENT) },

    // {0}..{n}
    { name: 'args fill {0} and {1}', templates, message: sent({ em_push_template: { name: 'args', title_args: ['A', 'B'], content_args: ['x', 'y', 'z'] } }), expected: shown('A and B', 'y-x-z') },
    { name: 'a missing arg stays literal', templates, message: sent({ em_push_template: { name: 'args', title_args: ['A'], content_args: ['x', 'y'] } }), expected: shown('A and {1}', 'y-x-{2}') },
    { name: 'no args: every numbered placeholder stays literal', templates, message: sent({ em_push_template: { name: 'args' } }), expected: shown('{0} and {1}', '{1}-{0}-{2}') },
    { name: 'non-array args are no args', templates, message: sent({ em_push_template: { name: 'args', title_args: 'A', content_args: { 0: 'x' } } }), expected: shown('{0} and {1}', '{1}-{0}-{2}') },
    { name: 'number args are written out, others stay literal', templates, message: sent({ em_push_template: { name: 'args', title_args: [7, null], content_args: [true, 0.5] } }), expected: shown('7 and {1}', '0.5-{0}-{2}') },
    { name: 'args containing built-ins are expanded', templates, message: sent({ em_push_template: { name: 'args', title_args: ['{$fromNickname}', '{$msg}'], content_args: ['{$dynamicFrom}'] } }), expected: shown('Alice and hello', '{1}-Alice-{2}') },
    { name: 'the recipient\'s template has no args', templates, recipient: { templateName: 'args' }, expected: shown('{0} and {1}', '{1}-{0}-{2}') },

    // {$dynamicFrom}
    { name: '{$dynamicFrom} in a group is group_user_nickname', templates, message: sent({ em_push_template: { name: 'dyn' }, em_push_ext: { group_user_nickname: 'Ally' } }, true), expected: shown('Ally', 'Ally: hello') },
    { name: '{$dynamicFrom} in a group without it is the nickname', templates, message: sent({ em_push_template: { name: 'dyn' } }, true), expected: shown('Alice', 'Alice: hello') },
    { name: '{$dynamicFrom} in a group with an empty one is the nickname', templates, message: sent({ em_push_template: { name: 'dyn' }, em_push_ext: { group_user_nickname: '' } }, true), expected: shown('Alice', 'Alice: hello') },
    { name: '{$dynamicFrom} in a 1:1 chat ignores group_user_nickname', templates, message: sent({ em_push_template: { name: 'dyn' }, em_push_ext: { group_user_nickname: 'Ally' } }), expected: shown('Alice', 'Alice: hello') },
    { name: '{$dynamicFrom} without nickname is the username', templates, sender: noNick, message: sent({ em_push_template: { name: 'dyn' } }), expected: shown('alice', 'alice: hello') },
    { name: '{$dynamicFrom} in a group without nickname or group nickname', templates, sender: noNick, message: sent({ em_push_template: { name: 'dyn' } }, true), expected: shown('alice', 'alice: hello') },
    { name: '{$dynamicFrom} in the recipient\'s template', templates, recipient: { templateName: 'dyn' }, message: sent({ em_push_ext: { group_user_nickname: 'Ally' } }, true), expected: shown('Ally', 'Ally: hello') },

    // directed template
    { name: 'a directed target gets the directed template', templates, message: sent({ em_push_template: { name: 'theirs', directed_template: { target: ['bob'], name: 'directed', title_args: ['T'], content_args: ['C'] } } }, true), expected: shown('directed-t T', 'directed-c C') },
    { name: 'directed targets match case-insensitively', templates, message: sent({ em_push_template: { name: 'theirs', directed_template: { target: ['BOB'], name: 'directed', title_args: ['T'], content_args: ['C'] } } }, true), expected: shown('directed-t T', 'directed-c C') },
    { name: 'a non-target gets the main template', templates, recipient: { username: 'carol' }, message: sent({ em_push_template: { name: 'theirs', directed_template: { target: ['bob'], name: 'directed' } } }, true), expected: shown('theirs-t', 'theirs-c') },
    { name: 'the directed template outranks the recipient\'s', templates, recipient: { templateName: 'mine' }, message: sent({ em_push_template: { name: 'theirs', directed_template: { target: ['bob'], name: 'directed' } } }, true), expected: shown('directed-t {0}', 'directed-c {0}') },
    { name: 'the directed template does not take the main args', templates, message: sent({ em_push_template: { name: 'theirs', title_args: ['main'], directed_template: { target: ['bob'], name: 'directed' } } }, true), expected: shown('directed-t {0}', 'directed-c {0}') },
    { name: 'a non-target without a main template gets em_push_ext', templates, recipient: { username: 'carol' }, message: sent({ em_push_ext: { title: 'PT', content: 'PC' }, em_push_template: { directed_template: { target: ['bob'], name: 'directed' } } }, true), expected: shown('PT', 'PC') },
    { name: 'a target whose directed template is missing gets the main template', templates, recipient: { templateName: 'mine' }, message: sent({ em_push_template: { name: 'theirs', directed_template: { target: ['bob'], name: 'gone' } } }, true), expected: shown('theirs-t', 'theirs-c') },
    { name: 'a target whose directed and main templates are missing falls through', templates, recipient: { templateName: 'mine' }, message: sent({ em_push_template: { name: 'lost', directed_template: { target: ['bob'], name: 'gone' } } }, true), expected: shown('mine-t Alice', 'mine-c hello') },
    { name: 'the directed template is ignored in a 1:1 chat', templates, message: sent({ em_push_template: { name: 'theirs', directed_template: { target: ['bob'], name: 'directed' } } }), expected: shown('theirs-t', 'theirs-c') },
    { name: 'the directed template alone is ignored in a 1:1 chat', templates, recipient: { templateName: 'mine' }, message: sent({ em_push_template: { directed_template: { target: ['bob'], name: 'directed' } } }), expected: shown('mine-t Alice', 'mine-c hello') },
    { name: 'a non-array target directs nobody', templates, message: sent({ em_push_template: { name: 'theirs', directed_template: { target: 'bob', name: 'directed' } } }, true), expected: shown('theirs-t', 'theirs-c') }
  ]
  runDisplay(t, cases)
})

t.test('decide shows the directed template to targets only, per recipient', async (t) => {
  const templates = registry({ main: tpl('main', 'main {$msg}'), directed: tpl('@{0}', 'for you: {$msg}') })
  const msg = groupMessage({ ext: { em_push_template: { name: 'main', directed_template: { target: ['bob'], name: 'directed', title_args: ['Bob'] } } } })
  t.strictSame(decide(msg, alice, recipient(), ctx({ template: templates })), [delivered(phone, '@Bob', 'for you: hello')], 'target')
  t.strictSame(decide(msg, alice, recipient({ username: 'carol', bindings: [tablet] }), ctx({ template: templates })),
    [delivered(tablet, 'main', 'main hello', 'carol')], 'non-target')
})

function runDisplay (t: Test, cases: DisplayCase[]): void {
  for (const c of cases) {
    const got = display(c.message ?? message(), c.sender ?? alice, recipient(c.recipient), registry(c.templates))
    t.strictSame(got, c.expected, c.name)
  }
}
