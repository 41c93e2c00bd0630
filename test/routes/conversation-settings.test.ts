import t from 'tap'
import { APP, build, call, invalid, ORG, T0, vendor, type Harness } from '../helper.js'

/**
 * GET …/users/{u}/notification?user=&group= and GET …/users/{u}/notification/mute/type, the two
 * reads of the vendor's client SDKs (decided rows in docs/fidelity.md).
 */

const DAY = 86_400_000
const setting = (type: string, ignoreInterval = '', ignoreDuration = 0) => ({ type, ignoreDuration, ignoreInterval })

async function put (h: Harness, user: string, target: string, body: object): Promise<void> {
  const res = await vendor(h, 'PUT', `/users/${user}/notification/${target}`, body)
  if (res.status !== 200) throw new Error(JSON.stringify(res.body))
}

t.test('the many-conversations GET answers each id asked, keyed as sent, in the data envelope', async (t) => {
  const h = await build(t)
  await h.register('alice', 'bob')
  await put(h, 'alice', 'user/bob', { type: 'NONE', ignoreInterval: '21:30-08:00' })
  await put(h, 'alice', 'chatgroup/100', { type: 'AT', ignoreDuration: DAY })
  await put(h, 'alice', 'user/alice', { type: 'AT' })
  const res = await vendor(h, 'GET', '/users/alice/notification?user=bob,Carol,alice&group=100,200&_v=1700000000000')
  t.equal(res.status, 200)
  t.strictSame(res.body, {
    path: '/users',
    uri: `http://localhost:80/${ORG}/${APP}/users/alice/notification`,
    timestamp: T0,
    organization: ORG,
    application: res.body.application,
    action: 'get',
    data: {
      user: { bob: setting('NONE', '21:30-08:00'), Carol: setting('DEFAULT'), alice: setting('AT') },
      group: { 100: setting('AT', '', T0 + DAY), 200: setting('DEFAULT') }
    },
    duration: res.body.duration,
    applicationName: APP
  })
  // User ids are case-insensitive: BOB reads bob's setting, under the key BOB.
  t.strictSame((await vendor(h, 'GET', '/users/alice/notification?user=BOB')).body.data, { user: { BOB: setting('NONE', '21:30-08:00') }, group: {} })
  // Group ids are not.
  t.strictSame((await vendor(h, 'GET', '/users/alice/notification?group=100')).body.data.group, { 100: setting('AT', '', T0 + DAY) })
})

t.test('empty, absent, blank and repeated ids', async (t) => {
  const h = await build(t)
  await h.register('alice')
  const empty = { user: {}, group: {} }
  for (const query of ['', '?user=&group=', '?user=', '?group=', '?user=,,&group=%20,', '?foo=bar&_v=1&resource=web']) {
    const res = await vendor(h, 'GET', `/users/alice/notification${query}`)
    t.equal(res.status, 200, query)
    t.strictSame(res.body.data, empty, query)
  }
  const res = await vendor(h, 'GET', '/users/alice/notification?user=%20b1%20,b1,b2&group=g,g')
  t.strictSame(res.body.data, { user: { b1: setting('DEFAULT'), b2: setting('DEFAULT') }, group: { g: setting('DEFAULT') } })
  // The app-wide setting never set reads ALL, as notification/user/{self} does.
  t.strictSame((await vendor(h, 'GET', '/users/alice/notification?user=alice')).body.data.user, { alice: setting('ALL') })
})

t.test('at most 20 ids in each list', async (t) => {
  const h = await build(t)
  await h.register('alice')
  const ids = (n: number) => Array.from({ length: n }, (_, i) => `u${i}`).join(',')
  t.equal((await vendor(h, 'GET', `/users/alice/notification?user=${ids(20)}&group=${ids(20)}`)).status, 200)
  t.strictSame(await vendor(h, 'GET', `/users/alice/notification?user=${ids(21)}`), { status: 400, body: invalid('user') })
  t.strictSame(await vendor(h, 'GET', `/users/alice/notification?group=${ids(21)}`), { status: 400, body: invalid('group') })
  // Repeats count once.
  t.equal((await vendor(h, 'GET', `/users/alice/notification?user=${ids(20)},u0,u1`)).status, 200)
})

t.test('a list given twice is a 400, not a crash', async (t) => {
  const h = await build(t)
  await h.register('alice')
  const res = await vendor(h, 'GET', '/users/alice/notification?user=a&user=b')
  t.equal(res.status, 400)
  t.equal(res.body.error, 'illegal_argument')
})

t.test('both GETs: unknown user 400, no token 401, a user token of that user works, of another user 401', async (t) => {
  const h = await build(t)
  await h.register('alice', 'bob')
  const login = await call(h, 'POST', h.path('/token'), { grant_type: 'password', username: 'alice', password: 'pw' })
  const mine = { authorization: `Bearer ${String(login.body.access_token)}` }
  for (const rest of ['/notification?user=bob', '/notification/mute/type?limit=10']) {
    const unknown = await vendor(h, 'GET', `/users/nobody${rest}`)
    t.equal(unknown.status, 400, rest)
    t.equal(unknown.body.error, 'required_property_not_found')
    t.equal((await call(h, 'GET', h.path(`/users/alice${rest}`))).status, 401)
    t.equal((await call(h, 'GET', h.path(`/users/alice${rest}`), undefined, mine)).status, 200)
    t.equal((await call(h, 'GET', h.path(`/users/bob${rest}`), undefined, mine)).status, 401)
  }
})

t.test('the remind-type list holds conversations with a type other than DEFAULT, groups then users, by id', async (t) => {
  const h = await build(t)
  await h.register('alice')
  await put(h, 'alice', 'user/zed', { type: 'NONE' })
  await put(h, 'alice', 'user/amy', { type: 'AT' })
  await put(h, 'alice', 'chatgroup/300', { type: 'ALL' })
  await put(h, 'alice', 'chatgroup/200', { type: 'DEFAULT' }) // follows the app: not listed
  await put(h, 'alice', 'chatgroup/100', { ignoreInterval: '1:00-2:00' }) // no type: not listed
  await put(h, 'alice', 'user/alice', { type: 'NONE' }) // the app-wide setting: not a conversation
  const res = await vendor(h, 'GET', '/users/alice/notification/mute/type?limit=10&_v=1')
  t.equal(res.status, 200)
  t.strictSame(res.body, {
    path: '/users',
    uri: `http://localhost:80/${ORG}/${APP}/users/alice/notification/mute/type`,
    timestamp: T0,
    organization: ORG,
    application: res.body.application,
    action: 'get',
    data: [{ group: '300', value: 'ALL' }, { user: 'amy', value: 'AT' }, { user: 'zed', value: 'NONE' }],
    duration: res.body.duration,
    applicationName: APP
  }, 'the last page has no cursor')
  const none = await build(t)
  await none.register('alice')
  t.strictSame((await vendor(none, 'GET', '/users/alice/notification/mute/type')).body.data, [], 'nothing set: an empty list')
})

t.test('pages follow the cursor; the same data gives the same cursor; later writes never shift a page read', async (t) => {
  const h = await build(t)
  await h.register('alice')
  for (let i = 0; i < 25; i++) await put(h, 'alice', `user/u${String(i).padStart(2, '0')}`, { type: 'NONE' })
  const seen: string[] = []
  const cursors: string[] = []
  let cursor: string | undefined
  for (;;) {
    const res = await vendor(h, 'GET', `/users/alice/notification/mute/type${cursor === undefined ? '' : `?cursor=${cursor}`}`)
    t.equal(res.status, 200)
    seen.push(...(res.body.data as Array<{ user: string }>).map(e => e.user))
    cursor = res.body.cursor
    if (cursor === undefined) break
    t.match(cursor, /^[A-Za-z0-9_-]+$/, 'opaque and URL-safe')
    cursors.push(cursor)
  }
  t.equal(seen.length, 25, 'the default page is 10: three pages')
  t.strictSame(seen, [...seen].sort())
  t.equal(cursors.length, 2)
  const again = await vendor(h, 'GET', '/users/alice/notification/mute/type')
  t.equal(again.body.cursor, cursors[0], 'stable while the data does not change')
  // A conversation set before the cursor's place doesn't move the next page.
  await put(h, 'alice', 'user/a00', { type: 'AT' })
  const next = await vendor(h, 'GET', `/users/alice/notification/mute/type?cursor=${String(cursors[0])}`)
  t.equal(next.body.data[0].user, 'u10')
  const big = await vendor(h, 'GET', '/users/alice/notification/mute/type?limit=50')
  t.equal(big.body.data.length, 26)
  t.equal(big.body.cursor, undefined)
  const one = await vendor(h, 'GET', '/users/alice/notification/mute/type?limit=1')
  t.strictSame(one.body.data, [{ user: 'a00', value: 'AT' }])
  t.type(one.body.cursor, 'string')
})

t.test('limit out of bounds and cursors the emulator never gave are 400', async (t) => {
  const h = await build(t)
  await h.register('alice')
  for (const limit of ['0', '51', '-1', 'ten', '1.5', '%20']) {
    t.strictSame(await vendor(h, 'GET', `/users/alice/notification/mute/type?limit=${limit}`), { status: 400, body: invalid('limit') }, limit)
  }
  t.equal((await vendor(h, 'GET', '/users/alice/notification/mute/type?limit=')).status, 200, 'empty limit: the default')
  for (const cursor of ['x', 'not+base64', Buffer.from('q:1').toString('base64url'), '%E2%82%AC']) {
    t.strictSame(await vendor(h, 'GET', `/users/alice/notification/mute/type?cursor=${cursor}`), { status: 400, body: invalid('cursor') }, cursor)
  }
  t.equal((await vendor(h, 'GET', '/users/alice/notification/mute/type?cursor=')).status, 200, 'empty cursor: the first page')
})
