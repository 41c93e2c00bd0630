import t from 'tap'
import { APP, build, call, invalid, ORG, vendor, type Harness } from '../helper.js'

/**
 * The web SDK's blockGroupMessages: `PUT /users/{u}` with `notification_ignore_<groupId>` (push doc,
 * user entity table; decided rows in docs/fidelity.md).
 */

const KEY = `${ORG}#${APP}`

async function ok (h: Harness, method: 'PUT' | 'POST', rest: string, body: unknown): Promise<any> {
  const res = await vendor(h, method, rest, body)
  if (res.status !== 200) throw new Error(`${method} ${rest}: ${JSON.stringify(res.body)}`)
  return res.body
}

const entity = async (h: Harness, user: string): Promise<Record<string, unknown>> =>
  (await vendor(h, 'GET', `/users/${user}`)).body.entities[0]

t.test('the body is accepted; the entity shows the block, on PUT and on GET, beside the other fields', async (t) => {
  const h = await build(t)
  await h.register('alice')
  const res = await ok(h, 'PUT', '/users/alice?resource=web_123', { entities: [{ notification_ignore_100000000000001: true }] })
  t.equal(res.action, 'put')
  t.equal(res.entities[0].notification_ignore_100000000000001, true)
  t.equal((await entity(h, 'alice')).notification_ignore_100000000000001, true)
  // A later block of another group keeps the first; false unblocks and stays visible as false.
  await ok(h, 'PUT', '/users/alice', { entities: [{ notification_ignore_200: 'true' }] })
  await ok(h, 'PUT', '/users/alice', { notification_ignore_100000000000001: false, nickname: 'A' })
  const e = await entity(h, 'alice')
  t.equal(e.notification_ignore_100000000000001, false)
  t.equal(e.notification_ignore_200, true)
  t.equal(e.nickname, 'A')
  t.notOk('notification_ignore_300' in e, 'never-sent groups are absent')
})

t.test('a bad value or an empty or over-long group id is 400 naming the field, and writes nothing', async (t) => {
  const h = await build(t)
  await h.register('alice')
  const cases: Array<[Record<string, unknown>, string]> = [
    [{ notification_ignore_1: 'maybe' }, 'notification_ignore_1'],
    [{ notification_ignore_1: 2 }, 'notification_ignore_1'],
    [{ notification_ignore_1: null }, 'notification_ignore_1'],
    [{ notification_ignore_: true }, 'notification_ignore_'],
    [{ [`notification_ignore_${'9'.repeat(65)}`]: true }, `notification_ignore_${'9'.repeat(65)}`],
    [{ entities: [{ notification_ignore_1: true, notification_ignore_2: [] }] }, 'notification_ignore_2']
  ]
  for (const [body, field] of cases) {
    t.strictSame(await vendor(h, 'PUT', '/users/alice', body), { status: 400, body: invalid(field) }, field.slice(0, 30))
  }
  t.notOk(Object.keys(await entity(h, 'alice')).some(k => k.startsWith('notification_ignore_')))
  t.equal((await vendor(h, 'PUT', '/users/alice', { [`notification_ignore_${'9'.repeat(64)}`]: 1 })).status, 200, '64 characters')
  t.equal((await vendor(h, 'PUT', '/users/alice', { notification_ignore___proto__: true })).body.entities[0].notification_ignore___proto__, true)
})

t.test('an unknown user is the push endpoints\' 400', async (t) => {
  const h = await build(t)
  const res = await vendor(h, 'PUT', '/users/nobody', { entities: [{ notification_ignore_1: true }] })
  t.equal(res.status, 400)
  t.equal(res.body.error, 'required_property_not_found')
})

t.test('delivery honours the block: that group\'s messages give the user `user ignore push`, others still push', async (t) => {
  const h = await build(t)
  await h.register('alice', 'bob', 'carol')
  for (const u of ['bob', 'carol']) await ok(h, 'PUT', `/users/${u}/push/binding`, { device_id: `d-${u}`, device_token: `t-${u}`, notifier_name: 'APNS' })
  const g1 = (await ok(h, 'POST', '/chatgroups', { public: true, owner: 'alice', members: ['bob', 'carol'] })).data.groupid as string
  const g2 = (await ok(h, 'POST', '/chatgroups', { public: true, owner: 'alice', members: ['bob'] })).data.groupid as string
  await ok(h, 'PUT', '/users/bob', { entities: [{ [`notification_ignore_${g1}`]: true }] })
  const send = async (group: string, ext: object = {}) => await ok(h, 'POST', '/messages/chatgroups', { from: 'alice', to: [group], type: 'txt', body: { msg: 'hi' }, ext })
  await send(g1)
  await send(g1, { em_force_notification: true })
  await send(g2)
  await ok(h, 'POST', '/messages/users', { from: 'alice', to: ['bob'], type: 'txt', body: { msg: 'hi' } })
  const pushes = (await call(h, 'GET', `/_mock/pushes?app=${encodeURIComponent(KEY)}`)).body.pushes as Array<Record<string, unknown>>
  const view = pushes.map(p => [p.to, p.group_id, p.outcome, p.reason])
  t.strictSame(view, [
    ['bob', g1, 'skipped', 'user ignore push'], ['carol', g1, 'delivered', null],
    ['bob', g1, 'skipped', 'user ignore push'], ['carol', g1, 'delivered', null],
    ['bob', g2, 'delivered', null],
    ['bob', null, 'delivered', null]
  ])
  // Unblocked, the group pushes again.
  await ok(h, 'PUT', '/users/bob', { [`notification_ignore_${g1}`]: false })
  await send(g1)
  const last = (await call(h, 'GET', `/_mock/pushes?app=${encodeURIComponent(KEY)}&to=bob`)).body.pushes.at(-1)
  t.equal(last.outcome, 'delivered')
})

t.test('the block travels with an export and import, and reset clears it', async (t) => {
  const h = await build(t)
  await h.register('alice')
  await ok(h, 'PUT', '/users/alice', { notification_ignore_7: true, notification_ignore_8: false })
  const exported = (await call(h, 'GET', `/_mock/state?app=${encodeURIComponent(KEY)}`)).body
  t.strictSame(exported.users[0].groupIgnores, { 7: true, 8: false })
  t.equal((await call(h, 'POST', `/_mock/reset?app=${encodeURIComponent(KEY)}`)).status, 200)
  const put = await call(h, 'PUT', `/_mock/state?app=${encodeURIComponent(KEY)}`, exported)
  t.equal(put.status, 200)
  t.strictSame((await call(h, 'GET', `/_mock/state?app=${encodeURIComponent(KEY)}`)).body, exported)
  const e = await entity(h, 'alice')
  t.equal(e.notification_ignore_7, true)
  t.equal(e.notification_ignore_8, false)
  const bad = await call(h, 'PUT', `/_mock/state?app=${encodeURIComponent(KEY)}`, { ...exported, users: [{ username: 'x', groupIgnores: { 1: 'yes' } }] })
  t.equal(bad.status, 400)
})
