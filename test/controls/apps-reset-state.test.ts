import t from 'tap'
import { APP, build, CLIENT_ID, CLIENT_SECRET, ORG, T0, type Harness, call, vendor, type Res, type Method } from '../helper.js'

/** `/_mock/apps`, `/_mock/reset` and `/_mock/state` (decisions.md §Emulator controls). */

const KEY = encodeURIComponent(`${ORG}#${APP}`)

/** An app token by client credentials (creating the app on first use). */
async function appToken (h: Harness, org: string, app: string, clientId: string, clientSecret: string): Promise<Res> {
  return await call(h, 'POST', `/${org}/${app}/token`, { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret })
}

const bearer = (res: Res) => ({ authorization: `Bearer ${res.body.access_token as string}` })

/** Users with bindings, settings, language, template name, nickname and legacy DND; two templates. */
async function populate (h: Harness): Promise<void> {
  await h.register('u1', 'u2')
  const writes: Array<[Method, string, unknown]> = [
    ['PUT', '/users/u1/push/binding', { device_id: 'd1', device_token: 'tok1', notifier_name: 'HMS' }],
    ['PUT', '/users/u1/push/binding', { device_id: 'd2', device_token: 'tok2', notifier_name: 'APNS' }],
    ['PUT', '/users/u1/notification/user/u1', { type: 'AT', ignoreInterval: '21:00-07:30', ignoreDuration: 86_400_000 }],
    ['PUT', '/users/u1/notification/chatgroup/g1', { type: 'NONE' }],
    ['PUT', '/users/u1/notification/user/u2', { ignoreInterval: '8:00-9:00' }],
    ['PUT', '/users/u1/notification/language', { translationLanguage: 'en' }],
    ['PUT', '/users/u1/notification/template', { templateName: 'greet' }],
    ['PUT', '/users/u1', { nickname: 'Ann', notification_display_style: 1, notification_no_disturbing: true, notification_no_disturbing_start: 22, notification_no_disturbing_end: 7 }],
    ['PUT', '/users/u2', { device_id: 'web1', device_token: 'wtok', notifier_name: 'WEB' }],
    ['POST', '/notification/template', { name: 'greet', title_pattern: 'Hi {0}', content_pattern: 'Yo {1}' }],
    ['POST', '/notification/template', { name: 'alpha', title_pattern: 'A', content_pattern: 'B' }]
  ]
  for (const [method, rest, body] of writes) {
    h.clock.advance(1000)
    const res = await vendor(h, method, rest, body)
    if (res.status !== 200) throw new Error(`${method} ${rest}: ${JSON.stringify(res.body)}`)
  }
}

/** The vendor GETs that show a populated app, with `duration` (real handling time) taken out. */
async function vendorView (h: Harness): Promise<unknown[]> {
  const paths = [
    '/users/u1', '/users/u2', '/users/u1/push/binding', '/users/u2/push/binding',
    '/users/u1/notification/user/u1', '/users/u1/notification/chatgroup/g1', '/users/u1/notification/user/u2',
    '/users/u2/notification/user/u2', '/users/u1/notification/language', '/users/u1/notification/template',
    '/notification/template/greet', '/notification/template/alpha'
  ]
  const out: unknown[] = []
  for (const p of paths) {
    const res = await vendor(h, 'GET', p)
    const { duration: _duration, ...rest } = res.body
    out.push([p, res.status, rest])
  }
  return out
}

t.test('GET /_mock/apps lists configured and first-use apps', async (t) => {
  const h = await build(t)
  h.clock.advance(1000)
  t.equal((await appToken(h, 'fo', 'first', 'cid', 'csec')).status, 200)
  const res = await call(h, 'GET', '/_mock/apps')
  t.equal(res.status, 200)
  t.match(res.body, {
    apps: [
      { appKey: `${ORG}#${APP}`, clientId: CLIENT_ID, uuid: String, created: T0 },
      { appKey: 'fo#first', clientId: 'cid', uuid: String, created: T0 + 1000 }
    ]
  })
  t.equal(res.body.apps.length, 2)
  t.strictSame(Object.keys(res.body.apps[0]), ['appKey', 'clientId', 'uuid', 'created'], 'no secret in the listing')
})

t.test('POST /_mock/apps creates an app whose credentials then work', async (t) => {
  const h = await build(t)
  const res = await call(h, 'POST', '/_mock/apps', { appKey: 'org2#app2', clientId: 'id2', clientSecret: 'sec2' })
  t.equal(res.status, 200)
  t.match(res.body, { appKey: 'org2#app2', clientId: 'id2', uuid: String, created: T0 })
  const token = await appToken(h, 'org2', 'app2', 'id2', 'sec2')
  t.equal(token.status, 200)
  t.equal(token.body.application, res.body.uuid)
  t.equal((await appToken(h, 'org2', 'app2', 'id2', 'other')).body.error, 'invalid_grant')
})

t.test('POST /_mock/apps re-keys an app: the old secret fails, the new works, uuid and data stay', async (t) => {
  const h = await build(t)
  await h.register('u1')
  const before = (await call(h, 'GET', '/_mock/apps')).body.apps[0]
  const res = await call(h, 'POST', '/_mock/apps', { appKey: `${ORG}#${APP}`, clientId: CLIENT_ID, clientSecret: 'new-secret' })
  t.equal(res.status, 200)
  t.strictSame(res.body, { ...before })
  const old = await appToken(h, ORG, APP, CLIENT_ID, CLIENT_SECRET)
  t.equal(old.status, 400)
  t.strictSame(old.body, {
    error: 'invalid_grant',
    exception: 'org.apache.usergrid.management.exceptions.InvalidGrantException',
    timestamp: T0,
    duration: 0,
    error_description: 'client_secret does not match'
  })
  const fresh = await appToken(h, ORG, APP, CLIENT_ID, 'new-secret')
  t.equal(fresh.status, 200)
  t.equal(fresh.body.application, before.uuid)
  t.equal((await call(h, 'GET', h.path('/users/u1'), undefined, bearer(fresh))).status, 200, 'the data is kept')
  // A new client id too.
  await call(h, 'POST', '/_mock/apps', { appKey: `${ORG}#${APP}`, clientId: 'YXA6other', clientSecret: 'new-secret' })
  t.equal((await appToken(h, ORG, APP, CLIENT_ID, 'new-secret')).body.error_description, 'client_id does not match')
  const listed = (await call(h, 'GET', '/_mock/apps')).body.apps
  t.strictSame(listed, [{ ...before, clientId: 'YXA6other' }])
})

t.test('POST /_mock/apps with a bad body answers 400', async (t) => {
  const h = await build(t)
  for (const appKey of ['nohash', 'a#b#c', 'a b#c', '#app', 'org#', '']) {
    const res = await call(h, 'POST', '/_mock/apps', { appKey, clientId: 'i', clientSecret: 's' })
    t.equal(res.status, 400, appKey)
    t.strictSame(res.body, {
      error: 'illegal_argument',
      exception: 'java.lang.IllegalArgumentException',
      timestamp: T0,
      duration: 0,
      error_description: `app must look like org#app, got "${appKey}"`
    })
  }
  for (const body of [{ appKey: 'a#b', clientId: 'i' }, { appKey: 'a#b', clientId: '', clientSecret: 's' }, {}]) {
    const res = await call(h, 'POST', '/_mock/apps', body)
    t.equal(res.status, 400, JSON.stringify(body))
    t.equal(res.body.error, 'illegal_argument')
  }
  t.equal((await call(h, 'GET', '/_mock/apps')).body.apps.length, 1, 'nothing created')
})

t.test('DELETE /_mock/apps/{org}/{app} removes the app and all its data', async (t) => {
  const h = await build(t)
  await populate(h)
  const res = await call(h, 'DELETE', `/_mock/apps/${ORG}/${APP}`)
  t.equal(res.status, 200)
  t.strictSame(res.body, { deleted: `${ORG}#${APP}` })
  t.strictSame((await call(h, 'GET', '/_mock/apps')).body, { apps: [] })
  const after = await vendor(h, 'GET', '/users/u1')
  t.equal(after.status, 404)
  t.equal(after.body.error, 'organization_application_not_found')
  t.equal((await call(h, 'GET', `/_mock/state?app=${KEY}`)).status, 404)
  // The same name comes back through first use as a new, empty app.
  const again = await appToken(h, ORG, APP, 'x', 'y')
  t.equal(again.status, 200)
  const user = await call(h, 'GET', h.path('/users/u1'), undefined, bearer(again))
  t.equal(user.status, 404)
  t.equal(user.body.error, 'service_resource_not_found')
  const state = await call(h, 'GET', `/_mock/state?app=${KEY}`)
  t.strictSame(state.body.users, [])
  t.strictSame(state.body.templates, [])
})

t.test('DELETE /_mock/apps clears the app\'s journal and coverage, not another app\'s', async (t) => {
  const h = await build(t)
  const other = await appToken(h, 'o', 'b', 'i', 's')
  await h.register('u1')
  await call(h, 'GET', '/o/b/users/x', undefined, bearer(other))
  await call(h, 'DELETE', `/_mock/apps/${ORG}/${APP}`)
  const journal = (await call(h, 'GET', '/_mock/requests')).body.requests
  t.strictSame(journal.map((e: any) => e.app), ['o#b', 'o#b'])
  t.equal((await call(h, 'GET', `/_mock/coverage?app=${KEY}`)).body.summary.seen, 0)
  t.ok((await call(h, 'GET', '/_mock/coverage?app=o%23b')).body.summary.seen > 0)
})

t.test('DELETE of an unknown app answers 404, a malformed one 400', async (t) => {
  const h = await build(t)
  const res = await call(h, 'DELETE', '/_mock/apps/no/such')
  t.equal(res.status, 404)
  t.strictSame(res.body, {
    error: 'organization_application_not_found',
    exception: 'OrganizationApplicationNotFoundException',
    timestamp: T0,
    duration: 0,
    error_description: 'no app no#such'
  })
  t.equal((await call(h, 'DELETE', '/_mock/apps/a.b/c')).status, 400)
})

t.test('POST /_mock/reset clears data, journal, faults, coverage and clock; keeps configured apps and their app token', async (t) => {
  const h = await build(t, { args: ['--rate-limits'] })
  await populate(h)
  const userToken = await call(h, 'POST', h.path('/token'), { grant_type: 'password', username: 'u1', password: 'pw' })
  t.equal(userToken.status, 200)
  t.equal((await appToken(h, 'fo', 'first', 'i', 's')).status, 200)
  t.equal((await call(h, 'POST', '/_mock/faults', { match: { path: '/nothing' }, status: 503 })).status, 201)
  const uuid = (await call(h, 'GET', '/_mock/apps')).body.apps[0].uuid
  // Use up this second's template-create budget (10), so the reset can be seen to clear it.
  h.clock.set(T0 + 100_000)
  for (let i = 0; i < 10; i++) await vendor(h, 'POST', '/notification/template', { name: `t${i}`, title_pattern: 'a', content_pattern: 'b' })
  t.equal((await vendor(h, 'POST', '/notification/template', { name: 'over', title_pattern: 'a', content_pattern: 'b' })).status, 429)

  const res = await call(h, 'POST', '/_mock/reset')
  t.equal(res.status, 200)
  t.match(res.body, { reset: 'all', ms: Number })
  t.strictSame((await call(h, 'GET', '/_mock/requests')).body, { requests: [] }, 'journal cleared')
  t.strictSame((await call(h, 'GET', '/_mock/faults')).body, { faults: [] }, 'faults cleared')
  t.equal((await call(h, 'GET', '/_mock/coverage')).body.summary.seen, 0, 'coverage cleared')
  t.equal((await call(h, 'GET', '/_mock/clock')).body.frozen, false, 'clock back to real time')
  t.strictSame((await call(h, 'GET', '/_mock/apps')).body.apps.map((a: any) => [a.appKey, a.uuid]), [[`${ORG}#${APP}`, uuid]],
    'first-use apps dropped, configured kept with their uuid')

  // Back at the instant the app token and rate window were made: the token works, the budget is fresh.
  h.clock.set(T0 + 100_000)
  const user = await vendor(h, 'GET', '/users/u1')
  t.equal(user.status, 404, 'app token works; users are gone')
  t.equal(user.body.error, 'service_resource_not_found')
  t.equal((await vendor(h, 'GET', '/notification/template/greet')).body.error, 'entity_not_found')
  t.equal((await vendor(h, 'POST', '/notification/template', { name: 'again', title_pattern: 'a', content_pattern: 'b' })).status, 200,
    'rate windows cleared')
  const old = await call(h, 'GET', h.path('/users/u1'), undefined, bearer(userToken))
  t.equal(old.status, 401, 'user tokens are gone')
  t.equal((await appToken(h, 'fo', 'first', 'other', 'creds')).status, 200, 'the first-use app name is free again')
  const state = (await call(h, 'GET', `/_mock/state?app=${KEY}`)).body
  t.strictSame([state.users, state.templates.map((x: any) => x.name)], [[], ['again']])
})

t.test('POST /_mock/reset?app= resets one app: others keep users, journal and coverage', async (t) => {
  const h = await build(t)
  await populate(h)
  const other = await appToken(h, 'o', 'b', 'i', 's')
  await call(h, 'POST', '/o/b/users', { username: 'keep', password: 'pw' }, bearer(other))
  await call(h, 'POST', '/_mock/faults', { match: { path: '/nothing' }, status: 503 })
  h.clock.set(T0 + 50)

  const res = await call(h, 'POST', `/_mock/reset?app=${KEY}`)
  t.equal(res.status, 200)
  t.match(res.body, { reset: `${ORG}#${APP}`, ms: Number })
  t.equal((await call(h, 'GET', `/_mock/requests?app=${KEY}`)).body.requests.length, 0)
  t.equal((await call(h, 'GET', '/_mock/requests?app=o%23b')).body.requests.length, 2, 'the other app\'s journal survives')
  t.equal((await call(h, 'GET', `/_mock/coverage?app=${KEY}`)).body.summary.seen, 0)
  t.ok((await call(h, 'GET', '/_mock/coverage?app=o%23b')).body.summary.seen > 0)
  t.equal((await call(h, 'GET', '/_mock/faults')).body.faults.length, 1, 'faults stay')
  t.strictSame((await call(h, 'GET', '/_mock/clock')).body.now, T0 + 50, 'clock stays')
  t.equal((await vendor(h, 'GET', '/users/u1')).status, 404)
  t.equal((await call(h, 'GET', '/o/b/users/keep', undefined, bearer(other))).status, 200, 'the other app\'s users survive')
  t.equal((await call(h, 'GET', '/_mock/apps')).body.apps.length, 2, 'apps stay')
})

t.test('POST /_mock/reset?app= of an unknown app answers 404, of a malformed one 400', async (t) => {
  const h = await build(t)
  await h.register('u1')
  const res = await call(h, 'POST', '/_mock/reset?app=no%23such')
  t.equal(res.status, 404)
  t.equal(res.body.error_description, 'no app no#such')
  t.equal((await call(h, 'POST', '/_mock/reset?app=nohash')).status, 400)
  t.equal((await vendor(h, 'GET', '/users/u1')).status, 200, 'nothing reset')
})

t.test('state export → import → export gives the same document', async (t) => {
  const h = await build(t)
  await populate(h)
  const exported = await call(h, 'GET', `/_mock/state?app=${KEY}`)
  t.equal(exported.status, 200)
  const doc = exported.body
  // Spot-check that the document carries every kind of state.
  const u1 = doc.users.find((u: any) => u.username === 'u1')
  t.match(doc, { appKey: `${ORG}#${APP}`, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, uuid: String, created: T0 })
  t.match(u1, {
    nickname: 'Ann',
    notification_display_style: 1,
    notification_no_disturbing: true,
    notification_no_disturbing_start: 22,
    notification_no_disturbing_end: 7,
    language: 'en',
    templateName: 'greet',
    activated: true,
    passwordHash: String,
    bindings: [
      { device_id: 'd1', device_token: 'tok1', notifier_name: 'HMS' },
      { device_id: 'd2', device_token: 'tok2', notifier_name: 'APNS' }
    ]
  })
  t.strictSame(u1.settings, [
    { chattype: 'chatgroup', key: 'g1', type: 'NONE', ignoreInterval: null, ignoreUntil: null },
    { chattype: 'user', key: 'u1', type: 'AT', ignoreInterval: '21:00-07:30', ignoreUntil: T0 + 3000 + 86_400_000 },
    { chattype: 'user', key: 'u2', type: null, ignoreInterval: '08:00-09:00', ignoreUntil: null }
  ])
  t.match(doc.users[1], { username: 'u2', device_id: 'web1', device_token: 'wtok', notifier_name: 'WEB', notification_no_disturbing: null })
  t.strictSame(doc.templates.map((x: any) => x.name), ['alpha', 'greet'])

  h.clock.advance(60_000)
  const imported = await call(h, 'PUT', `/_mock/state?app=${KEY}`, doc)
  t.equal(imported.status, 200)
  t.strictSame(imported.body, { imported: `${ORG}#${APP}`, users: 2, templates: 2, uuid: doc.uuid })
  t.strictSame((await call(h, 'GET', `/_mock/state?app=${KEY}`)).body, doc)
  // Without ?app the document's own appKey is used.
  t.equal((await call(h, 'PUT', '/_mock/state', doc)).status, 200)
  t.strictSame((await call(h, 'GET', `/_mock/state?app=${KEY}`)).body, doc)
})

t.test('importing an export into a fresh emulator gives the same vendor responses', async (t) => {
  const h1 = await build(t)
  await populate(h1)
  const doc = (await call(h1, 'GET', `/_mock/state?app=${KEY}`)).body
  const h2 = await build(t)
  h2.clock.set(h1.clock.now())
  t.equal((await call(h2, 'PUT', `/_mock/state?app=${KEY}`, doc)).status, 200)
  const one = await vendorView(h1)
  t.ok(one.every(entry => (entry as [string, number])[1] === 200), 'every view is a success')
  t.strictSame(await vendorView(h2), one)
  // The imported password hashes still verify.
  t.equal((await call(h2, 'POST', h2.path('/token'), { grant_type: 'password', username: 'u2', password: 'pw' })).status, 200)
})

t.test('PUT /_mock/state whose ?app differs from the document\'s appKey answers 400', async (t) => {
  const h = await build(t)
  const doc = (await call(h, 'GET', `/_mock/state?app=${KEY}`)).body
  const res = await call(h, 'PUT', '/_mock/state?app=other%23app', doc)
  t.equal(res.status, 400)
  t.equal(res.body.error_description, `app other#app does not match the document's appKey ${ORG}#${APP}`)
  t.equal((await call(h, 'GET', '/_mock/apps')).body.apps.length, 1)
})

t.test('an invalid state document answers 400 and changes nothing', async (t) => {
  const h = await build(t)
  await populate(h)
  const before = (await call(h, 'GET', `/_mock/state?app=${KEY}`)).body
  const base = { appKey: `${ORG}#${APP}`, clientId: 'newid', clientSecret: 'newsecret' }
  const cases: Array<[string, unknown, string | undefined]> = [
    ['illegal username', { ...base, users: [{ username: 'bad name!' }] }, 'username [bad name!] is not legal'],
    ['duplicate username (case-folded)', { ...base, users: [{ username: 'dup' }, { username: 'DUP' }] }, 'username dup appears twice'],
    ['duplicate template', { ...base, templates: [{ name: 'x', title_pattern: 'a', content_pattern: 'b' }, { name: 'x', title_pattern: 'c', content_pattern: 'd' }] }, 'template x appears twice'],
    ['malformed appKey', { ...base, appKey: 'nohash' }, 'appKey must look like org#app, got "nohash"'],
    ['duplicate binding', {
      ...base,
      appKey: 'fresh#app',
      users: [{ username: 'a', bindings: [{ device_id: 'd', device_token: 't1', notifier_name: 'n' }, { device_id: 'd', device_token: 't2', notifier_name: 'n' }] }]
    }, 'user a has a binding twice'],
    ['duplicate setting', {
      ...base,
      users: [{ username: 'a', settings: [{ chattype: 'user', key: 'b', type: 'ALL' }, { chattype: 'user', key: 'b', type: 'NONE' }] }]
    }, 'user a has a setting twice'],
    ['another app\'s uuid', { ...base, appKey: 'fresh#app', uuid: before.uuid }, `uuid ${before.uuid as string} belongs to app ${ORG}#${APP}`],
    ['schema: missing clientSecret', { appKey: base.appKey, clientId: 'i' }, undefined],
    ['schema: bad setting type', { ...base, users: [{ username: 'a', settings: [{ chattype: 'user', key: 'a', type: 'SOME' }] }] }, undefined],
    ['schema: bad template name', { ...base, templates: [{ name: 'no-dash', title_pattern: 'a', content_pattern: 'b' }] }, undefined]
  ]
  for (const [name, doc, description] of cases) {
    const res = await call(h, 'PUT', '/_mock/state', doc)
    t.equal(res.status, 400, name)
    t.equal(res.body.error, 'illegal_argument', name)
    if (description !== undefined) t.equal(res.body.error_description, description, name)
  }
  t.strictSame((await call(h, 'GET', `/_mock/state?app=${KEY}`)).body, before)
  t.equal((await call(h, 'GET', '/_mock/apps')).body.apps.length, 1)
})

t.test('GET /_mock/state needs a known ?app', async (t) => {
  const h = await build(t)
  t.equal((await call(h, 'GET', '/_mock/state')).status, 400)
  t.equal((await call(h, 'GET', '/_mock/state?app=no%23such')).status, 404)
  t.equal((await call(h, 'GET', '/_mock/state?app=nohash')).status, 400)
})

t.test('a hand-written minimal document imports with defaults and its password grant works', async (t) => {
  const h = await build(t)
  const res = await call(h, 'PUT', '/_mock/state', { appKey: 'seed#app', clientId: 'cid', clientSecret: 'csec', users: [{ username: 'A', password: 'p' }] })
  t.equal(res.status, 200)
  t.match(res.body, { imported: 'seed#app', users: 1, templates: 0, uuid: String })
  const token = await call(h, 'POST', '/seed/app/token', { grant_type: 'password', username: 'a', password: 'p' })
  t.equal(token.status, 200)
  t.match(token.body.user, { username: 'a', created: T0, modified: T0, activated: true })
  t.equal((await call(h, 'POST', '/seed/app/token', { grant_type: 'password', username: 'a', password: 'wrong' })).status, 400)
  t.equal((await appToken(h, 'seed', 'app', 'cid', 'csec')).body.application, res.body.uuid)
  const doc = (await call(h, 'GET', '/_mock/state?app=seed%23app')).body
  t.match(doc, { created: T0, templates: [], users: [{ username: 'a', uuid: String, created: T0, modified: T0, bindings: [], settings: [] }] })
})

t.test('a document\'s optional fields take their defaults', async (t) => {
  const h = await build(t)
  const doc = {
    appKey: 'seed#app',
    clientId: 'cid',
    clientSecret: 'csec',
    uuid: '00000000-0000-4000-8000-000000000001',
    created: 1000,
    users: [
      { username: 'nopass', created: 5000, activated: false, notification_no_disturbing: false, settings: [{ chattype: 'chatgroup', key: 'g' }] },
      { username: 'hashed', passwordHash: null, modified: 7000 }
    ],
    templates: [
      { name: 'plain', title_pattern: 't', content_pattern: 'c' },
      { name: 'created', title_pattern: 't', content_pattern: 'c', createAt: 3000 }
    ]
  }
  t.equal((await call(h, 'PUT', '/_mock/state', doc)).status, 200)
  const out = (await call(h, 'GET', '/_mock/state?app=seed%23app')).body
  t.match(out, { uuid: doc.uuid, created: 1000 })
  t.match(out.users, [
    { username: 'nopass', passwordHash: null, created: 5000, modified: 5000, activated: false, notification_no_disturbing: false, settings: [{ chattype: 'chatgroup', key: 'g', type: null, ignoreInterval: null, ignoreUntil: null }] },
    { username: 'hashed', passwordHash: null, created: T0, modified: 7000, activated: true, notification_no_disturbing: null }
  ])
  t.strictSame(out.templates, [
    { name: 'created', title_pattern: 't', content_pattern: 'c', createAt: 3000, updateAt: 3000 },
    { name: 'plain', title_pattern: 't', content_pattern: 'c', createAt: T0, updateAt: T0 }
  ])
  // A user with no password can't take the password grant.
  const token = await call(h, 'POST', '/seed/app/token', { grant_type: 'password', username: 'nopass', password: 'x' })
  t.equal(token.status, 400)
  t.equal(token.body.error, 'invalid_grant')
  // Importing again without identity keeps the app's uuid and created.
  t.equal((await call(h, 'PUT', '/_mock/state', { appKey: 'seed#app', clientId: 'cid', clientSecret: 'csec' })).status, 200)
  t.match((await call(h, 'GET', '/_mock/state?app=seed%23app')).body, { uuid: doc.uuid, created: 1000, users: [], templates: [] })
})

t.test('PUT /_mock/state takes documents larger than the vendor body limit', async (t) => {
  const h = await build(t, { args: ['--body-limit', '1024'] })
  const users = Array.from({ length: 100 }, (_, i) => ({ username: `user${i}`, nickname: `Nick ${i}` }))
  const doc = { appKey: 'big#app', clientId: 'cid', clientSecret: 'csec', users }
  t.ok(JSON.stringify(doc).length > 4 * 1024)
  const res = await call(h, 'PUT', '/_mock/state', doc)
  t.equal(res.status, 200)
  t.equal(res.body.users, 100)
  // A vendor request of that size is still refused.
  const vendorRes = await vendor(h, 'POST', '/users', users.map(u => ({ ...u, password: 'p' })).slice(0, 50))
  t.equal(vendorRes.status, 413)
})
