import t from 'tap'
import fc from 'fast-check'
import {
  decide,
  display,
  effectiveType,
  inDoNotDisturb,
  isTrue,
  mentions,
  REASONS,
  type Context,
  type Device,
  type Message,
  type Recipient,
  type Sender,
  type Setting,
  type Template
} from '../../src/domain/delivery.js'

/**
 * Precedence properties of the delivery decision (decisions.md "Delivery simulation"), over
 * arbitrary recipient state, message ext and time.
 */

const RUNS = { numRuns: 200 }
const BASE = Date.UTC(2026, 0, 1, 0, 0)

const hhmm = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
  .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`)
/** Mostly `true`, sometimes `false`, so most worlds reach the later rules. */
const mostly = (weight: number): fc.Arbitrary<boolean> =>
  fc.oneof({ arbitrary: fc.constant(true), weight }, { arbitrary: fc.constant(false), weight: 1 })

const intervalArb = fc.oneof(
  { arbitrary: fc.constant(null), weight: 3 },
  fc.constant(''),
  fc.constant('00:00-00:00'),
  fc.tuple(hhmm, hhmm).map(([a, b]) => `${a}-${b}`)
)
const nowArb = fc.integer({ min: 0, max: 366 * 24 * 60 }).map(minutes => BASE + minutes * 60_000 + 1234)
/** An expiry near `now`: null, past, exactly now or future. */
const untilOffsetArb = fc.option(
  fc.oneof(fc.integer({ min: -3 * 3_600_000, max: 3 * 3_600_000 }), fc.constantFrom(-1, 0, 1)),
  { nil: null, freq: 2 })

const settingArb = (types: Array<string | null>): fc.Arbitrary<(now: number) => Setting> =>
  fc.record({ type: fc.constantFrom(...types), ignore_interval: intervalArb, ignore_until: untilOffsetArb })
    .map(s => (now: number) => ({ ...s, ignore_until: s.ignore_until === null ? null : now + s.ignore_until }))

const deviceArb: fc.Arbitrary<Device> = fc.record({
  device_id: fc.constantFrom('d1', 'd2', 'd3', 'd4'),
  notifier_name: fc.constantFrom('apns', 'fcm', 'huawei'),
  device_token: fc.string({ minLength: 1, maxLength: 8 })
})

const usernameArb = fc.constantFrom('bob', 'carol', 'dave')

/** A recipient built against a `now`, so expiries land around it. */
const recipientArb: fc.Arbitrary<(now: number) => Recipient> = fc.record({
  username: usernameArb,
  exists: mostly(6),
  online: mostly(6).map(offline => !offline),
  displayStyle: fc.constantFrom(null, 0, 1),
  legacy: fc.record({
    on: fc.constantFrom(null, null, null, true, false),
    start: fc.option(fc.integer({ min: 0, max: 23 }), { nil: null }),
    end: fc.option(fc.integer({ min: 0, max: 23 }), { nil: null })
  }),
  appWide: fc.option(settingArb([null, 'ALL', 'AT', 'NONE']), { nil: undefined }),
  conversation: fc.option(settingArb([null, 'DEFAULT', 'ALL', 'AT', 'NONE']), { nil: undefined }),
  templateName: fc.constantFrom(null, '', 'mine', 'gone'),
  bindings: fc.uniqueArray(deviceArb, { maxLength: 4, selector: d => `${d.device_id}/${d.notifier_name}` }),
  // A blocked group has table tests of its own (test/domain/delivery.test.ts).
  groupBlocked: fc.constant(false)
}).map(r => (now: number) => ({
  ...r,
  appWide: r.appWide?.(now),
  conversation: r.conversation?.(now)
}))

const flagArb = fc.oneof(
  { arbitrary: fc.constant<unknown>(undefined), weight: 8 },
  fc.constantFrom<unknown>(true, false, 'true', 'false', 'YES', 'NO', 1, 0))
const atListArb = fc.constantFrom<unknown>(undefined, 'all', 'All', 'ALL', ['bob'], ['carol', 'dave'], ['all'], [], 'bob')

const extArb: fc.Arbitrary<Record<string, unknown>> = fc.record({
  em_ignore_notification: flagArb,
  em_force_notification: flagArb,
  em_at_list: atListArb,
  em_apns_ext: fc.option(fc.record({
    em_at_list: atListArb,
    em_push_title: fc.option(fc.string({ maxLength: 6 }), { nil: undefined }),
    em_push_content: fc.option(fc.string({ maxLength: 6 }), { nil: undefined })
  }, { requiredKeys: [] }), { nil: undefined }),
  em_push_ext: fc.option(fc.record({
    title: fc.string({ maxLength: 6 }),
    content: fc.string({ maxLength: 6 }),
    group_user_nickname: fc.string({ maxLength: 6 })
  }, { requiredKeys: [] }), { nil: undefined }),
  em_push_filter: fc.option(fc.record({
    ignore_device_id: fc.subarray(['d1', 'd2', 'd3', 'd4']),
    accept_notifier_name: fc.subarray(['apns', 'fcm', 'huawei'])
  }, { requiredKeys: [] }), { nil: undefined }),
  em_push_template: fc.option(fc.record({
    name: fc.constantFrom('theirs', 'gone', ''),
    title_args: fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 }),
    directed_template: fc.record({ target: fc.subarray(['bob', 'carol', 'BOB']), name: fc.constantFrom('directed', 'gone') })
  }, { requiredKeys: [] }), { nil: undefined })
}, { requiredKeys: [] })

const messageArb: fc.Arbitrary<Message> = fc.record({
  chatType: fc.constantFrom<'chat' | 'groupchat'>('chat', 'groupchat'),
  type: fc.constantFrom('txt', 'img', 'audio', 'video', 'file', 'loc', 'custom', 'cmd', 'other'),
  msg: fc.string({ maxLength: 10 }),
  ext: extArb
}).map(m => ({
  id: 'm1',
  from: 'alice',
  chatType: m.chatType,
  groupId: m.chatType === 'groupchat' ? 'g1' : null,
  type: m.type,
  body: { msg: m.msg },
  ext: m.ext
}))

const senderArb: fc.Arbitrary<Sender> = fc.record({
  username: fc.string({ minLength: 1, maxLength: 8 }),
  nickname: fc.option(fc.string({ minLength: 1, maxLength: 8 }), { nil: null })
})

const TEMPLATES: Record<string, Template> = {
  default: { title_pattern: 'D {$fromNickname}', content_pattern: 'D {$msg}' },
  detail: { title_pattern: 'T {$dynamicFrom}', content_pattern: '{$fromNickname}: {$msg}' },
  mine: { title_pattern: 'mine {0}', content_pattern: 'mine {$msg}' },
  theirs: { title_pattern: 'theirs {0}', content_pattern: 'theirs' },
  directed: { title_pattern: 'directed', content_pattern: 'directed {$msg}' }
}

const zoneArb = fc.constantFrom('Asia/Shanghai', 'America/New_York', 'UTC')
const withTemplatesArb = fc.boolean()

interface World {
  message: Message
  sender: Sender
  recipient: Recipient
  ctx: Context
}

const worldArb: fc.Arbitrary<World> = fc.record({
  message: messageArb,
  sender: senderArb,
  recipient: recipientArb,
  now: nowArb,
  timeZone: zoneArb,
  withTemplates: withTemplatesArb
}).map(w => ({
  message: w.message,
  sender: w.sender,
  recipient: w.recipient(w.now),
  ctx: { now: w.now, timeZone: w.timeZone, template: (name: string) => w.withTemplates ? TEMPLATES[name] : undefined }
}))

const run = (w: World): ReturnType<typeof decide> => decide(w.message, w.sender, w.recipient, w.ctx)
const withExt = (w: World, ext: Record<string, unknown>): World => ({ ...w, message: { ...w.message, ext: { ...w.message.ext, ...ext } } })

t.test('missing or online users get exactly one device-less skip, never a push', async (t) => {
  fc.assert(fc.property(worldArb, w => {
    if (w.recipient.exists && !w.recipient.online) return
    const expected = w.recipient.exists ? REASONS.online : REASONS.noUser
    t.strictSame(run(w), [{ to: w.recipient.username, outcome: 'skipped', reason: expected, device: null, title: null, content: null }])
  }), RUNS)
})

t.test('decide returns max(1, bindings) records for present offline users, one otherwise', async (t) => {
  fc.assert(fc.property(worldArb, w => {
    const records = run(w)
    const present = w.recipient.exists && !w.recipient.online
    const expected = present ? Math.max(1, w.recipient.bindings.length) : 1
    if (records.length !== expected) throw new Error(`${records.length} records, expected ${expected}`)
    if (present && w.recipient.bindings.length > 0) {
      t.strictSame(records.map(r => r.device), w.recipient.bindings, 'one record per binding, in order')
    } else {
      t.equal(records[0]?.device, null, 'the single record has no device')
    }
    for (const r of records) t.equal(r.to, w.recipient.username)
  }), RUNS)
})

t.test('with em_ignore_notification true (or a cmd message) nothing is delivered', async (t) => {
  fc.assert(fc.property(worldArb, fc.constantFrom<unknown>(true, 'true', 'TRUE', 1), (w0, flag) => {
    const w = withExt(w0, { em_ignore_notification: flag })
    for (const world of [w, { ...w0, message: { ...w0.message, type: 'cmd' } }]) {
      const records = run(world)
      if (records.some(r => r.outcome === 'delivered')) throw new Error('delivered despite ignore')
      if (world.recipient.exists && !world.recipient.online && records.some(r => r.reason !== REASONS.messageIgnore)) {
        throw new Error(`reason ${String(records[0]?.reason)}`)
      }
    }
  }), RUNS)
  t.pass()
})

t.test('force changes nothing when no DND is active', async (t) => {
  fc.assert(fc.property(worldArb, fc.constantFrom<unknown>(true, 'YES', 'true'), (w, force) => {
    fc.pre(!inDoNotDisturb(w.recipient, w.ctx))
    const forced = withExt(w, { em_force_notification: force })
    const unforced = withExt(w, { em_force_notification: false })
    t.strictSame(run(forced), run(unforced))
  }), RUNS)
})

t.test('with force, a user ignore push comes only from type NONE or an unmet AT', async (t) => {
  fc.assert(fc.property(worldArb, w0 => {
    const w = withExt(w0, { em_force_notification: true })
    if (!run(w).some(r => r.reason === REASONS.userIgnore)) return
    const type = effectiveType(w.recipient)
    const byType = type === 'NONE' || (type === 'AT' && !mentions(w.message.ext, w.recipient.username))
    if (!byType) throw new Error(`user ignore push with type ${type}`)
  }), RUNS)
  t.pass()
})

t.test('without force, active DND always means user ignore push (after the earlier rules)', async (t) => {
  fc.assert(fc.property(worldArb, w0 => {
    const w = withExt(w0, { em_force_notification: undefined, em_ignore_notification: undefined })
    fc.pre(w.recipient.exists && !w.recipient.online && w.message.type !== 'cmd' && inDoNotDisturb(w.recipient, w.ctx))
    for (const r of run(w)) {
      if (r.outcome !== 'skipped' || r.reason !== REASONS.userIgnore) throw new Error(JSON.stringify(r))
    }
  }), RUNS)
  t.pass()
})

t.test('a delivered record implies every rule passed', async (t) => {
  fc.assert(fc.property(worldArb, w => {
    const records = run(w)
    if (!records.some(r => r.outcome === 'delivered')) return
    const { recipient, message, ctx } = w
    const type = effectiveType(recipient)
    const ok = recipient.exists && !recipient.online &&
      !isTrue(message.ext.em_ignore_notification) && message.type !== 'cmd' &&
      (isTrue(message.ext.em_force_notification) || !inDoNotDisturb(recipient, ctx)) &&
      (type === 'ALL' || (type === 'AT' && mentions(message.ext, recipient.username))) &&
      recipient.bindings.length > 0
    if (!ok) throw new Error('delivered although a rule should have stopped it')
  }), RUNS)
  t.pass()
})

t.test('skips carry no display; deliveries carry exactly display()', async (t) => {
  fc.assert(fc.property(worldArb, w => {
    const shown = display(w.message, w.sender, w.recipient, w.ctx.template)
    for (const r of run(w)) {
      if (r.outcome === 'delivered') {
        if (r.reason !== null || r.title !== shown.title || r.content !== shown.content) throw new Error(JSON.stringify(r))
      } else if (r.title !== null || r.content !== null || r.reason === null) {
        throw new Error(JSON.stringify(r))
      }
    }
  }), RUNS)
  t.pass()
})

t.test('only the device filter splits one recipient\'s records', async (t) => {
  fc.assert(fc.property(worldArb, w => {
    const reasons = new Set(run(w).map(r => r.reason))
    reasons.delete(null)
    reasons.delete(REASONS.deviceIgnore)
    // any other reason covers every record
    if (reasons.size > 0 && run(w).some(r => r.reason !== [...reasons][0])) throw new Error('mixed reasons')
  }), RUNS)
  t.pass()
})

t.test('display always gives non-empty title and content when no template is stored', async (t) => {
  fc.assert(fc.property(messageArb, senderArb, recipientArb, (message, sender, r) => {
    const shown = display(message, sender, r(BASE), () => undefined)
    if (shown.title === '' || shown.content === '') throw new Error(JSON.stringify(shown))
  }), RUNS)
  t.pass()
})

t.test('display is unaffected by the recipient\'s DND, mode, bindings and presence', async (t) => {
  fc.assert(fc.property(worldArb, recipientArb, (w, other) => {
    const r2 = { ...other(w.ctx.now), username: w.recipient.username, displayStyle: w.recipient.displayStyle, templateName: w.recipient.templateName }
    t.strictSame(display(w.message, w.sender, r2, w.ctx.template), display(w.message, w.sender, w.recipient, w.ctx.template))
  }), RUNS)
})

t.test('a DND window is read in the context time zone: shifting now by whole days changes nothing', async (t) => {
  fc.assert(fc.property(worldArb, fc.integer({ min: -3, max: 3 }), (w, days) => {
    // Shanghai and UTC have no DST, so the minute of the day repeats every 24 hours.
    fc.pre(w.ctx.timeZone !== 'America/New_York')
    const strip = (s: Setting | undefined): Setting | undefined => s === undefined ? undefined : { ...s, ignore_until: null }
    const recipient = { ...w.recipient, appWide: strip(w.recipient.appWide), conversation: strip(w.recipient.conversation) }
    const later = { ...w.ctx, now: w.ctx.now + days * 86_400_000 }
    t.equal(inDoNotDisturb(recipient, later), inDoNotDisturb(recipient, w.ctx))
  }), RUNS)
})

t.test('a conversation interval never matters', async (t) => {
  fc.assert(fc.property(worldArb, intervalArb, (w, interval) => {
    fc.pre(w.recipient.conversation !== undefined)
    const changed = { ...w, recipient: { ...w.recipient, conversation: { ...w.recipient.conversation as Setting, ignore_interval: interval } } }
    t.strictSame(run(changed), run(w))
  }), RUNS)
})
