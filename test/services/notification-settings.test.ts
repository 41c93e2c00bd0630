import t from 'tap'
import { T0 } from '../helper.js'
import { outcome, services } from './services.js'

/** `services.settings`: which setting a path names, and a PUT merged into the stored one. */

const DAY = 86_400_000
const URL_INVALID = { status: 404, error: 'web_application', description: 'url is invalid' }
const NO_USER = { status: 400, error: 'required_property_not_found', description: 'Entity user requires a property named username' }
const invalid = (field: string) => ({ status: 400, error: 'illegal_argument', description: `parameters is invalid : ${field}` })
const never = (type: string) => ({ type, ignoreDuration: 0, ignoreInterval: '' })

t.test('reading: the setting a path names, or the vendor error', async (t) => {
  const h = services(t)
  h.users('alice', 'bob')
  h.s.settings.write(h.appId, { username: 'alice', chattype: 'user', key: 'bob' }, { type: 'NONE' }, T0)
  h.s.settings.write(h.appId, { username: 'alice', chattype: 'chatgroup', key: 'G1' }, { type: 'AT' }, T0)
  const cases: Array<[params: { username: string, chattype: string, key: string }, expected: unknown]> = [
    [{ username: 'alice', chattype: 'user', key: 'alice' }, { ok: never('ALL') }], // app-wide, never set
    [{ username: 'ALICE', chattype: 'user', key: 'Alice' }, { ok: never('ALL') }], // still app-wide
    [{ username: 'alice', chattype: 'user', key: 'carol' }, { ok: never('DEFAULT') }], // a conversation, never set
    [{ username: 'alice', chattype: 'user', key: 'BOB' }, { ok: never('NONE') }], // user keys fold case
    [{ username: 'alice', chattype: 'chatgroup', key: 'G1' }, { ok: never('AT') }],
    [{ username: 'alice', chattype: 'chatgroup', key: 'g1' }, { ok: never('DEFAULT') }], // group ids don't
    [{ username: 'bob', chattype: 'user', key: 'bob' }, { ok: never('ALL') }], // alice's settings aren't bob's
    [{ username: 'alice', chattype: 'chatroom', key: 'x' }, URL_INVALID],
    [{ username: 'nobody', chattype: 'chatroom', key: 'x' }, URL_INVALID], // the path is checked first
    [{ username: 'alice', chattype: 'user', key: '' }, URL_INVALID],
    [{ username: 'nobody', chattype: 'user', key: 'nobody' }, NO_USER]
  ]
  for (const [params, expected] of cases) t.strictSame(outcome(() => h.s.settings.read(h.appId, params, T0)), expected, JSON.stringify(params))
})

t.test('writing: a sequence of PUTs on one setting, each answered as GET would', async (t) => {
  const h = services(t)
  h.users('alice')
  const appWide = { username: 'alice', chattype: 'user', key: 'alice' }
  const steps: Array<[body: Record<string, unknown>, at: number, expected: unknown]> = [
    [{ ignoreInterval: '21:30-8:00' }, T0, { ok: { type: 'ALL', ignoreDuration: 0, ignoreInterval: '21:30-08:00' } }],
    [{ type: 'AT' }, T0, { ok: { type: 'AT', ignoreDuration: 0, ignoreInterval: '21:30-08:00' } }], // the window stays
    [{ ignoreDuration: DAY }, T0, { ok: { type: 'AT', ignoreDuration: T0 + DAY, ignoreInterval: '21:30-08:00' } }],
    [{ type: 'DEFAULT' }, T0, invalid('type')], // not on the app-wide setting
    [{ type: 'NONE', ignoreInterval: 'x' }, T0, invalid('ignoreInterval')], // nothing written
    [{}, T0, { ok: { type: 'AT', ignoreDuration: T0 + DAY, ignoreInterval: '21:30-08:00' } }],
    [{}, T0 + DAY, { ok: { type: 'AT', ignoreDuration: 0, ignoreInterval: '21:30-08:00' } }], // the expiry passed
    [{ type: 'NONE', ignoreInterval: '', ignoreDuration: 0 }, T0, { ok: never('NONE') }] // every field: cleared
  ]
  for (const [body, at, expected] of steps) {
    t.strictSame(outcome(() => h.s.settings.write(h.appId, appWide, body, at)), expected, JSON.stringify(body))
  }
  t.strictSame(h.s.settings.read(h.appId, appWide, T0), never('NONE'), 'the last write is what GET reads')
})

t.test('writing to a path that names no setting, or no user, writes nothing', async (t) => {
  const h = services(t)
  h.users('alice')
  t.strictSame(outcome(() => h.s.settings.write(h.appId, { username: 'alice', chattype: 'room', key: 'x' }, { type: 'NONE' }, T0)), URL_INVALID)
  t.strictSame(outcome(() => h.s.settings.write(h.appId, { username: 'bob', chattype: 'user', key: 'bob' }, { type: 'NONE' }, T0)), NO_USER)
  t.strictSame(outcome(() => h.s.settings.write(h.appId, { username: 'alice', chattype: 'chatgroup', key: 'G' }, { type: 'DEFAULT' }, T0)),
    { ok: never('DEFAULT') }, 'DEFAULT is fine on a conversation')
})

t.test('with --auto-create-users an unknown user is registered by the lookup', async (t) => {
  const h = services(t, ['--auto-create-users'])
  t.strictSame(outcome(() => h.s.settings.write(h.appId, { username: 'Carol', chattype: 'user', key: 'carol' }, { type: 'AT' }, T0)),
    { ok: never('AT') })
  t.equal(h.s.users.find(h.appId, 'carol')?.username, 'carol')
})
