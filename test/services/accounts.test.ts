import t from 'tap'
import { bindingAction } from '../../src/domain/push-binding.js'
import { emptyToNull } from '../../src/domain/coerce.js'
import { T0 } from '../helper.js'
import { outcome, services } from './services.js'

/** `services.accounts`: update, delete, preferences, nicknames in bulk and bindings. */

const NO_USER = { status: 400, error: 'required_property_not_found', description: 'Entity user requires a property named username' }
const NOT_FOUND = { status: 404, error: 'service_resource_not_found', description: 'Service resource not found' }
const illegal = (description: string) => ({ status: 400, error: 'illegal_argument', description })
const invalid = (field: string) => illegal(`parameters is invalid : ${field}`)

t.test('"" clears a text field; what a binding request does', async (t) => {
  const texts: Array<[string, string | null]> = [['', null], ['en', 'en'], [' ', ' ']]
  for (const [value, expected] of texts) t.equal(emptyToNull(value), expected, JSON.stringify(value))
  const bindings: Array<[device_token: string, notifier_name: string, expected: string]> = [
    ['tok', 'apns', 'bind'],
    ['', 'apns', 'unbind_one'],
    ['tok', '', 'unbind_device'],
    ['', '', 'unbind_device'] // the empty notifier wins: the whole device goes
  ]
  for (const [device_token, notifier_name, expected] of bindings) {
    t.equal(bindingAction({ device_token, notifier_name }), expected, `token ${JSON.stringify(device_token)}, notifier ${JSON.stringify(notifier_name)}`)
  }
})

t.test('update: a bad field writes nothing; the user is looked up first', async (t) => {
  const h = services(t)
  h.users('alice')
  const cases: Array<[username: string, body: Record<string, unknown>, expected: unknown]> = [
    ['alice', { nickname: 'Al', notification_display_style: '1' }, { ok: { nickname: 'Al', notification_display_style: 1 } }],
    ['ALICE', { nickname: '' }, { ok: { nickname: null, notification_display_style: 1 } }],
    ['alice', { nickname: 'x', notification_display_style: 2 }, invalid('notification_display_style')],
    ['bob', { nickname: 'x' }, NO_USER]
  ]
  for (const [username, body, expected] of cases) {
    t.strictSame(outcome(() => {
      const u = h.s.accounts.update(h.appId, username, body, T0)
      return { nickname: u.nickname, notification_display_style: u.notification_display_style }
    }), expected, JSON.stringify(body))
  }
  t.equal(h.s.users.find(h.appId, 'alice')?.nickname, null, 'the bad update left the nickname as it was')
  // With a binding in the body, the device is bound in the same transaction.
  h.s.accounts.update(h.appId, 'alice', { device_id: 'd1', device_token: 't', notifier_name: 'n' }, T0)
  t.strictSame(h.s.accounts.bindings(h.appId, 'alice', T0), [{ device_id: 'd1', device_token: 't', notifier_name: 'n' }])
})

t.test('with --auto-create-users an update creates the user even when its body is bad', async (t) => {
  const h = services(t, ['--auto-create-users'])
  t.strictSame(outcome(() => h.s.accounts.update(h.appId, 'carol', { notification_display_style: 5 }, T0)), invalid('notification_display_style'))
  t.equal(h.s.users.find(h.appId, 'carol')?.username, 'carol')
})

t.test('remove: the account, or the account 404', async (t) => {
  const h = services(t)
  h.users('alice')
  t.strictSame(outcome(() => h.s.accounts.remove(h.appId, 'Alice', T0).username), { ok: 'alice' })
  t.strictSame(outcome(() => h.s.accounts.remove(h.appId, 'alice', T0)), NOT_FOUND)
})

t.test('language and template: set, cleared by "", never set reads ""', async (t) => {
  const h = services(t)
  h.users('alice')
  const steps: Array<[language: string | undefined, template: string | undefined, expected: [string, string]]> = [
    [undefined, undefined, ['', '']],
    ['en', 'welcome', ['en', 'welcome']],
    ['', undefined, ['', 'welcome']],
    [undefined, '', ['', '']]
  ]
  for (const [language, template, expected] of steps) {
    if (language !== undefined) h.s.accounts.setLanguage(h.appId, 'alice', language, T0)
    if (template !== undefined) h.s.accounts.setTemplate(h.appId, 'alice', template, T0)
    t.strictSame([h.s.accounts.language(h.appId, 'alice', T0), h.s.accounts.template(h.appId, 'alice', T0)], expected, `${language}, ${template}`)
  }
  t.strictSame(outcome(() => h.s.accounts.setLanguage(h.appId, 'bob', 'en', T0)), NO_USER)
  t.strictSame(outcome(() => h.s.accounts.template(h.appId, 'bob', T0)), NO_USER)
})

t.test('push nicknames in bulk: the batch checks, and one unknown user writes nothing', async (t) => {
  const h = services(t)
  h.users('alice', 'bob')
  const item = (username: string, push_nickname: string) => ({ username, push_nickname })
  const cases: Array<[items: Array<{ username: string, push_nickname: string }>, expected: unknown, after: [unknown, unknown]]> = [
    [[], illegal('put user push nicknames illegal empty request body'), [null, null]],
    [Array.from({ length: 51 }, () => item('alice', 'A')), illegal('put user push nicknames exceeds the limit'), [null, null]],
    [[item('alice', 'A'), item('bob', 'x'.repeat(101))], illegal('bob push nickname length exceeds the limit'), [null, null]],
    [[item('alice', 'A'), item('carol', 'C')], NO_USER, [null, null]],
    [[item('Alice', 'A'), item('bob', 'B')], { ok: [{ push_nickname: 'A', username: 'alice' }, { push_nickname: 'B', username: 'bob' }] }, ['A', 'B']],
    [[item('bob', '')], { ok: [{ push_nickname: '', username: 'bob' }] }, ['A', null]]
  ]
  for (const [items, expected, after] of cases) {
    t.strictSame(outcome(() => h.s.accounts.setNicknames(h.appId, items, T0)), expected, JSON.stringify(items).slice(0, 60))
    t.strictSame(['alice', 'bob'].map(u => h.s.users.find(h.appId, u)?.nickname), after, 'nicknames after')
  }
})

t.test('bindings: the device is checked before the user', async (t) => {
  const h = services(t)
  h.users('alice')
  const b = (device_id: string, device_token: string, notifier_name: string) => ({ device_id, device_token, notifier_name })
  const cases: Array<[username: string, body: ReturnType<typeof b>, expected: unknown]> = [
    ['nobody', b('', 't', 'n'), invalid('device_id')],
    ['nobody', b('d1', 't', 'n'), NO_USER],
    ['alice', b('d1', 't1', 'n1'), { ok: [b('d1', 't1', 'n1')] }],
    ['alice', b('d1', 't2', 'n2'), { ok: [b('d1', 't1', 'n1'), b('d1', 't2', 'n2')] }],
    ['alice', b('d1', '', 'n1'), { ok: [b('d1', 't2', 'n2')] }],
    ['alice', b('d2', 't3', 'n3'), { ok: [b('d2', 't3', 'n3')] }],
    ['alice', b('d1', 'x', ''), { ok: [] }]
  ]
  for (const [username, body, expected] of cases) t.strictSame(outcome(() => h.s.accounts.bind(h.appId, username, body, T0)), expected, JSON.stringify(body))
  t.strictSame(h.s.accounts.bindings(h.appId, 'alice', T0), [b('d2', 't3', 'n3')])
})
