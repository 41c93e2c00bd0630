import t from 'tap'
import {
  decide, decideTraced, doNotDisturbCause, traceOf, unknownRecipient,
  type Context, type Device, type Message, type Recipient, type Setting, type TraceStep
} from '../../src/domain/delivery.js'

/**
 * The decision trace (`decideTraced`): the same rules as `decide`, noted as they run, so each
 * outcome says which rules the recipient passed and which one stopped it.
 */

/** 12:00 in Asia/Shanghai. */
const NOW = Date.UTC(2026, 0, 1, 4, 0)
const phone: Device = { device_id: 'phone-1', notifier_name: 'apns', device_token: 'tok' }
const tablet: Device = { device_id: 'tab-1', notifier_name: 'fcm', device_token: 'tok2' }
const setting = (over: Partial<Setting> = {}): Setting => ({ type: null, ignore_interval: null, ignore_until: null, ...over })
const recipient = (over: Partial<Recipient> = {}): Recipient => ({ ...unknownRecipient('bob'), exists: true, bindings: [phone], ...over })
const message = (over: Partial<Message> = {}): Message =>
  ({ id: 'm1', from: 'alice', chatType: 'chat', groupId: null, type: 'txt', body: { msg: 'hi' }, ext: {}, ...over })
const ctx: Context = { now: NOW, timeZone: 'Asia/Shanghai', template: () => undefined }
const alice = { username: 'alice', nickname: null }

const pass = (rule: TraceStep['rule'], detail: string): TraceStep => ({ rule, passed: true, detail })
const stop = (rule: TraceStep['rule'], detail: string): TraceStep => ({ rule, passed: false, detail })
const upToDnd = [pass('user exists', 'the user has an account'), pass('user offline', 'the user is offline'), pass('message pushable', 'a txt message may be pushed')]
const clear = pass('do not disturb', 'outside every do-not-disturb window')

t.test('each outcome carries the rules it passed and the one that stopped it', async (t) => {
  const cases: Array<{ name: string, m?: Message, r?: Partial<Recipient>, traces: TraceStep[][] }> = [
    { name: 'no user', r: { exists: false }, traces: [[stop('user exists', 'no user exist')]] },
    { name: 'online', r: { online: true }, traces: [[upToDnd[0] as TraceStep, stop('user offline', 'the user is online (PUT /_mock/presence): no offline push')]] },
    { name: 'ignored message', m: message({ ext: { em_ignore_notification: true } }), traces: [[...upToDnd.slice(0, 2), stop('message pushable', 'the message sets em_ignore_notification')]] },
    { name: 'command message', m: message({ type: 'cmd' }), traces: [[...upToDnd.slice(0, 2), stop('message pushable', 'a command message is never shown')]] },
    {
      name: 'inside the interval',
      r: { appWide: setting({ ignore_interval: '11:00-13:00' }) },
      traces: [[...upToDnd, stop('do not disturb', 'inside the app-wide ignoreInterval 11:00-13:00 (Asia/Shanghai)')]]
    },
    {
      name: 'forced through DND',
      m: message({ ext: { em_force_notification: true } }),
      r: { appWide: setting({ ignore_interval: '11:00-13:00' }) },
      traces: [[...upToDnd, pass('do not disturb', 'em_force_notification overrides do-not-disturb'), pass('notification type', 'type ALL'), pass('push binding', '1 bound device'), pass('device filter', 'apns phone-1 is not filtered out')]]
    },
    { name: 'type NONE', r: { appWide: setting({ type: 'NONE' }) }, traces: [[...upToDnd, clear, stop('notification type', 'type NONE')]] },
    {
      name: 'type AT, not named',
      r: { conversation: setting({ type: 'AT' }) },
      traces: [[...upToDnd, clear, pass('notification type', 'type AT'), stop('notification type', 'type AT and em_at_list does not name the user')]]
    },
    {
      name: 'type AT, named',
      m: message({ ext: { em_at_list: ['bob'] } }),
      r: { conversation: setting({ type: 'AT' }), bindings: [] },
      traces: [[...upToDnd, clear, pass('notification type', 'type AT'), pass('notification type', 'em_at_list names the user'), stop('push binding', 'no push binding')]]
    },
    {
      name: 'two devices, one filtered out',
      m: message({ ext: { em_push_filter: { ignore_device_id: ['tab-1'] } } }),
      r: { bindings: [phone, tablet] },
      traces: [
        [...upToDnd, clear, pass('notification type', 'type ALL'), pass('push binding', '2 bound devices'), pass('device filter', 'apns phone-1 is not filtered out')],
        [...upToDnd, clear, pass('notification type', 'type ALL'), pass('push binding', '2 bound devices'), stop('device filter', 'em_push_filter leaves out fcm tab-1')]
      ]
    }
  ]
  for (const c of cases) {
    const traced = decideTraced(c.m ?? message(), alice, recipient(c.r), ctx)
    t.strictSame(traced.map(o => o.trace), c.traces, c.name)
    // The trace is beside the decision, never a second copy of it.
    t.strictSame(traced.map(({ trace: _trace, ...o }) => o), decide(c.m ?? message(), alice, recipient(c.r), ctx), `${c.name}: the same outcomes as decide`)
  }
})

t.test('doNotDisturbCause names the source that holds', async (t) => {
  const at = { now: NOW, timeZone: 'Asia/Shanghai' }
  t.equal(doNotDisturbCause(recipient(), at), undefined, 'none')
  t.equal(doNotDisturbCause(recipient({ appWide: setting({ ignore_until: NOW + 1 }) }), at), `app-wide ignoreDuration runs until ${new Date(NOW + 1).toISOString()}`)
  t.equal(doNotDisturbCause(recipient({ conversation: setting({ ignore_until: NOW + 1 }) }), at), `the conversation's ignoreDuration runs until ${new Date(NOW + 1).toISOString()}`)
  t.equal(doNotDisturbCause(recipient({ legacy: { on: true, start: 11, end: 13 } }), at), 'inside the legacy do-not-disturb hours 11–13 (Asia/Shanghai)')
  t.equal(doNotDisturbCause(recipient({ appWide: setting({ ignore_interval: '13:00-14:00' }), legacy: { on: true, start: 13, end: 14 } }), at), undefined, 'both windows elsewhere')
})

t.test('traceOf runs the rules again on what they first ran on, for one device', async (t) => {
  const basis = { message: message({ ext: { em_push_filter: { ignore_device_id: ['tab-1'] } } }), sender: alice, recipient: recipient({ bindings: [phone, tablet] }), now: NOW, timeZone: 'Asia/Shanghai' }
  const traced = decideTraced(basis.message, alice, basis.recipient, ctx)
  t.strictSame(traceOf(basis, 'tab-1'), traced[1]?.trace, 'the filtered device')
  t.strictSame(traceOf(basis, 'phone-1'), traced[0]?.trace, 'the other')
  const nobody = { ...basis, recipient: recipient({ exists: false }) }
  t.strictSame(traceOf(nobody, null), [stop('user exists', 'no user exist')], 'the device-less record')
  t.strictSame(traceOf(nobody, 'gone'), [stop('user exists', 'no user exist')], 'a device no outcome names: the first outcome')
})
