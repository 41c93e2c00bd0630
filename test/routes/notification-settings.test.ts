import t, { type Test } from 'tap'
import { APP, build, ORG, T0, type Harness, invalid } from '../helper.js'

/**
 * PUT/GET …/users/{u}/notification/{chattype}/{key} (push doc §设置离线推送, §查询离线推送设置;
 * decisions.md §Push settings semantics).
 */

interface Res { status: number, body: any }

const DAY = 86_400_000
const WEEK = 604_800_000

async function setup (t: Test): Promise<Harness & {
  put(user: string, target: string, body: unknown, headers?: Record<string, string>): Promise<Res>
  get(user: string, target: string, headers?: Record<string, string>): Promise<Res>
}> {
  const h = await build(t)
  await h.register('alice', 'bob')
  const send = async (method: 'GET' | 'PUT', user: string, target: string, payload?: unknown, headers: Record<string, string> = h.auth): Promise<Res> => {
    const res = await h.app.inject({
      method,
      url: h.path(`/users/${user}/notification/${target}`),
      headers,
      ...(payload === undefined ? {} : { payload: payload as object })
    })
    return { status: res.statusCode, body: res.json() }
  }
  return {
    ...h,
    put: async (user, target, body, headers) => send('PUT', user, target, body, headers),
    get: async (user, target, headers) => send('GET', user, target, undefined, headers)
  }
}

const setting = (type: string, ignoreInterval = '', ignoreDuration = 0) => ({ type, ignoreDuration, ignoreInterval })

t.test('PUT answers the data envelope with the stored setting', async (t) => {
  const h = await setup(t)
  const res = await h.put('alice', 'user/hxtest', { type: 'NONE', ignoreInterval: '21:30-08:00', ignoreDuration: DAY })
  t.equal(res.status, 200)
  t.strictSame(res.body, {
    path: '/users',
    uri: `http://localhost:80/${ORG}/${APP}/users/alice/notification/user/hxtest`,
    timestamp: T0,
    organization: ORG,
    application: res.body.application,
    action: 'put',
    data: { type: 'NONE', ignoreDuration: T0 + DAY, ignoreInterval: '21:30-08:00' },
    duration: res.body.duration,
    applicationName: APP
  })
  const get = await h.get('alice', 'user/hxtest')
  t.equal(get.body.action, 'get')
  t.equal(get.body.application, res.body.application)
  t.strictSame(get.body.data, res.body.data)
})

t.test('never set: a conversation reads DEFAULT, the app-wide setting reads ALL', async (t) => {
  const h = await setup(t)
  t.strictSame((await h.get('alice', 'user/bob')).body.data, setting('DEFAULT'))
  t.strictSame((await h.get('alice', 'user/stranger')).body.data, setting('DEFAULT'), 'the peer need not exist')
  t.strictSame((await h.get('alice', 'chatgroup/123')).body.data, setting('DEFAULT'))
  t.strictSame((await h.get('alice', 'user/alice')).body.data, setting('ALL'))
  // Setting only the interval on the app-wide setting keeps type ALL.
  t.strictSame((await h.put('alice', 'user/alice', { ignoreInterval: '08:00-09:00' })).body.data, setting('ALL', '08:00-09:00'))
  t.strictSame((await h.put('alice', 'chatgroup/123', { ignoreDuration: 1000 })).body.data, setting('DEFAULT', '', T0 + 1000))
})

t.test('every type is accepted on a conversation; DEFAULT is 400 on the app-wide setting', async (t) => {
  const h = await setup(t)
  for (const type of ['DEFAULT', 'ALL', 'AT', 'NONE']) {
    const res = await h.put('alice', 'chatgroup/g1', { type })
    t.equal(res.status, 200)
    t.equal(res.body.data.type, type)
  }
  for (const type of ['ALL', 'AT', 'NONE']) {
    t.equal((await h.put('alice', 'user/alice', { type })).body.data.type, type)
  }
  const bad = await h.put('alice', 'user/alice', { type: 'DEFAULT' })
  t.equal(bad.status, 400)
  t.strictSame(bad.body, invalid('type'))
  // The app-wide key is found case-insensitively.
  t.strictSame((await h.put('alice', 'user/ALICE', { type: 'DEFAULT' })).body, invalid('type'))
  t.equal((await h.get('alice', 'user/alice')).body.data.type, 'NONE', 'the rejected type was not stored')
})

t.test('an invalid type is 400', async (t) => {
  const h = await setup(t)
  for (const type of ['all', 'SOME', '', 'Default']) {
    const res = await h.put('alice', 'user/bob', { type })
    t.equal(res.status, 400, type)
    t.strictSame(res.body, invalid('type'))
  }
  const notString = await h.put('alice', 'user/bob', { type: 1 })
  t.equal(notString.status, 400)
  t.strictSame(notString.body, invalid('type'))
})

t.test('PUT merges: absent fields keep their stored values', async (t) => {
  const h = await setup(t)
  await h.put('alice', 'user/alice', { type: 'NONE', ignoreInterval: '21:30-08:00', ignoreDuration: DAY })
  h.clock.advance(1000)
  t.strictSame((await h.put('alice', 'user/alice', { type: 'AT' })).body.data, setting('AT', '21:30-08:00', T0 + DAY))
  t.strictSame((await h.put('alice', 'user/alice', { ignoreInterval: '10:00-11:00' })).body.data, setting('AT', '10:00-11:00', T0 + DAY))
  t.strictSame((await h.put('alice', 'user/alice', {})).body.data, setting('AT', '10:00-11:00', T0 + DAY))
  // A new duration counts from now.
  t.strictSame((await h.put('alice', 'user/alice', { ignoreDuration: DAY })).body.data, setting('AT', '10:00-11:00', T0 + 1000 + DAY))
  t.strictSame((await h.get('alice', 'user/alice')).body.data, setting('AT', '10:00-11:00', T0 + 1000 + DAY))
})

t.test('ignoreDuration: 0 clears, the range is [0, 604800000], strings of digits are accepted', async (t) => {
  const h = await setup(t)
  await h.put('alice', 'user/bob', { type: 'NONE', ignoreInterval: '01:00-02:00', ignoreDuration: DAY })
  t.strictSame((await h.put('alice', 'user/bob', { ignoreDuration: 0 })).body.data, setting('NONE', '01:00-02:00', 0))
  t.strictSame((await h.get('alice', 'user/bob')).body.data, setting('NONE', '01:00-02:00', 0))
  t.equal((await h.put('alice', 'user/bob', { ignoreDuration: WEEK })).body.data.ignoreDuration, T0 + WEEK)
  t.equal((await h.put('alice', 'user/bob', { ignoreDuration: '3600000' })).body.data.ignoreDuration, T0 + 3_600_000)
  t.equal((await h.put('alice', 'user/bob', { ignoreDuration: '0' })).body.data.ignoreDuration, 0)
  for (const ignoreDuration of [WEEK + 1, -1, '604800001', '-1', 'soon', '', 1.5]) {
    const res = await h.put('alice', 'user/bob', { ignoreDuration })
    t.equal(res.status, 400, JSON.stringify(ignoreDuration))
    t.strictSame(res.body, invalid('ignoreDuration'))
  }
  t.equal((await h.get('alice', 'user/bob')).body.data.ignoreDuration, 0, 'rejected durations were not stored')
})

t.test('the expiry reads back until it passes, then 0', async (t) => {
  const h = await setup(t)
  await h.put('alice', 'user/alice', { type: 'NONE', ignoreDuration: DAY })
  h.clock.advance(DAY - 1)
  t.strictSame((await h.get('alice', 'user/alice')).body.data, setting('NONE', '', T0 + DAY))
  h.clock.advance(1)
  t.strictSame((await h.get('alice', 'user/alice')).body.data, setting('NONE', '', 0))
  // A merge after expiry answers 0 for the expired duration too.
  t.strictSame((await h.put('alice', 'user/alice', { type: 'AT' })).body.data, setting('AT', '', 0))
})

t.test('ignoreInterval: normalised to HH:MM-HH:MM, out of range is 400, "" clears', async (t) => {
  const h = await setup(t)
  const cases: Array<[string, string]> = [
    ['8:30-21:15', '08:30-21:15'],
    ['21:30-08:00', '21:30-08:00'],
    ['0:0-0:0', '00:00-00:00'],
    ['00:00-00:00', '00:00-00:00'],
    ['23:59-0:5', '23:59-00:05'],
    ['10:00-10:00', '10:00-10:00']
  ]
  for (const [sent, stored] of cases) {
    const res = await h.put('alice', 'user/alice', { ignoreInterval: sent })
    t.equal(res.status, 200, sent)
    t.equal(res.body.data.ignoreInterval, stored, sent)
    t.equal((await h.get('alice', 'user/alice')).body.data.ignoreInterval, stored)
  }
  for (const sent of ['24:00-01:00', '08:60-09:00', '08:00-09:60', '08:00', '8-9', '08:00-09:00-10:00', 'later', ' 08:00-09:00', '123:00-01:00']) {
    const res = await h.put('alice', 'user/alice', { ignoreInterval: sent })
    t.equal(res.status, 400, sent)
    t.strictSame(res.body, invalid('ignoreInterval'))
  }
  t.equal((await h.get('alice', 'user/alice')).body.data.ignoreInterval, '10:00-10:00')
  t.strictSame((await h.put('alice', 'user/alice', { ignoreInterval: '' })).body.data, setting('ALL', '', 0))
  t.strictSame((await h.get('alice', 'user/alice')).body.data, setting('ALL', '', 0))
})

t.test('a bad field writes nothing of the body', async (t) => {
  const h = await setup(t)
  const res = await h.put('alice', 'chatgroup/g1', { type: 'NONE', ignoreInterval: '99:99-00:00', ignoreDuration: DAY })
  t.equal(res.status, 400)
  t.strictSame((await h.get('alice', 'chatgroup/g1')).body.data, setting('DEFAULT'))
  const res2 = await h.put('alice', 'chatgroup/g1', { type: 'NONE', ignoreDuration: -5 })
  t.equal(res2.status, 400)
  t.strictSame((await h.get('alice', 'chatgroup/g1')).body.data, setting('DEFAULT'))
})

t.test('a chattype other than user or chatgroup is 404 url is invalid', async (t) => {
  const h = await setup(t)
  const expected = {
    error: 'web_application',
    exception: 'javax.ws.rs.NotFoundException',
    timestamp: T0,
    duration: 0,
    error_description: 'url is invalid'
  }
  for (const chattype of ['chatroom', 'group', 'USER', 'Chatgroup']) {
    const put = await h.put('alice', `${chattype}/x`, { type: 'NONE' })
    t.equal(put.status, 404, chattype)
    t.strictSame(put.body, expected)
    const get = await h.get('alice', `${chattype}/x`)
    t.equal(get.status, 404, chattype)
    t.strictSame(get.body, expected)
  }
  // An empty key names no conversation.
  t.strictSame((await h.put('alice', 'user/', { type: 'NONE' })).body, expected)
  t.strictSame((await h.get('alice', 'chatgroup/')).body, expected)
  // The url check comes before the user lookup.
  t.equal((await h.get('nobody', 'chatroom/x')).status, 404)
})

t.test('group keys keep their case, user keys fold to lower case', async (t) => {
  const h = await setup(t)
  await h.put('alice', 'chatgroup/ABC', { type: 'NONE' })
  t.equal((await h.get('alice', 'chatgroup/ABC')).body.data.type, 'NONE')
  t.equal((await h.get('alice', 'chatgroup/abc')).body.data.type, 'DEFAULT')
  await h.put('alice', 'chatgroup/abc', { type: 'AT' })
  t.equal((await h.get('alice', 'chatgroup/ABC')).body.data.type, 'NONE', 'two different groups')

  await h.put('alice', 'user/ABC', { type: 'NONE' })
  t.equal((await h.get('alice', 'user/abc')).body.data.type, 'NONE')
  await h.put('alice', 'user/abc', { type: 'AT' })
  t.equal((await h.get('alice', 'user/ABC')).body.data.type, 'AT', 'one conversation')

  // A group named like the user is a conversation, not the app-wide setting.
  t.equal((await h.put('alice', 'chatgroup/alice', { type: 'DEFAULT' })).status, 200)
  t.equal((await h.get('alice', 'user/alice')).body.data.type, 'ALL')
  // The user path segment is case-insensitive too.
  t.equal((await h.get('ALICE', 'user/abc')).body.data.type, 'AT')
})

t.test('settings belong to one user and one conversation', async (t) => {
  const h = await setup(t)
  await h.put('alice', 'user/alice', { type: 'NONE', ignoreInterval: '01:00-02:00', ignoreDuration: DAY })
  await h.put('alice', 'user/bob', { type: 'AT' })
  await h.put('alice', 'chatgroup/bob', { type: 'ALL' })
  t.strictSame((await h.get('bob', 'user/bob')).body.data, setting('ALL'))
  t.strictSame((await h.get('bob', 'user/alice')).body.data, setting('DEFAULT'))
  t.strictSame((await h.get('alice', 'user/bob')).body.data, setting('AT'))
  t.strictSame((await h.get('alice', 'chatgroup/bob')).body.data, setting('ALL'))
})

t.test('an unknown user is 400 required_property_not_found', async (t) => {
  const h = await setup(t)
  const expected = {
    error: 'required_property_not_found',
    exception: 'org.apache.usergrid.persistence.exceptions.RequiredPropertyNotFoundException',
    timestamp: T0,
    duration: 0,
    error_description: 'Entity user requires a property named username'
  }
  const put = await h.put('nobody', 'user/nobody', { type: 'NONE' })
  t.equal(put.status, 400)
  t.strictSame(put.body, expected)
  const get = await h.get('nobody', 'chatgroup/1')
  t.equal(get.status, 400)
  t.strictSame(get.body, expected)
})

t.test('a user token works on its own settings only', async (t) => {
  const h = await setup(t)
  const tok = await h.app.inject({
    method: 'POST',
    url: h.path('/token'),
    headers: h.auth,
    payload: { grant_type: 'inherit', username: 'alice', autoCreateUser: true }
  })
  t.equal(tok.statusCode, 200)
  const userAuth = { authorization: `Bearer ${tok.json().access_token as string}` }
  t.equal((await h.put('alice', 'user/alice', { type: 'AT' }, userAuth)).status, 200)
  t.equal((await h.get('alice', 'user/alice', userAuth)).body.data.type, 'AT')
  t.equal((await h.get('bob', 'user/bob', userAuth)).status, 401)
  t.equal((await h.put('bob', 'user/bob', { type: 'AT' }, userAuth)).status, 401)
})
