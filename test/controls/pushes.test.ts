import t from 'tap'
import { createPresence, createPushLog, type KeptPush } from '../../src/controls/pushes.js'
import { createRing } from '../../src/controls/ring.js'
import { unknownRecipient } from '../../src/domain/delivery.js'
import { APP, build, call, ORG, T0, type Harness, type Res, vendor } from '../helper.js'

/**
 * `/_mock/pushes` and `/_mock/presence` (decisions.md "Emulator controls" → Delivery), their
 * bounds (--push-log-size) and how reset and app deletion clear them; the ring behind the logs.
 */

const KEY = `${ORG}#${APP}`
const ENC = encodeURIComponent(KEY)
const OTHER = 'org2#app2'

/** A second app, `org2#app2`, with its own token and users. */
async function otherApp (h: Harness, ...users: string[]): Promise<(rest: string, body?: unknown) => Promise<Res>> {
  const created = await call(h, 'POST', '/_mock/apps', { appKey: OTHER, clientId: 'id2', clientSecret: 'sec2' })
  if (created.status !== 200) throw new Error(JSON.stringify(created.body))
  const tok = await call(h, 'POST', '/org2/app2/token', { grant_type: 'client_credentials', client_id: 'id2', client_secret: 'sec2' })
  const auth = { authorization: `Bearer ${tok.body.access_token as string}` }
  const post = async (rest: string, body?: unknown): Promise<Res> => await call(h, 'POST', `/org2/app2${rest}`, body, auth)
  if (users.length > 0) await post('/users', users.map(username => ({ username, password: 'pw' })))
  return post
}

const txt = (to: string[], from = 'alice') => ({ from, to, type: 'txt', body: { msg: 'hi' } })

async function send (h: Harness, to: string[], from = 'alice'): Promise<Record<string, string>> {
  const res = await vendor(h, 'POST', '/messages/users', txt(to, from))
  if (res.status !== 200) throw new Error(JSON.stringify(res.body))
  return res.body.data
}

const list = async (h: Harness, query = ''): Promise<any[]> => {
  const res = await call(h, 'GET', `/_mock/pushes${query}`)
  if (res.status !== 200) throw new Error(JSON.stringify(res.body))
  return res.body.pushes
}

const presence = async (h: Harness, body: unknown): Promise<Res> => await call(h, 'PUT', '/_mock/presence', body)

t.test('GET /_mock/pushes filters by app, to (any case), msg_id and outcome; newest last', async (t) => {
  const h = await build(t)
  await h.register('alice', 'bob', 'carol')
  await vendor(h, 'PUT', '/users/bob/push/binding', { device_id: 'd1', device_token: 't1', notifier_name: 'APNS' })
  const first = await send(h, ['bob', 'carol'])
  h.clock.advance(1000)
  const second = await send(h, ['Bob'])
  const post2 = await otherApp(h, 'bob')
  t.equal((await post2('/messages/users', txt(['bob']))).status, 200)

  const all = await list(h)
  t.strictSame(all.map(p => [p.app, p.to, p.msg_id, p.outcome, p.time]), [
    [KEY, 'bob', first.bob, 'delivered', T0],
    [KEY, 'carol', first.carol, 'skipped', T0],
    [KEY, 'bob', second.Bob, 'delivered', T0 + 1000],
    [OTHER, 'bob', all[3]?.msg_id, 'skipped', T0 + 1000]
  ], 'every app, oldest first')
  t.strictSame((await list(h, `?app=${ENC}`)).map(p => p.msg_id), [first.bob, first.carol, second.Bob])
  t.strictSame((await list(h, `?app=${encodeURIComponent(OTHER)}`)).map(p => p.reason), ['no push binding'])
  t.strictSame((await list(h, `?app=${ENC}&to=BOB`)).map(p => p.msg_id), [first.bob, second.Bob], 'to in any case')
  t.strictSame((await list(h, '?to=bob')).length, 3)
  t.strictSame((await list(h, `?msg_id=${first.carol as string}`)).map(p => p.to), ['carol'])
  t.strictSame((await list(h, '?outcome=skipped')).map(p => p.to), ['carol', 'bob'])
  t.strictSame((await list(h, `?app=${ENC}&outcome=delivered&to=bob&msg_id=${second.Bob as string}`)).length, 1)
  t.strictSame(await list(h, '?app=no%23such'), [], 'an unknown app filters to nothing')
  const bad = await call(h, 'GET', '/_mock/pushes?outcome=lost')
  t.equal(bad.status, 400)
})

t.test('DELETE /_mock/pushes clears all, or one app with ?app=', async (t) => {
  const h = await build(t)
  const post2 = await otherApp(h)
  await send(h, ['a', 'b'])
  await post2('/messages/users', txt(['c']))
  const one = await call(h, 'DELETE', `/_mock/pushes?app=${ENC}`)
  t.equal(one.status, 200)
  t.strictSame(one.body, { cleared: KEY })
  t.strictSame((await list(h)).map(p => [p.app, p.to]), [[OTHER, 'c']])
  await send(h, ['d'])
  const all = await call(h, 'DELETE', '/_mock/pushes')
  t.strictSame(all.body, { cleared: 'all' })
  t.strictSame(await list(h), [])
})

t.test('--push-log-size 5 keeps the newest 5; 0 keeps nothing', async (t) => {
  const h = await build(t, { args: ['--push-log-size', '5'] })
  t.equal(h.config.pushLogSize, 5)
  const sent: string[] = []
  for (let i = 0; i < 12; i++) {
    h.clock.advance(1)
    sent.push((await send(h, [`u${i}`]))[`u${i}`] as string)
  }
  t.strictSame((await list(h)).map(p => p.msg_id), sent.slice(-5))
  t.strictSame((await list(h)).map(p => p.to), ['u7', 'u8', 'u9', 'u10', 'u11'])
  // One send with more records than the bound keeps its last ones.
  await send(h, ['x1', 'x2', 'x3', 'x4', 'x5', 'x6', 'x7'])
  t.strictSame((await list(h)).map(p => p.to), ['x3', 'x4', 'x5', 'x6', 'x7'])

  const off = await build(t, { args: ['--push-log-size', '0'] })
  const res = await vendor(off, 'POST', '/messages/users', txt(['u1']))
  t.equal(res.status, 200, 'sends still answer')
  t.strictSame(await list(off), [])
})

t.test('PUT /_mock/presence: online → one "user online" record; offline again → pushed', async (t) => {
  const h = await build(t)
  await h.register('alice', 'bob')
  await vendor(h, 'PUT', '/users/bob/push/binding', { device_id: 'd1', device_token: 't1', notifier_name: 'APNS' })
  await vendor(h, 'PUT', '/users/bob/push/binding', { device_id: 'd2', device_token: 't2', notifier_name: 'APNS' })
  const on = await presence(h, { app: KEY, username: 'Bob', online: true })
  t.equal(on.status, 200)
  t.strictSame(on.body, { app: KEY, username: 'bob', online: true })
  const a = await send(h, ['bob'])
  t.strictSame(await list(h), [{
    app: KEY,
    msg_id: a.bob,
    from: 'alice',
    to: 'bob',
    chat_type: 'chat',
    group_id: null,
    outcome: 'skipped',
    reason: 'user online',
    device_id: null,
    notifier_name: null,
    device_token: null,
    title: null,
    content: null,
    time: T0
  }], 'one record, not one per binding')
  const off = await presence(h, { app: KEY, username: 'bob', online: false })
  t.strictSame(off.body, { app: KEY, username: 'bob', online: false })
  const b = await send(h, ['bob'])
  t.strictSame((await list(h, `?msg_id=${b.bob as string}`)).map(p => [p.outcome, p.device_id]), [['delivered', 'd1'], ['delivered', 'd2']])
  t.equal((await presence(h, { app: KEY, username: 'carol', online: false })).status, 200, 'offline for a never-online user')
})

t.test('presence in groups: an online member gets no push, the others do', async (t) => {
  const h = await build(t)
  await h.register('alice', 'bob', 'carol')
  const g = (await vendor(h, 'POST', '/chatgroups', { public: true, owner: 'alice', members: ['bob', 'carol'] })).body.data.groupid
  await presence(h, { app: KEY, username: 'carol', online: true })
  const id = (await vendor(h, 'POST', '/messages/chatgroups', txt([g]))).body.data[g]
  t.strictSame((await list(h)).map(p => [p.to, p.msg_id, p.reason, p.group_id]), [
    ['bob', id, 'no push binding', g],
    ['carol', id, 'user online', g]
  ])
})

t.test('presence errors: unknown app → 404, malformed key → 400, bad body → 400', async (t) => {
  const h = await build(t)
  const unknown = await presence(h, { app: 'no#such', username: 'bob', online: true })
  t.equal(unknown.status, 404)
  t.equal(unknown.body.error, 'organization_application_not_found')
  const malformed = await presence(h, { app: 'nohash', username: 'bob', online: true })
  t.equal(malformed.status, 400)
  t.equal(malformed.body.error, 'illegal_argument')
  t.equal((await presence(h, { app: KEY, username: 'bob' })).status, 400, 'online missing')
  t.equal((await presence(h, { app: KEY, username: '', online: true })).status, 400, 'empty username')
  t.equal((await call(h, 'GET', '/_mock/presence?app=no%23such')).status, 404)
  t.equal((await call(h, 'GET', '/_mock/presence?app=nohash')).status, 400)
  t.equal((await call(h, 'GET', '/_mock/presence')).status, 400, 'app is required')
})

t.test('GET /_mock/presence?app= lists the app\'s online users, sorted', async (t) => {
  const h = await build(t)
  t.strictSame((await call(h, 'GET', `/_mock/presence?app=${ENC}`)).body, { app: KEY, online: [] })
  for (const username of ['zed', 'amy', 'Kim']) await presence(h, { app: KEY, username, online: true })
  await presence(h, { app: KEY, username: 'zed', online: false })
  await otherApp(h)
  await presence(h, { app: OTHER, username: 'bob', online: true })
  const res = await call(h, 'GET', `/_mock/presence?app=${ENC}`)
  t.equal(res.status, 200)
  t.strictSame(res.body, { app: KEY, online: ['amy', 'kim'] })
  t.strictSame((await call(h, 'GET', `/_mock/presence?app=${encodeURIComponent(OTHER)}`)).body, { app: OTHER, online: ['bob'] })
})

/** A push and an online user in each of two apps. */
async function twoAppsSeen (h: Harness): Promise<void> {
  const post2 = await otherApp(h)
  await send(h, ['a'])
  await post2('/messages/users', txt(['b']))
  await presence(h, { app: KEY, username: 'amy', online: true })
  await presence(h, { app: OTHER, username: 'bob', online: true })
}

t.test('POST /_mock/reset?app= clears that app\'s pushes and presence only; /_mock/reset clears all', async (t) => {
  const h = await build(t)
  await twoAppsSeen(h)

  t.equal((await call(h, 'POST', `/_mock/reset?app=${ENC}`)).status, 200)
  t.strictSame((await list(h)).map(p => p.app), [OTHER])
  t.strictSame((await call(h, 'GET', `/_mock/presence?app=${ENC}`)).body.online, [])
  t.strictSame((await call(h, 'GET', `/_mock/presence?app=${encodeURIComponent(OTHER)}`)).body.online, ['bob'])

  await presence(h, { app: KEY, username: 'amy', online: true })
  t.equal((await call(h, 'POST', '/_mock/reset')).status, 200)
  t.strictSame(await list(h), [])
  t.strictSame((await call(h, 'GET', `/_mock/presence?app=${ENC}`)).body.online, [])
})

t.test('DELETE /_mock/apps/{org}/{app} drops the app\'s pushes and presence', async (t) => {
  const h = await build(t)
  await twoAppsSeen(h)
  t.equal((await call(h, 'DELETE', '/_mock/apps/org2/app2')).status, 200)
  t.strictSame((await list(h)).map(p => p.app), [KEY])
  t.strictSame((await call(h, 'GET', `/_mock/presence?app=${ENC}`)).body.online, ['amy'])
  // Re-created, the app starts with no one online.
  await call(h, 'POST', '/_mock/apps', { appKey: OTHER, clientId: 'id2', clientSecret: 'sec2' })
  t.strictSame((await call(h, 'GET', `/_mock/presence?app=${encodeURIComponent(OTHER)}`)).body.online, [])
})

t.test('the journal on the ring: --journal-size 3 keeps the newest 3 across trims', async (t) => {
  const h = await build(t, { args: ['--journal-size', '3'] })
  for (let i = 0; i < 8; i++) await vendor(h, 'GET', `/users/u${i}`)
  const res = await call(h, 'GET', '/_mock/requests')
  t.strictSame(res.body.requests.map((r: any) => r.path), [h.path('/users/u5'), h.path('/users/u6'), h.path('/users/u7')])
  t.equal(res.body.requests[2].id - res.body.requests[0].id, 2)
})

t.test('createRing: capacity, newest kept through chunked trims, clear all or some', async (t) => {
  const ring = createRing<number>(3)
  t.equal(ring.capacity, 3)
  t.strictSame(ring.items(), [])
  ring.push(1, 2)
  t.strictSame(ring.items(), [1, 2])
  ring.push(3, 4, 5)
  t.strictSame(ring.items(), [3, 4, 5], 'over capacity, under the trim point')
  ring.push(6)
  t.strictSame(ring.items(), [4, 5, 6])
  ring.push(7, 8, 9, 10, 11, 12, 13)
  t.strictSame(ring.items(), [11, 12, 13])
  t.equal(ring.held, 13, 'a small ring trims 16 over its capacity')
  for (let n = 14; n <= 19; n++) ring.push(n)
  t.equal(ring.held, 3, 'trimmed back to the capacity')
  t.strictSame(ring.items(), [17, 18, 19])

  const big = createRing<number>(800)
  for (let n = 1; n <= 899; n++) big.push(n)
  t.equal(big.held, 899, 'a large one holds up to an eighth over its capacity')
  big.push(900)
  t.equal(big.held, 800, 'then trims back to it')
  t.strictSame([big.items()[0], big.items().at(-1)], [101, 900])
  const copy = ring.items()
  copy.push(99)
  t.strictSame(ring.items(), [17, 18, 19], 'items() is a copy')
  ring.clear(n => n % 2 === 0)
  t.strictSame(ring.items(), [17, 19])
  ring.clear()
  t.strictSame(ring.items(), [])

  const none = createRing<number>(0)
  none.push(1, 2, 3)
  t.equal(none.capacity, 0)
  t.strictSame(none.items(), [])

  const one = createRing<string>(1)
  one.push('a')
  one.push('b')
  one.push('c')
  t.strictSame(one.items(), ['c'])
})

t.test('createPushLog and createPresence on their own', async (t) => {
  const rec = (app: string, to: string, outcome: 'delivered' | 'skipped'): KeptPush => ({
    app,
    msg_id: `${app}-${to}`,
    from: 'f',
    to,
    chat_type: 'chat',
    group_id: null,
    outcome,
    reason: null,
    device_id: null,
    notifier_name: null,
    device_token: null,
    title: null,
    content: null,
    time: 0,
    basis: { message: { id: '1', from: 'f', chatType: 'chat', groupId: null, type: 'txt', body: {}, ext: {} }, sender: { username: 'f', nickname: null }, recipient: unknownRecipient(to), now: 0, timeZone: 'UTC' }
  })
  const log = createPushLog(10)
  log.record([rec('a#b', 'x', 'delivered'), rec('c#d', 'y', 'skipped')])
  t.equal(log.list().length, 2, 'no filter')
  t.notOk('basis' in (log.list()[0] as object), 'the list shows records as the API does')
  t.equal(log.kept({ to: 'x' })[0]?.basis.recipient.username, 'x', 'kept records hold what their decision was made from')
  t.strictSame(log.list({ to: 'X' }).map(p => p.app), ['a#b'])
  log.clear('a#b')
  t.strictSame(log.list().map(p => p.app), ['c#d'])
  log.clear()
  t.strictSame(log.list(), [])

  const p = createPresence()
  t.equal(p.isOnline('a#b', 'u'), false)
  t.strictSame(p.online('a#b'), [])
  p.set('a#b', 'u', true)
  p.set('a#b', 'u', true)
  t.equal(p.isOnline('a#b', 'u'), true)
  t.equal(p.isOnline('c#d', 'u'), false)
  p.clear('a#b')
  t.strictSame(p.online('a#b'), [])
  p.set('a#b', 'v', true)
  p.clear()
  t.equal(p.isOnline('a#b', 'v'), false)
})
