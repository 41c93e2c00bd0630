import t from 'tap'
import { APP, appUuid, build, call, ORG, T0, type Harness, type Res, vendor } from '../helper.js'

/**
 * POST /messages/users and /messages/chatgroups (vendor-shapes §7, §8): the send envelope, every
 * vendor error in the vendor's order, and the delivery simulation end to end through /_mock/pushes
 * (decisions.md "Delivery simulation").
 */

const KEY = `${ORG}#${APP}`
const NUMERIC_ID = /^[0-9]{15,20}$/
const txt = (to: unknown, extra: Record<string, unknown> = {}) => ({ from: 'alice', to, type: 'txt', body: { msg: 'hello' }, ...extra })

const send = async (h: Harness, payload: unknown, headers: Record<string, string> = {}): Promise<Res> =>
  await vendor(h, 'POST', '/messages/users', payload, headers)

const sendGroup = async (h: Harness, payload: unknown): Promise<Res> =>
  await vendor(h, 'POST', '/messages/chatgroups', payload)

const pushes = async (h: Harness, query = ''): Promise<any[]> => {
  const res = await call(h, 'GET', `/_mock/pushes?app=${encodeURIComponent(KEY)}${query}`)
  if (res.status !== 200) throw new Error(JSON.stringify(res.body))
  return res.body.pushes
}

/** Every write must succeed; answers the body. */
async function ok (h: Harness, method: 'PUT' | 'POST' | 'DELETE', rest: string, body?: unknown): Promise<any> {
  const res = await vendor(h, method, rest, body)
  if (res.status !== 200) throw new Error(`${method} ${rest}: ${JSON.stringify(res.body)}`)
  return res.body
}

const bind = async (h: Harness, user: string, device: string, notifier = 'APNS'): Promise<void> => {
  await ok(h, 'PUT', `/users/${user}/push/binding`, { device_id: device, device_token: `tok-${device}`, notifier_name: notifier })
}

const sendError = (description: string, timestamp = T0) => ({
  error: 'message_send_error',
  exception: 'MessageSendException',
  timestamp,
  duration: 0,
  error_description: description
})

const badBody = {
  error: 'invalid_request_body',
  exception: 'InvalidRequestBodyException',
  timestamp: T0,
  duration: 0,
  error_description: 'Request body is invalid. Please check body is correct.'
}

/** One delivered or skipped record as /_mock/pushes shows it. */
const record = (fields: Record<string, unknown>) => ({
  app: KEY,
  from: 'alice',
  chat_type: 'chat',
  group_id: null,
  outcome: 'delivered',
  reason: null,
  device_id: null,
  notifier_name: null,
  device_token: null,
  title: null,
  content: null,
  time: T0,
  ...fields
})

const delivered = (to: string, msgId: string, device: string, title: string, content: string, extra: Record<string, unknown> = {}) =>
  record({ to, msg_id: msgId, device_id: device, notifier_name: 'APNS', device_token: `tok-${device}`, title, content, ...extra })

const skipped = (to: string, msgId: string, reason: string, extra: Record<string, unknown> = {}) =>
  record({ to, msg_id: msgId, outcome: 'skipped', reason, ...extra })

t.test('POST /messages/users answers the send envelope field by field', async (t) => {
  const h = await build(t)
  const res = await send(h, { from: 'alice', to: ['Bob', 'carol'], type: 'txt', body: { msg: 'hi' } })
  t.equal(res.status, 200)
  const { data, duration } = res.body
  t.strictSame(res.body, {
    path: '/messages/users',
    uri: `http://localhost:80/${ORG}/${APP}/messages/users`,
    timestamp: T0,
    organization: ORG,
    application: await appUuid(h),
    action: 'post',
    data: { Bob: data.Bob, carol: data.carol },
    duration,
    applicationName: APP
  })
  t.strictSame(Object.keys(res.body), ['path', 'uri', 'timestamp', 'organization', 'application', 'action', 'data', 'duration', 'applicationName'])
  t.match(data.Bob, NUMERIC_ID)
  t.match(data.carol, NUMERIC_ID)
  t.not(data.Bob, data.carol, 'each recipient has its own id')
  t.type(duration, 'number')
  t.ok(duration >= 0)
})

t.test('duplicates in `to` collapse; case variants of one user share one id', async (t) => {
  const h = await build(t)
  await h.register('bob')
  const res = await send(h, txt(['bob', 'bob', 'BOB', 'dave']))
  t.equal(res.status, 200)
  t.strictSame(Object.keys(res.body.data), ['bob', 'BOB', 'dave'])
  t.equal(res.body.data.bob, res.body.data.BOB)
  t.not(res.body.data.bob, res.body.data.dave)
  const all = await pushes(h)
  t.equal(all.length, 2, 'one record per distinct recipient')
  t.strictSame(all.map(p => p.to), ['bob', 'dave'])
})

t.test('ids are unique across sends under a frozen clock, and later sends sort after', async (t) => {
  const h = await build(t)
  const a = (await send(h, txt(['u1']))).body.data.u1 as string
  const b = (await send(h, txt(['u1']))).body.data.u1 as string
  t.not(a, b)
  h.clock.advance(1000)
  const c = (await send(h, txt(['u1']))).body.data.u1 as string
  t.ok(BigInt(c) > BigInt(a) && BigInt(c) > BigInt(b))
})

t.test('`from` defaults to "admin" and is lower-cased', async (t) => {
  const h = await build(t)
  await h.register('bob')
  await send(h, { to: ['bob'], type: 'txt', body: { msg: 'x' } })
  await send(h, { from: 'Alice', to: ['bob'], type: 'txt', body: { msg: 'x' } })
  t.strictSame((await pushes(h)).map(p => p.from), ['admin', 'alice'])
})

t.test('every send error in the vendor\'s order and words', async (t) => {
  const h = await build(t)
  const cases: Array<[string, unknown, unknown]> = [
    ['array body', [], badBody],
    ['string body', '"text"', badBody],
    ['number body', '42', badBody],
    ['empty from', txt(['b'], { from: '' }), sendError("param from can't be empty")],
    ['numeric from', txt(['b'], { from: 7 }), sendError("param from can't be empty")],
    ['bad from beats bad to', { from: '', type: 'txt', body: { msg: 'x' } }, sendError("param from can't be empty")],
    ['missing to', { from: 'a', type: 'txt', body: { msg: 'x' } }, sendError("param to can't be empty")],
    ['empty to', txt([]), sendError("param to can't be empty")],
    ['string to', txt('bob'), sendError("param to can't be empty")],
    ['601 recipients', txt(Array.from({ length: 601 }, (_, i) => `u${i}`)), sendError("params to's size can't exceed limit 600")],
    ['601 before a bad recipient', txt(Array.from({ length: 601 }, () => 5)), sendError("params to's size can't exceed limit 600")],
    ['numeric recipient', txt(['bob', 5]), badBody],
    ['empty recipient', txt(['']), badBody],
    ['bad recipient beats bad type', { from: 'a', to: [null], body: { msg: 'x' } }, badBody],
    ['missing type', { from: 'a', to: ['b'], body: { msg: 'x' } }, sendError("param type can't be empty")],
    ['empty type', txt(['b'], { type: '' }), sendError("param type can't be empty")],
    ['unknown type', txt(['b'], { type: 'sticker' }), badBody],
    ['missing body', { from: 'a', to: ['b'], type: 'txt' }, sendError("param body can't be empty")],
    ['empty body', txt(['b'], { body: {} }), sendError("param body can't be empty")],
    ['array body field', txt(['b'], { body: ['hi'] }), sendError("param body can't be empty")],
    ['string body field', txt(['b'], { body: 'hi' }), sendError("param body can't be empty")],
    ['txt without msg', txt(['b'], { body: { text: 'hi' } }), badBody],
    ['txt with a numeric msg', txt(['b'], { body: { msg: 1 } }), badBody],
    ['img without url', txt(['b'], { type: 'img', body: { filename: 'a.png' } }), badBody],
    ['audio without url', txt(['b'], { type: 'audio', body: { length: 3 } }), badBody],
    ['video without url', txt(['b'], { type: 'video', body: { thumb: 'x' } }), badBody],
    ['file without url', txt(['b'], { type: 'file', body: { filename: 'f' } }), badBody],
    ['loc without addr', txt(['b'], { type: 'loc', body: { lat: '1', lng: '2' } }), badBody],
    ['cmd without action', txt(['b'], { type: 'cmd', body: { act: 'x' } }), badBody],
    ['bad body field beats bad ext', txt(['b'], { body: { text: 'x' }, ext: null }), badBody],
    ['null ext', txt(['b'], { ext: null }), sendError('param ext must be JSONObject')],
    ['array ext', txt(['b'], { ext: [] }), sendError('param ext must be JSONObject')],
    ['string ext', txt(['b'], { ext: 'x' }), sendError('param ext must be JSONObject')],
    ['too large', txt(['b'], { body: { msg: 'x'.repeat(5109) } }), { ...sendError('message is too large'), error_code: 14007 }],
    ['too large with ext (110 + 5011 bytes)', txt(['b'], { body: { msg: 'x'.repeat(100) }, ext: { pad: 'y'.repeat(5001) } }), { ...sendError('message is too large'), error_code: 14007 }]
  ]
  for (const [name, payload, expected] of cases) {
    const headers: Record<string, string> = typeof payload === 'string' ? { 'content-type': 'application/json' } : {}
    const res = await send(h, payload, headers)
    t.equal(res.status, 400, name)
    t.strictSame(res.body, expected, name)
  }
  const large = await send(h, txt(['b'], { body: { msg: 'x'.repeat(5109) } }))
  t.strictSame(Object.keys(large.body), ['error', 'exception', 'timestamp', 'duration', 'error_code', 'error_description'])
  t.strictSame(await pushes(h), [], 'no rejected send is simulated')
})

t.test('limits that pass: 600 recipients, exactly 5 KB, each type with its fields', async (t) => {
  const h = await build(t)
  const many = Array.from({ length: 600 }, (_, i) => `u${i}`)
  const res = await send(h, txt(many))
  t.equal(res.status, 200)
  t.equal(Object.keys(res.body.data).length, 600)
  t.equal(new Set(Object.values(res.body.data)).size, 600)
  t.equal((await pushes(h)).length, 600)
  // {"msg":"…"} is 10 bytes + the text, {} is 2: 5108 characters make exactly 5120 bytes.
  t.equal((await send(h, txt(['b'], { body: { msg: 'x'.repeat(5108) } }))).status, 200)
  const bodies: Record<string, unknown> = {
    img: { url: 'https://h/o/a/chatfiles/1' },
    audio: { url: 'https://h/o/a/chatfiles/2', length: 3 },
    video: { url: 'https://h/o/a/chatfiles/3' },
    file: { url: 'https://h/o/a/chatfiles/4' },
    loc: { lat: '39.9', lng: '116.3', addr: 'Beijing' },
    cmd: { action: 'sync' },
    custom: { customEvent: 'gift' }
  }
  for (const [type, body] of Object.entries(bodies)) {
    t.equal((await send(h, { from: 'alice', to: ['b'], type, body })).status, 200, type)
  }
  t.equal((await send(h, txt(['b'], { ext: {} }))).status, 200, 'empty ext')
})

t.test('a user token may not send: 401', async (t) => {
  const h = await build(t)
  await h.register('alice')
  const login = await call(h, 'POST', h.path('/token'), { grant_type: 'password', username: 'alice', password: 'pw' })
  t.equal(login.status, 200)
  const res = await call(h, 'POST', h.path('/messages/users'), txt(['bob']), { authorization: `Bearer ${login.body.access_token as string}` })
  t.equal(res.status, 401)
  t.equal(res.body.error, 'unauthorized')
  const group = await call(h, 'POST', h.path('/messages/chatgroups'), txt(['1']), { authorization: `Bearer ${login.body.access_token as string}` })
  t.equal(group.status, 401)
  const none = await call(h, 'POST', h.path('/messages/users'), txt(['bob']))
  t.equal(none.status, 401)
  t.strictSame(await pushes(h), [])
})

/** alice owns a group with bob and carol (both bound); answers its id. */
async function groupOf (h: Harness, members = ['bob', 'carol']): Promise<string> {
  await h.register('alice', ...members)
  for (const m of members) await bind(h, m, `d-${m}`)
  const created = await ok(h, 'POST', '/chatgroups', { public: true, owner: 'alice', members })
  return created.data.groupid
}

t.test('messages/chatgroups: envelope, one id per group shared by its members, the sender not pushed', async (t) => {
  const h = await build(t)
  const g1 = await groupOf(h)
  const g2 = (await ok(h, 'POST', '/chatgroups', { public: false, owner: 'bob', members: ['alice'] })).data.groupid
  await bind(h, 'alice', 'd-alice')
  const res = await sendGroup(h, txt([g1, g2]))
  t.equal(res.status, 200)
  t.strictSame(res.body, {
    path: '/messages/chatgroups',
    uri: `http://localhost:80/${ORG}/${APP}/messages/chatgroups`,
    timestamp: T0,
    organization: ORG,
    application: await appUuid(h),
    action: 'post',
    data: { [g1]: res.body.data[g1], [g2]: res.body.data[g2] },
    duration: res.body.duration,
    applicationName: APP
  })
  const id1 = res.body.data[g1] as string
  const id2 = res.body.data[g2] as string
  t.match(id1, NUMERIC_ID)
  t.not(id1, id2)
  const group = { chat_type: 'groupchat' }
  t.strictSame(await pushes(h), [
    delivered('bob', id1, 'd-bob', '您有一条新消息', '请点击查看', { ...group, group_id: g1 }),
    delivered('carol', id1, 'd-carol', '您有一条新消息', '请点击查看', { ...group, group_id: g1 }),
    delivered('bob', id2, 'd-bob', '您有一条新消息', '请点击查看', { ...group, group_id: g2 })
  ], 'alice, the sender, gets nothing; alice is the only other member of g2')
})

t.test('messages/chatgroups: at most 3 groups; unknown group answers an id and records nothing', async (t) => {
  const h = await build(t)
  const over = await sendGroup(h, txt(['1', '2', '3', '4']))
  t.equal(over.status, 400)
  t.strictSame(over.body, sendError("params to's size can't exceed limit 3"))
  t.strictSame((await sendGroup(h, { to: ['1'], type: 'txt' })).body, sendError("param body can't be empty"), 'same checks as users')
  const res = await sendGroup(h, txt(['99999999999999']))
  t.equal(res.status, 200)
  t.match(res.body.data['99999999999999'], NUMERIC_ID)
  t.strictSame(await pushes(h), [])
  t.equal((await sendGroup(h, txt(['1', '2', '3']))).status, 200)
})

t.test('group pushes: conversation setting per group, style 1 names the group, group_user_nickname', async (t) => {
  const h = await build(t)
  const g = await groupOf(h)
  await ok(h, 'PUT', `/users/carol/notification/chatgroup/${g}`, { type: 'NONE' })
  await ok(h, 'PUT', '/users/bob', { notification_display_style: 1 })
  const res = await sendGroup(h, txt([g]))
  const id = res.body.data[g] as string
  const group = { chat_type: 'groupchat', group_id: g }
  t.strictSame(await pushes(h), [
    delivered('bob', id, 'd-bob', '您有一条新消息', `${g}: hello`, group),
    skipped('carol', id, 'user ignore push', { ...group, device_id: 'd-carol', notifier_name: 'APNS', device_token: 'tok-d-carol' })
  ])
})

t.test('the push records of a plain send: no user, no binding, bound user', async (t) => {
  const h = await build(t)
  await h.register('alice', 'bob', 'carol')
  await bind(h, 'bob', 'd1')
  const res = await send(h, txt(['bob', 'carol', 'ghost']))
  const d = res.body.data
  t.strictSame(await pushes(h), [
    delivered('bob', d.bob, 'd1', '您有一条新消息', '请点击查看'),
    skipped('carol', d.carol, 'no push binding'),
    skipped('ghost', d.ghost, 'no user exist')
  ])
})

t.test('two bindings give two records with their own devices', async (t) => {
  const h = await build(t)
  await h.register('bob')
  await bind(h, 'bob', 'd1')
  await bind(h, 'bob', 'd2', 'HMS')
  const id = (await send(h, txt(['bob']))).body.data.bob
  t.strictSame(await pushes(h), [
    delivered('bob', id, 'd1', '您有一条新消息', '请点击查看'),
    delivered('bob', id, 'd2', '您有一条新消息', '请点击查看', { notifier_name: 'HMS' })
  ])
})

t.test('em_ignore_notification and cmd messages are "message ignore push"; em_push_filter skips a device', async (t) => {
  const h = await build(t)
  await h.register('bob')
  await bind(h, 'bob', 'd1')
  await bind(h, 'bob', 'd2')
  const dev = (id: string) => ({ device_id: id, notifier_name: 'APNS', device_token: `tok-${id}` })
  const a = (await send(h, txt(['bob'], { ext: { em_ignore_notification: true } }))).body.data.bob
  const b = (await send(h, { from: 'alice', to: ['bob'], type: 'cmd', body: { action: 'x' } })).body.data.bob
  const c = (await send(h, txt(['bob'], { ext: { em_push_filter: { ignore_device_id: ['d1'] } } }))).body.data.bob
  t.strictSame(await pushes(h), [
    skipped('bob', a, 'message ignore push', dev('d1')),
    skipped('bob', a, 'message ignore push', dev('d2')),
    skipped('bob', b, 'message ignore push', dev('d1')),
    skipped('bob', b, 'message ignore push', dev('d2')),
    skipped('bob', c, 'ignore push device id', dev('d1')),
    delivered('bob', c, 'd2', '您有一条新消息', '请点击查看')
  ])
})

t.test('DND window at the frozen clock\'s minute (Asia/Shanghai) → user ignore push; force overrides; X-Mock-Now moves one request', async (t) => {
  const h = await build(t)
  await h.register('alice', 'bob')
  await bind(h, 'bob', 'd1')
  // T0 is 15:55 in Asia/Shanghai.
  await ok(h, 'PUT', '/users/bob/notification/user/bob', { ignoreInterval: '15:00-16:00' })
  const quiet = (await send(h, txt(['bob']))).body.data.bob
  const forced = (await send(h, txt(['bob'], { ext: { em_force_notification: true } }))).body.data.bob
  const later = T0 + 10 * 60_000 // 16:05
  const moved = await send(h, txt(['bob']), { 'x-mock-now': String(later) })
  t.equal(moved.status, 200)
  t.equal(moved.body.timestamp, later)
  const iso = await send(h, txt(['bob']), { 'x-mock-now': new Date(T0 - 60 * 60_000).toISOString() }) // 14:55
  const again = (await send(h, txt(['bob']))).body.data.bob
  t.strictSame(await pushes(h), [
    skipped('bob', quiet, 'user ignore push', { device_id: 'd1', notifier_name: 'APNS', device_token: 'tok-d1' }),
    delivered('bob', forced, 'd1', '您有一条新消息', '请点击查看'),
    delivered('bob', moved.body.data.bob, 'd1', '您有一条新消息', '请点击查看', { time: later }),
    delivered('bob', iso.body.data.bob, 'd1', '您有一条新消息', '请点击查看', { time: T0 - 60 * 60_000 }),
    skipped('bob', again, 'user ignore push', { device_id: 'd1', notifier_name: 'APNS', device_token: 'tok-d1' })
  ], 'the header changed only its own request')
  const bad = await send(h, txt(['bob']), { 'x-mock-now': 'yesterday' })
  t.equal(bad.status, 400)
})

t.test('per-conversation NONE silences one sender only', async (t) => {
  const h = await build(t)
  await h.register('alice', 'bob', 'carol')
  await bind(h, 'bob', 'd1')
  await ok(h, 'PUT', '/users/bob/notification/user/alice', { type: 'NONE' })
  const fromAlice = (await send(h, txt(['bob']))).body.data.bob
  const fromCarol = (await send(h, txt(['bob'], { from: 'carol' }))).body.data.bob
  t.strictSame(await pushes(h), [
    skipped('bob', fromAlice, 'user ignore push', { device_id: 'd1', notifier_name: 'APNS', device_token: 'tok-d1' }),
    delivered('bob', fromCarol, 'd1', '您有一条新消息', '请点击查看', { from: 'carol' })
  ])
})

t.test('AT: only messages whose em_at_list names the recipient or "all"', async (t) => {
  const h = await build(t)
  await h.register('bob')
  await bind(h, 'bob', 'd1')
  await ok(h, 'PUT', '/users/bob/notification/user/bob', { type: 'AT' })
  const dev = { device_id: 'd1', notifier_name: 'APNS', device_token: 'tok-d1' }
  const plain = (await send(h, txt(['bob']))).body.data.bob
  const other = (await send(h, txt(['bob'], { ext: { em_at_list: ['carol'] } }))).body.data.bob
  const named = (await send(h, txt(['bob'], { ext: { em_at_list: ['carol', 'bob'] } }))).body.data.bob
  const all = (await send(h, txt(['bob'], { ext: { em_at_list: 'all' } }))).body.data.bob
  t.strictSame(await pushes(h), [
    skipped('bob', plain, 'user ignore push', dev),
    skipped('bob', other, 'user ignore push', dev),
    delivered('bob', named, 'd1', '您有一条新消息', '请点击查看'),
    delivered('bob', all, 'd1', '您有一条新消息', '请点击查看')
  ])
})

t.test('display style 1 shows the sender\'s nickname (or id) and the text', async (t) => {
  const h = await build(t)
  await h.register('alice', 'bob')
  await bind(h, 'bob', 'd1')
  await ok(h, 'PUT', '/users/bob', { notification_display_style: 1 })
  const noNick = (await send(h, txt(['bob']))).body.data.bob
  await ok(h, 'PUT', '/users/alice', { nickname: 'Ann' })
  const nick = (await send(h, txt(['bob']))).body.data.bob
  const img = (await send(h, { from: 'alice', to: ['bob'], type: 'img', body: { url: 'https://x' } })).body.data.bob
  t.strictSame((await pushes(h)).map(p => [p.msg_id, p.title, p.content]), [
    [noNick, '您有一条新消息', 'alice: hello'],
    [nick, '您有一条新消息', 'Ann: hello'],
    [img, '您有一条新消息', 'Ann: [图片]']
  ])
})

t.test('templates: the app\'s `default`, ext title/content, the recipient\'s, then the sender\'s em_push_template with args', async (t) => {
  const h = await build(t)
  await h.register('alice', 'bob')
  await bind(h, 'bob', 'd1')
  await ok(h, 'PUT', '/users/alice', { nickname: 'Ann' })
  const plain = (await send(h, txt(['bob']))).body.data.bob
  await ok(h, 'POST', '/notification/template', { name: 'default', title_pattern: 'New from {$fromNickname}', content_pattern: 'Says {$msg}' })
  const dflt = (await send(h, txt(['bob']))).body.data.bob
  const extTitle = (await send(h, txt(['bob'], { ext: { em_apns_ext: { em_push_title: 'ET', em_push_content: 'EC' } } }))).body.data.bob
  await ok(h, 'POST', '/notification/template', { name: 'mine', title_pattern: 'Mine', content_pattern: '{$dynamicFrom}/{$msg}' })
  await ok(h, 'PUT', '/users/bob/notification/template', { templateName: 'mine' })
  const recipient = (await send(h, txt(['bob'], { ext: { em_apns_ext: { em_push_title: 'ET' } } }))).body.data.bob
  await ok(h, 'POST', '/notification/template', { name: 'sender', title_pattern: 'Hi {0}', content_pattern: '{0} and {1}, {2}' })
  const withArgs = (await send(h, txt(['bob'], {
    ext: { em_push_template: { name: 'sender', title_args: ['Bob'], content_args: ['x', 7] } }
  }))).body.data.bob
  const unknown = (await send(h, txt(['bob'], { ext: { em_push_template: { name: 'nope' } } }))).body.data.bob
  t.strictSame((await pushes(h)).map(p => [p.msg_id, p.title, p.content]), [
    [plain, '您有一条新消息', '请点击查看'],
    [dflt, 'New from Ann', 'Says hello'],
    [extTitle, 'ET', 'EC'],
    [recipient, 'Mine', 'Ann/hello'],
    [withArgs, 'Hi Bob', 'x and 7, {2}'],
    [unknown, 'Mine', 'Ann/hello']
  ])
})

t.test('sends are journalled and counted like any vendor request', async (t) => {
  const h = await build(t)
  await send(h, txt(['bob']))
  const journal = await call(h, 'GET', '/_mock/requests?path=' + encodeURIComponent(h.path('/messages/users')))
  t.equal(journal.body.requests.length, 1)
  t.equal(journal.body.requests[0].status, 200)
})

t.test('other DND sources: app-wide and conversation durations, legacy hours; truthy spellings of the ext flags', async (t) => {
  const h = await build(t)
  await h.register('alice', 'bob', 'carol', 'dave')
  for (const u of ['bob', 'carol', 'dave']) await bind(h, u, `d-${u}`)
  const dev = (u: string) => ({ device_id: `d-${u}`, notifier_name: 'APNS', device_token: `tok-d-${u}` })
  await ok(h, 'PUT', '/users/bob/notification/user/bob', { ignoreDuration: 3_600_000 })
  await ok(h, 'PUT', '/users/carol/notification/user/alice', { ignoreDuration: 3_600_000 })
  // T0 is 15:55 in Asia/Shanghai: the legacy hours 15–16 hold it.
  await ok(h, 'PUT', '/users/dave', { notification_no_disturbing: true, notification_no_disturbing_start: 15, notification_no_disturbing_end: 16 })
  const quiet = (await send(h, txt(['bob', 'carol', 'dave']))).body.data
  const fromOther = (await send(h, txt(['carol'], { from: 'dave' }))).body.data.carol
  const forced = (await send(h, txt(['dave'], { ext: { em_force_notification: 'YES' } }))).body.data.dave
  const silent1 = (await send(h, txt(['carol'], { from: 'dave', ext: { em_ignore_notification: 1 } }))).body.data.carol
  const silent2 = (await send(h, txt(['carol'], { from: 'dave', ext: { em_ignore_notification: 'true' } }))).body.data.carol
  const notSilent = (await send(h, txt(['carol'], { from: 'dave', ext: { em_ignore_notification: 'no' } }))).body.data.carol
  const later = T0 + 2 * 3_600_000 // 17:55, past every duration and the legacy hours
  const after = (await send(h, txt(['bob', 'carol', 'dave']), { 'x-mock-now': String(later) })).body.data
  const push = (to: string, id: string, time = T0, from = 'alice') =>
    record({ to, msg_id: id, device_id: `d-${to}`, notifier_name: 'APNS', device_token: `tok-d-${to}`, title: '您有一条新消息', content: '请点击查看', time, from })
  t.strictSame(await pushes(h), [
    skipped('bob', quiet.bob, 'user ignore push', dev('bob')),
    skipped('carol', quiet.carol, 'user ignore push', dev('carol')),
    skipped('dave', quiet.dave, 'user ignore push', dev('dave')),
    push('carol', fromOther, T0, 'dave'),
    push('dave', forced),
    skipped('carol', silent1, 'message ignore push', { ...dev('carol'), from: 'dave' }),
    skipped('carol', silent2, 'message ignore push', { ...dev('carol'), from: 'dave' }),
    push('carol', notSilent, T0, 'dave'),
    push('bob', after.bob, later),
    push('carol', after.carol, later),
    push('dave', after.dave, later)
  ])
})

t.test('group messages: a directed template for the targeted member, the main template for the rest', async (t) => {
  const h = await build(t)
  const g = await groupOf(h)
  await ok(h, 'POST', '/notification/template', { name: 'main', title_pattern: '{0}', content_pattern: '{0}:{1}' })
  await ok(h, 'POST', '/notification/template', { name: 'at', title_pattern: '{0}', content_pattern: '{0}:{1}' })
  const ext = {
    em_push_template: {
      name: 'main',
      title_args: ['群组名'],
      content_args: ['张三', '发来一条消息'],
      directed_template: { target: ['Carol'], name: 'at', title_args: ['群组名'], content_args: ['张三', '在群里@了你'] }
    },
    em_push_ext: { group_user_nickname: 'Jane' }
  }
  const id = (await sendGroup(h, txt([g], { ext }))).body.data[g]
  await ok(h, 'POST', '/notification/template', { name: 'nick', title_pattern: '{$dynamicFrom}', content_pattern: '{$fromNickname}' })
  const nick = (await sendGroup(h, txt([g], { ext: { em_push_template: { name: 'nick' }, em_push_ext: { group_user_nickname: 'Jane' } } }))).body.data[g]
  // Sent one-to-one, a directed template is not used.
  const direct = (await send(h, txt(['carol'], { ext }))).body.data.carol
  t.strictSame((await pushes(h)).map(p => [p.to, p.msg_id, p.title, p.content]), [
    ['bob', id, '群组名', '张三:发来一条消息'],
    ['carol', id, '群组名', '张三:在群里@了你'],
    ['bob', nick, 'Jane', 'alice'],
    ['carol', nick, 'Jane', 'alice'],
    ['carol', direct, '群组名', '张三:发来一条消息']
  ])
})
