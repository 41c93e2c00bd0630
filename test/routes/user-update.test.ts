import t, { type Test } from 'tap'
import { APP, build, CLIENT_ID, CLIENT_SECRET, ORG, T0, type Harness, invalid } from '../helper.js'

/**
 * PUT /users/{u}: push nickname, display style, legacy DND and the web SDK's binding fields
 * (push doc §设置离线推送时显示的昵称, §设置离线推送通知的展示方式, §设置免打扰模式; decisions.md).
 */

interface Res { status: number, body: any }

async function setup (t: Test): Promise<Harness & {
  put(user: string, body: unknown): Promise<Res>
  get(user: string): Promise<Res>
  send(method: 'GET' | 'PUT' | 'POST' | 'DELETE', rest: string, body?: unknown): Promise<Res>
}> {
  const h = await build(t)
  await h.register('alice', 'bob')
  const send = async (method: 'GET' | 'PUT' | 'POST' | 'DELETE', rest: string, payload?: unknown): Promise<Res> => {
    const res = await h.app.inject({ method, url: h.path(rest), headers: h.auth, ...(payload === undefined ? {} : { payload: payload as object }) })
    return { status: res.statusCode, body: res.json() }
  }
  return {
    ...h,
    send,
    put: async (user, body) => send('PUT', `/users/${user}`, body),
    get: async (user) => send('GET', `/users/${user}`)
  }
}

const BASE_KEYS = ['uuid', 'type', 'created', 'modified', 'username', 'activated']

t.test('a nickname update answers the full users envelope with the entity', async (t) => {
  const h = await setup(t)
  const token = await h.app.inject({
    method: 'POST',
    url: h.path('/token'),
    payload: { grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: CLIENT_SECRET }
  })
  const res = await h.put('alice', { nickname: 'testuser' })
  t.equal(res.status, 200)
  const entity = res.body.entities[0]
  t.strictSame(res.body, {
    action: 'put',
    application: token.json().application,
    path: '/users',
    uri: `http://localhost:80/${ORG}/${APP}/users`,
    entities: [{
      uuid: entity.uuid,
      type: 'user',
      created: T0,
      modified: T0,
      username: 'alice',
      activated: true,
      nickname: 'testuser'
    }],
    timestamp: T0,
    duration: res.body.duration,
    organization: ORG,
    applicationName: APP
  })
  t.match(entity.uuid, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
})

t.test('nicknames: any script, up to 100 characters; 101 is 400; "" clears', async (t) => {
  const h = await setup(t)
  for (const nickname of ['推送昵称', 'Ünïcødé 😀 nick', '😀'.repeat(100), 'x'.repeat(100), '中'.repeat(100)]) {
    const res = await h.put('alice', { nickname })
    t.equal(res.status, 200, nickname)
    t.equal(res.body.entities[0].nickname, nickname)
  }
  for (const nickname of ['x'.repeat(101), '😀'.repeat(101)]) {
    const res = await h.put('alice', { nickname })
    t.equal(res.status, 400)
    t.strictSame(res.body, invalid('nickname'))
  }
  t.equal((await h.get('alice')).body.entities[0].nickname, '中'.repeat(100), 'the rejected nickname was not stored')
  const cleared = await h.put('alice', { nickname: '' })
  t.equal(cleared.status, 200)
  t.notOk('nickname' in cleared.body.entities[0])
})

t.test('display style: 0 and 1, as numbers or strings; anything else is 400', async (t) => {
  const h = await setup(t)
  for (const [sent, stored] of [[0, 0], [1, 1], ['1', 1], ['0', 0]] as const) {
    const res = await h.put('alice', { notification_display_style: sent })
    t.equal(res.status, 200)
    t.equal(res.body.entities[0].notification_display_style, stored, `sent ${JSON.stringify(sent)}`)
  }
  for (const sent of [2, '2', -1, 'abc', '', true, 1.5]) {
    const res = await h.put('alice', { notification_display_style: sent })
    t.equal(res.status, 400, `sent ${JSON.stringify(sent)}`)
    t.strictSame(res.body, invalid('notification_display_style'))
  }
  t.equal((await h.get('alice')).body.entities[0].notification_display_style, 0)
})

t.test('legacy DND flag: booleans, "true"/"false" and 0/1, answered as booleans', async (t) => {
  const h = await setup(t)
  for (const [sent, stored] of [[true, true], ['false', false], ['true', true], [0, false], [1, true], [false, false]] as const) {
    const res = await h.put('alice', { notification_no_disturbing: sent })
    t.equal(res.status, 200)
    t.equal(res.body.entities[0].notification_no_disturbing, stored, `sent ${JSON.stringify(sent)}`)
  }
  for (const sent of ['yes', 2, '']) {
    const res = await h.put('alice', { notification_no_disturbing: sent })
    t.equal(res.status, 400)
    t.strictSame(res.body, invalid('notification_no_disturbing'))
  }
})

t.test('legacy DND hours: 0–23 as numbers or strings, answered as numbers; "" clears', async (t) => {
  const h = await setup(t)
  const res = await h.put('alice', { notification_no_disturbing: true, notification_no_disturbing_start: '1', notification_no_disturbing_end: 3 })
  t.equal(res.status, 200)
  t.match(res.body.entities[0], { notification_no_disturbing: true, notification_no_disturbing_start: 1, notification_no_disturbing_end: 3 })
  for (const [start, end] of [[0, 23], ['0', '23'], [' 7 ', 7]] as const) {
    const ok = await h.put('alice', { notification_no_disturbing_start: start, notification_no_disturbing_end: end })
    t.equal(ok.status, 200)
    t.equal(ok.body.entities[0].notification_no_disturbing_start, Number(start))
    t.equal(ok.body.entities[0].notification_no_disturbing_end, Number(end))
  }
  for (const field of ['notification_no_disturbing_start', 'notification_no_disturbing_end']) {
    for (const sent of [24, '24', -1, 'eight', 2.5]) {
      const bad = await h.put('alice', { [field]: sent })
      t.equal(bad.status, 400, `${field} ${JSON.stringify(sent)}`)
      t.strictSame(bad.body, invalid(field))
    }
  }
  const cleared = await h.put('alice', { notification_no_disturbing_start: '', notification_no_disturbing_end: '' })
  t.equal(cleared.status, 200)
  t.notOk('notification_no_disturbing_start' in cleared.body.entities[0])
  t.notOk('notification_no_disturbing_end' in cleared.body.entities[0])
  t.equal(cleared.body.entities[0].notification_no_disturbing, true, 'the flag stays')
})

t.test('device_id, device_token and notifier_name bind like push/binding and show on the entity', async (t) => {
  const h = await setup(t)
  const res = await h.put('alice', { device_id: 'web1', device_token: 'tok1', notifier_name: 'n1' })
  t.equal(res.status, 200)
  t.match(res.body.entities[0], { device_id: 'web1', device_token: 'tok1', notifier_name: 'n1' })
  t.strictSame((await h.send('GET', '/users/alice/push/binding')).body.entities,
    [{ device_id: 'web1', device_token: 'tok1', notifier_name: 'n1' }])

  // A second notifier on the same device, as push/binding would store it.
  await h.put('alice', { device_id: 'web1', device_token: 'tok2', notifier_name: 'n2' })
  t.equal((await h.send('GET', '/users/alice/push/binding')).body.entities.length, 2)

  // An empty token unbinds that one binding; the entity drops the token.
  const unbound = await h.put('alice', { device_id: 'web1', device_token: '', notifier_name: 'n1' })
  t.equal(unbound.status, 200)
  t.match(unbound.body.entities[0], { device_id: 'web1', notifier_name: 'n1' })
  t.notOk('device_token' in unbound.body.entities[0])
  t.strictSame((await h.send('GET', '/users/alice/push/binding')).body.entities,
    [{ device_id: 'web1', device_token: 'tok2', notifier_name: 'n2' }])

  // An empty notifier unbinds the whole device.
  const cleared = await h.put('alice', { device_id: 'web1', device_token: '', notifier_name: '' })
  t.equal(cleared.status, 200)
  t.notOk('notifier_name' in cleared.body.entities[0])
  t.notOk('device_token' in cleared.body.entities[0])
  t.equal(cleared.body.entities[0].device_id, 'web1')
  t.strictSame((await h.send('GET', '/users/alice/push/binding')).body.entities, [])
})

t.test('binding fields without a device_id are 400 and write nothing', async (t) => {
  const h = await setup(t)
  for (const body of [{ device_token: 'tok', notifier_name: 'n1' }, { notifier_name: 'n1' }, { device_id: '', device_token: 'tok', notifier_name: 'n1' }]) {
    const res = await h.put('alice', { nickname: 'nick', ...body })
    t.equal(res.status, 400)
    t.strictSame(res.body, invalid('device_id'))
  }
  t.strictSame(Object.keys((await h.get('alice')).body.entities[0]), BASE_KEYS)
  t.strictSame((await h.send('GET', '/users/alice/push/binding')).body.entities, [])
})

t.test('a binding needs all three fields, as push/binding does: an absent one is 400, not an unbind', async (t) => {
  const h = await setup(t)
  await h.put('alice', { device_id: 'web1', device_token: 'tok1', notifier_name: 'n1' })
  for (const [body, field] of [
    [{ device_id: 'web1' }, 'device_token'],
    [{ device_id: 'web1', notifier_name: 'n1' }, 'device_token'],
    [{ device_id: 'web1', device_token: '' }, 'notifier_name'],
    [{ device_id: 'web1', device_token: 'tok2' }, 'notifier_name']
  ] as const) {
    const res = await h.put('alice', body)
    t.equal(res.status, 400, JSON.stringify(body))
    t.strictSame(res.body, invalid(field))
    // push/binding answers the same body the same way.
    t.strictSame((await h.send('PUT', '/users/alice/push/binding', body)).body, invalid(field))
  }
  t.strictSame((await h.send('GET', '/users/alice/push/binding')).body.entities,
    [{ device_id: 'web1', device_token: 'tok1', notifier_name: 'n1' }], 'the binding is still there')
  t.match((await h.get('alice')).body.entities[0], { device_id: 'web1', device_token: 'tok1', notifier_name: 'n1' })
})

t.test('a mixed body sets every field at once', async (t) => {
  const h = await setup(t)
  const res = await h.put('alice', {
    nickname: '爱丽丝',
    notification_display_style: '1',
    notification_no_disturbing: 'true',
    notification_no_disturbing_start: '22',
    notification_no_disturbing_end: '7',
    device_id: 'd1',
    device_token: 'tok',
    notifier_name: 'n1'
  })
  t.equal(res.status, 200)
  const { uuid, ...rest } = res.body.entities[0]
  t.type(uuid, 'string')
  t.strictSame(rest, {
    type: 'user',
    created: T0,
    modified: T0,
    username: 'alice',
    activated: true,
    notification_no_disturbing: true,
    notification_no_disturbing_start: 22,
    notification_no_disturbing_end: 7,
    notification_display_style: 1,
    nickname: '爱丽丝',
    notifier_name: 'n1',
    device_id: 'd1',
    device_token: 'tok'
  })
})

t.test('one bad field in a mixed body writes nothing', async (t) => {
  const h = await setup(t)
  const res = await h.put('alice', { nickname: 'nick', notification_display_style: 1, notification_no_disturbing_end: 99, device_id: 'd1', device_token: 'tok', notifier_name: 'n1' })
  t.equal(res.status, 400)
  t.strictSame(res.body, invalid('notification_no_disturbing_end'))
  t.strictSame(Object.keys((await h.get('alice')).body.entities[0]), BASE_KEYS)
  t.strictSame((await h.send('GET', '/users/alice/push/binding')).body.entities, [])
})

t.test('only fields that were set appear; an empty body only touches modified', async (t) => {
  const h = await setup(t)
  h.clock.advance(1000)
  const res = await h.put('alice', {})
  t.equal(res.status, 200)
  t.strictSame(Object.keys(res.body.entities[0]), BASE_KEYS)
  t.equal(res.body.entities[0].modified, T0 + 1000)
  const styled = await h.put('alice', { notification_display_style: 0 })
  t.strictSame(Object.keys(styled.body.entities[0]), [...BASE_KEYS, 'notification_display_style'])
  t.strictSame(Object.keys((await h.get('bob')).body.entities[0]), BASE_KEYS, 'other users are untouched')
})

t.test('modified follows the clock, created stays', async (t) => {
  const h = await setup(t)
  h.clock.advance(60_000)
  const first = await h.put('alice', { nickname: 'a' })
  t.equal(first.body.entities[0].created, T0)
  t.equal(first.body.entities[0].modified, T0 + 60_000)
  t.equal(first.body.timestamp, T0 + 60_000)
  h.clock.advance(5)
  const second = await h.put('alice', { nickname: 'b' })
  t.equal(second.body.entities[0].created, T0)
  t.equal(second.body.entities[0].modified, T0 + 60_005)
})

t.test('GET /users/{u} shows the entity PUT answered', async (t) => {
  const h = await setup(t)
  h.clock.advance(42)
  const put = await h.put('alice', { nickname: 'n', notification_display_style: 1, notification_no_disturbing: false, notification_no_disturbing_start: 1, notification_no_disturbing_end: 3, device_id: 'd', device_token: 'x', notifier_name: 'nn' })
  const get = await h.get('alice')
  t.equal(get.status, 200)
  t.strictSame(get.body.entities[0], put.body.entities[0])
})

t.test('the username is case-insensitive and answered in lower case', async (t) => {
  const h = await setup(t)
  const res = await h.put('ALICE', { nickname: 'upper' })
  t.equal(res.status, 200)
  t.equal(res.body.entities[0].username, 'alice')
  t.equal((await h.get('alice')).body.entities[0].nickname, 'upper')
})

t.test('an unknown user is 400 required_property_not_found and is not created', async (t) => {
  const h = await setup(t)
  const res = await h.put('nobody', { nickname: 'x' })
  t.equal(res.status, 400)
  t.strictSame(res.body, {
    error: 'required_property_not_found',
    exception: 'org.apache.usergrid.persistence.exceptions.RequiredPropertyNotFoundException',
    timestamp: T0,
    duration: 0,
    error_description: 'Entity user requires a property named username'
  })
  t.equal((await h.get('nobody')).status, 404)
})

t.test('deleting a user removes its push state; the same name registers afresh', async (t) => {
  const h = await setup(t)
  await h.put('alice', { nickname: 'nick', notification_display_style: 1, notification_no_disturbing: true, device_id: 'web', device_token: 'wt', notifier_name: 'wn' })
  await h.send('PUT', '/users/alice/push/binding', { device_id: 'd1', device_token: 'tok', notifier_name: 'n1' })
  await h.send('PUT', '/users/alice/notification/user/alice', { type: 'NONE', ignoreInterval: '21:30-08:00', ignoreDuration: 3600000 })
  await h.send('PUT', '/users/alice/notification/chatgroup/G1', { type: 'AT', ignoreDuration: 3600000 })
  await h.send('PUT', '/users/alice/notification/user/bob', { type: 'NONE' })
  await h.send('PUT', '/users/alice/notification/language', { translationLanguage: 'EU' })
  await h.send('PUT', '/users/alice/notification/template', { templateName: 'tpl' })
  // Sanity: the state is there before the delete.
  t.equal((await h.send('GET', '/users/alice/push/binding')).body.entities.length, 2)
  t.equal((await h.send('GET', '/users/alice/notification/language')).body.data.language, 'EU')

  const del = await h.send('DELETE', '/users/alice')
  t.equal(del.status, 200)
  t.equal((await h.send('GET', '/users/alice/push/binding')).status, 400, 'the deleted user is unknown')
  // Bob's state is untouched by alice's deletion.
  await h.send('PUT', '/users/bob/notification/user/bob', { type: 'AT' })
  await h.register('alice')

  t.strictSame(Object.keys((await h.get('alice')).body.entities[0]), BASE_KEYS)
  t.strictSame((await h.send('GET', '/users/alice/push/binding')).body.entities, [])
  t.strictSame((await h.send('GET', '/users/alice/notification/user/alice')).body.data, { type: 'ALL', ignoreDuration: 0, ignoreInterval: '' })
  t.strictSame((await h.send('GET', '/users/alice/notification/chatgroup/G1')).body.data, { type: 'DEFAULT', ignoreDuration: 0, ignoreInterval: '' })
  t.strictSame((await h.send('GET', '/users/alice/notification/user/bob')).body.data, { type: 'DEFAULT', ignoreDuration: 0, ignoreInterval: '' })
  t.strictSame((await h.send('GET', '/users/alice/notification/language')).body.data, { language: '' })
  t.strictSame((await h.send('GET', '/users/alice/notification/template')).body.data, { templateName: '' })
  t.equal((await h.send('GET', '/users/bob/notification/user/bob')).body.data.type, 'AT')
})

t.test('an empty notifier_name unbinds the whole device and leaves no token on the entity', async (t) => {
  const h = await setup(t)
  await h.put('alice', { device_id: 'd1', device_token: 'tok', notifier_name: 'n1' })
  const res = await h.put('alice', { device_id: 'd1', device_token: 'tok', notifier_name: '' })
  t.equal(res.status, 200)
  const entity = res.body.entities[0]
  t.equal(entity.device_id, 'd1')
  t.notOk('device_token' in entity, 'no token is shown for a device with no binding')
  t.notOk('notifier_name' in entity)
  t.same((await h.send('GET', '/users/alice/push/binding')).body.entities, [])
})
