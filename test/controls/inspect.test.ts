import t from 'tap'
import { APP, build, call, ORG, T0, vendor, type Harness } from '../helper.js'

/**
 * The `/_mock` views the UI reads: counts per app, a paged user search, one user's whole push
 * state with the do-not-disturb day, an app's templates, an app token and a push's decision trace.
 */

const KEY = `${ORG}#${APP}`
const ENC = encodeURIComponent(KEY)
const ok = async (h: Harness, method: 'GET' | 'POST', url: string): Promise<any> => {
  const res = await call(h, method, url)
  if (res.status !== 200) throw new Error(`${url}: ${JSON.stringify(res.body)}`)
  return res.body
}

t.test('GET /_mock/overview: each app with its counts, the clock and the time zone', async (t) => {
  const h = await build(t)
  await h.register('alice', 'bob', 'carol')
  await vendor(h, 'PUT', '/users/bob/push/binding', { device_id: 'd1', device_token: 't1', notifier_name: 'APNS' })
  await vendor(h, 'PUT', '/users/bob/push/binding', { device_id: 'd2', device_token: 't2', notifier_name: 'FCM' })
  await vendor(h, 'POST', '/notification/template', { name: 'welcome', title_pattern: 'Hi', content_pattern: 'there' })
  await vendor(h, 'POST', '/chatgroups', { groupname: 'g', desc: 'd', public: true, owner: 'alice' })
  await call(h, 'POST', '/_mock/apps', { appKey: 'org2#app2', clientId: 'id2', clientSecret: 's2' })

  const o = await ok(h, 'GET', '/_mock/overview')
  t.strictSame(o.apps.map((a: any) => [a.appKey, a.counts]), [
    [KEY, { users: 3, bindings: 2, templates: 1, groups: 1 }],
    ['org2#app2', { users: 0, bindings: 0, templates: 0, groups: 0 }]
  ])
  t.match(o.apps[0], { clientId: 'YXA6client', uuid: String, created: T0 })
  t.strictSame(o.clock, { now: T0, iso: new Date(T0).toISOString(), frozen: true })
  t.equal(o.timezone, 'Asia/Shanghai')
  t.strictSame(o.settings, {
    timezone: 'Asia/Shanghai',
    tokenTtl: 5184000,
    strictApps: false,
    autoCreateUsers: false,
    rateLimits: false,
    bodyLimit: 1048576,
    journalSize: 1000,
    pushLogSize: 50000,
    pushCallback: null,
    database: ':memory:'
  })
})

t.test('GET /_mock/users: a page of users by username prefix or nickname, and how many match', async (t) => {
  const h = await build(t)
  const names = Array.from({ length: 30 }, (_, i) => `user${String(i).padStart(2, '0')}`)
  await h.register(...names, 'a_b', 'axb')
  await vendor(h, 'PUT', '/users/user07', { nickname: 'Seven%' })
  await vendor(h, 'PUT', '/users/user07/push/binding', { device_id: 'd1', device_token: 't1', notifier_name: 'APNS' })

  const first = await ok(h, 'GET', `/_mock/users?app=${ENC}&limit=10`)
  t.equal(first.total, 32)
  t.strictSame(first.users.map((u: any) => u.username), ['a_b', 'axb', ...names.slice(0, 8)], 'ordered by username')
  t.match(first, { app: KEY, q: '', offset: 0, limit: 10 })
  const third = await ok(h, 'GET', `/_mock/users?app=${ENC}&offset=20&limit=10`)
  t.strictSame(third.users.map((u: any) => u.username), names.slice(18, 28))
  t.strictSame((await ok(h, 'GET', `/_mock/users?app=${ENC}&q=user07`)).users, [{ username: 'user07', nickname: 'Seven%', created: T0, bindings: 1 }])
  t.equal((await ok(h, 'GET', `/_mock/users?app=${ENC}&q=USER1`)).total, 10, 'a prefix, in any case')
  t.strictSame((await ok(h, 'GET', `/_mock/users?app=${ENC}&q=even%25`)).users.map((u: any) => u.username), ['user07'], 'inside a nickname, % taken literally')
  t.strictSame((await ok(h, 'GET', `/_mock/users?app=${ENC}&q=a_`)).users.map((u: any) => u.username), ['a_b'], '_ taken literally')
  t.equal((await ok(h, 'GET', `/_mock/users?app=${ENC}`)).limit, 50, 'fifty a page unless told')

  for (const bad of ['limit=0', 'limit=101', 'offset=-1', 'q=' + 'x'.repeat(65)]) {
    const res = await call(h, 'GET', `/_mock/users?app=${ENC}&${bad}`)
    t.equal(res.status, 400, bad)
    t.equal(res.body.error, 'illegal_argument', bad)
  }
  t.equal((await call(h, 'GET', '/_mock/users?app=no%23such')).status, 404, 'an unknown app')
  t.equal((await call(h, 'GET', '/_mock/users')).status, 400, 'app is required')
})

t.test('GET /_mock/users/{org}/{app}/{username}: entity, bindings, settings and the DND day', async (t) => {
  // 23:10 in Shanghai.
  const now = Date.UTC(2026, 2, 18, 15, 10)
  const h = await build(t, { now })
  await h.register('alice', 'bob')
  await vendor(h, 'PUT', '/users/alice', { nickname: 'Alice', notification_display_style: 1 })
  await vendor(h, 'PUT', '/users/alice/push/binding', { device_id: 'd1', device_token: 't1', notifier_name: 'APNS' })
  await vendor(h, 'PUT', '/users/alice/notification/user/alice', { type: 'ALL', ignoreInterval: '22:00-07:30', ignoreDuration: 3_600_000 })
  await vendor(h, 'PUT', '/users/alice/notification/user/bob', { type: 'NONE' })
  await vendor(h, 'PUT', '/users/alice/notification/chatgroup/42', { type: 'AT' })

  const u = await ok(h, 'GET', `/_mock/users/${ORG}/${APP}/Alice`)
  t.equal(u.app, KEY)
  t.match(u.entity, { username: 'alice', nickname: 'Alice', notification_display_style: 1, type: 'user' })
  t.equal(u.displayStyle, 1)
  t.strictSame(u.bindings, [{ device_id: 'd1', device_token: 't1', notifier_name: 'APNS' }])
  t.strictSame(u.settings, [
    { chattype: 'user', key: 'alice', appWide: true, type: 'ALL', ignoreInterval: '22:00-07:30', ignoreDuration: now + 3_600_000 },
    { chattype: 'user', key: 'bob', appWide: false, type: 'NONE', ignoreInterval: null, ignoreDuration: 0 },
    { chattype: 'chatgroup', key: '42', appWide: false, type: 'AT', ignoreInterval: null, ignoreDuration: 0 }
  ])
  t.strictSame(u.dnd, {
    timeZone: 'Asia/Shanghai',
    now,
    minute: 1390,
    windows: [
      { source: 'ignoreInterval', start: 1320, end: 450, stretches: [{ from: 1320, to: 1440 }, { from: 0, to: 450 }] },
      { source: 'ignoreDuration', start: 1390, end: 10, stretches: [{ from: 1390, to: 1440 }, { from: 0, to: 10 }] }
    ],
    ignoreUntil: now + 3_600_000,
    remainingMs: 3_600_000
  })

  await vendor(h, 'PUT', '/users/bob', { notification_no_disturbing: true, notification_no_disturbing_start: 9, notification_no_disturbing_end: 17 })
  t.strictSame((await ok(h, 'GET', `/_mock/users/${ORG}/${APP}/bob`)).dnd.windows,
    [{ source: 'legacy hours', start: 540, end: 1020, stretches: [{ from: 540, to: 1020 }] }], 'the legacy hours')
  await vendor(h, 'PUT', '/users/bob', { notification_no_disturbing: false })
  const bob = await ok(h, 'GET', `/_mock/users/${ORG}/${APP}/bob`)
  t.strictSame([bob.settings, bob.bindings, bob.dnd.windows, bob.dnd.ignoreUntil], [[], [], [], null], 'nothing set')

  const missing = await call(h, 'GET', `/_mock/users/${ORG}/${APP}/nobody`)
  t.equal(missing.status, 404)
  t.equal(missing.body.error, 'service_resource_not_found')
  t.equal((await call(h, 'GET', '/_mock/users/no/such/alice')).status, 404, 'an unknown app')
})

t.test('GET /_mock/templates lists an app\'s templates by name', async (t) => {
  const h = await build(t)
  await vendor(h, 'POST', '/notification/template', { name: 'zeta', title_pattern: 'Z', content_pattern: 'z' })
  await vendor(h, 'POST', '/notification/template', { name: 'alpha', title_pattern: 'A {0}', content_pattern: '{$msg}' })
  const res = await ok(h, 'GET', `/_mock/templates?app=${ENC}`)
  t.equal(res.app, KEY)
  t.strictSame(res.templates, [
    { name: 'alpha', title_pattern: 'A {0}', content_pattern: '{$msg}', create_at: T0, update_at: T0 },
    { name: 'zeta', title_pattern: 'Z', content_pattern: 'z', create_at: T0, update_at: T0 }
  ])
})

t.test('POST /_mock/token issues an app token the vendor API takes', async (t) => {
  const h = await build(t)
  const tok = await ok(h, 'POST', `/_mock/token?app=${ENC}`)
  t.match(tok, { access_token: /^YWMt/, expires_in: 5184000, application: String })
  await h.register('alice')
  const res = await call(h, 'GET', h.path('/users/alice'), undefined, { authorization: `Bearer ${tok.access_token as string}` })
  t.equal(res.status, 200)

  const forever = await build(t, { args: ['--token-ttl', '0'] })
  t.equal((await ok(forever, 'POST', `/_mock/token?app=${ENC}`)).expires_in, 0, 'with --token-ttl 0 it never expires')
  t.equal((await call(h, 'POST', '/_mock/token?app=bad')).status, 400, 'not an appkey')
})

t.test('GET /_mock/pushes/trace: one message\'s records for one recipient, with the rules that decided them', async (t) => {
  const h = await build(t)
  await h.register('alice', 'bob')
  await vendor(h, 'PUT', '/users/bob/push/binding', { device_id: 'd1', device_token: 't1', notifier_name: 'APNS' })
  const sent = await vendor(h, 'POST', '/messages/users', { from: 'alice', to: ['bob', 'carol'], type: 'txt', body: { msg: 'hi' } })
  const { bob, carol } = sent.body.data as Record<string, string>

  const listed = await ok(h, 'GET', '/_mock/pushes')
  t.notOk('trace' in listed.pushes[0], 'the list leaves traces out')
  const traced = await ok(h, 'GET', `/_mock/pushes/trace?app=${ENC}&msg_id=${bob as string}&to=Bob`)
  t.equal(traced.pushes.length, 1)
  t.match(traced.pushes[0], { to: 'bob', outcome: 'delivered', device_id: 'd1' })
  t.strictSame(traced.pushes[0].trace.map((s: any) => [s.rule, s.passed]), [
    ['user exists', true], ['user offline', true], ['message pushable', true], ['do not disturb', true],
    ['notification type', true], ['push binding', true], ['device filter', true]
  ])
  const missing = await ok(h, 'GET', `/_mock/pushes/trace?app=${ENC}&msg_id=${carol as string}&to=carol`)
  t.strictSame(missing.pushes[0].trace, [{ rule: 'user exists', passed: false, detail: 'no user exist' }])
  t.strictSame((await ok(h, 'GET', `/_mock/pushes/trace?app=${ENC}&msg_id=1&to=bob`)).pushes, [], 'no such message')
  t.equal((await call(h, 'GET', `/_mock/pushes/trace?app=${ENC}&to=bob`)).status, 400, 'msg_id is required')
})
