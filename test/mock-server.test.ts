import { createServer } from 'node:net'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { ConfigError } from '../src/config.js'
import { startMockServer, type MockServer, type MockServerOptions } from '../src/index.js'
import { fetchJson } from './io.js'

/** `startMockServer` (src/mock-server.ts): the in-process API test suites import. */

const T1 = Date.UTC(2024, 0, 2, 3, 4, 5)

async function start (t: Test, options?: MockServerOptions): Promise<MockServer> {
  const mock = await startMockServer(options)
  t.teardown(() => mock.close())
  return mock
}

const call = fetchJson

async function appToken (mock: MockServer, clientId = mock.clientId, clientSecret = mock.clientSecret): Promise<string> {
  const res = await call(`${mock.appUrl}/token`, 'POST', { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret })
  if (res.status !== 200) throw new Error(JSON.stringify(res.body))
  return res.body.access_token as string
}

t.test('defaults: a free port on 127.0.0.1, one configured app, an empty in-memory database', async (t) => {
  const mock = await start(t)
  t.match(mock.url, /^http:\/\/127\.0\.0\.1:\d+$/)
  t.not(mock.url, 'http://127.0.0.1:0')
  t.equal(mock.appKey, 'mock#test')
  t.equal(mock.orgName, 'mock')
  t.equal(mock.appName, 'test')
  t.equal(mock.appUrl, `${mock.url}/mock/test`)
  t.equal(mock.clientId, 'mock-client-id')
  t.equal(mock.clientSecret, 'mock-client-secret')

  t.strictSame((await call(`${mock.url}/_mock/health`, 'GET')).body, { status: 'ok' })
  const apps = await call(`${mock.url}/_mock/apps`, 'GET')
  t.strictSame(apps.body.apps.map((a: { appKey: string, clientId: string }) => [a.appKey, a.clientId]), [['mock#test', 'mock-client-id']])
  const token = await appToken(mock)
  const users = await call(`${mock.appUrl}/users/alice`, 'GET', undefined, token)
  t.equal(users.status, 404, 'no users yet')
  t.equal((await call(`${mock.url}/_mock/clock`, 'GET')).body.frozen, false, 'real time by default')
})

t.test('two instances in one process share nothing: apps, users, clock, journal', async (t) => {
  const a = await start(t, { appKey: 'same#app', clientId: 'id', clientSecret: 'secret' })
  const b = await start(t, { appKey: 'same#app', clientId: 'id', clientSecret: 'secret' })
  t.not(a.url, b.url)
  const ta = await appToken(a)
  t.equal((await call(`${a.appUrl}/users`, 'POST', { username: 'alice', password: 'pw' }, ta)).status, 200)
  t.equal((await call(`${a.appUrl}/users/alice`, 'GET', undefined, ta)).status, 200)

  // a's token means nothing to b, and b has no alice.
  t.equal((await call(`${b.appUrl}/users/alice`, 'GET', undefined, ta)).status, 401)
  const tb = await appToken(b)
  t.equal((await call(`${b.appUrl}/users/alice`, 'GET', undefined, tb)).status, 404)

  a.clock.set(T1)
  t.equal(a.clock.now(), T1)
  t.not(b.clock.now(), T1)
  t.equal((await call(`${b.url}/_mock/clock`, 'GET')).body.frozen, false)

  t.strictSame(a.requests().map(r => `${r.method} ${r.path} ${r.status}`), ['POST /same/app/token 200', 'POST /same/app/users 200', 'GET /same/app/users/alice 200'])
  t.strictSame(b.requests().map(r => `${r.method} ${r.path} ${r.status}`), ['GET /same/app/users/alice 401', 'POST /same/app/token 200', 'GET /same/app/users/alice 404'])
  await a.reset()
  t.equal(a.requests().length, 0)
  t.equal(b.requests().length, 3, 'resetting one leaves the other alone')
})

t.test('clock: set takes epoch ms, ISO-8601 or a Date; advance moves it; real lets go', async (t) => {
  const mock = await start(t, { now: '2024-01-02T03:04:05.000Z' })
  t.equal(mock.clock.now(), T1, 'the now option freezes the clock at start')
  const token = await appToken(mock)
  const created = await call(`${mock.appUrl}/users`, 'POST', { username: 'alice', password: 'pw' }, token)
  t.equal(created.body.timestamp, T1, 'the vendor envelope carries the mock time')

  mock.clock.advance(1500)
  t.equal(mock.clock.now(), T1 + 1500)
  t.equal((await call(`${mock.url}/_mock/clock`, 'GET')).body.now, T1 + 1500)
  mock.clock.set(new Date(T1 + 60_000))
  t.equal(mock.clock.now(), T1 + 60_000)
  mock.clock.set(T1 - 1)
  t.equal(mock.clock.now(), T1 - 1)
  mock.clock.real()
  const clock = (await call(`${mock.url}/_mock/clock`, 'GET')).body
  t.equal(clock.frozen, false)
  t.ok(clock.now > T1)

  t.throws(() => { mock.clock.set('yesterday') }, { name: 'TypeError', message: /not an instant/ })
  t.throws(() => { mock.clock.set(-5) }, TypeError)
  await t.rejects(startMockServer({ now: new Date(Number.NaN) }), TypeError, 'a bad now option fails the start')
})

t.test('reset() empties the data and journal but keeps the app and its keys', async (t) => {
  const mock = await start(t, { now: T1 })
  const token = await appToken(mock)
  await call(`${mock.appUrl}/users`, 'POST', { username: 'alice', password: 'pw' }, token)
  await call(`${mock.appUrl}/notification/template`, 'POST', { name: 'welcome', title_pattern: 't', content_pattern: 'c' }, token)
  // A first-use app goes with the reset, as POST /_mock/reset says.
  await call(`${mock.url}/other/app/token`, 'POST', { grant_type: 'client_credentials', client_id: 'x', client_secret: 'y' })
  t.equal(mock.requests().length, 4)

  await mock.reset()
  t.equal(mock.requests().length, 0, 'the journal is empty')
  t.equal((await call(`${mock.url}/_mock/clock`, 'GET')).body.frozen, false, 'time is real again')
  const apps = (await call(`${mock.url}/_mock/apps`, 'GET')).body.apps
  t.strictSame(apps.map((a: { appKey: string }) => a.appKey), ['mock#test'])
  // The token above was issued in 2024 by the frozen clock; real time has passed its expiry.
  const fresh = await appToken(mock)
  t.not(fresh, token, 'the same keys still get a token')
  t.equal((await call(`${mock.appUrl}/users/alice`, 'GET', undefined, fresh)).status, 404, 'users are gone')
  t.equal((await call(`${mock.appUrl}/notification/template/welcome`, 'GET', undefined, fresh)).status, 400, 'templates are gone')
})

t.test('requests(filter) answers what GET /_mock/requests answers', async (t) => {
  const mock = await start(t, { now: T1 })
  const token = await appToken(mock)
  await call(`${mock.appUrl}/users`, 'POST', { username: 'alice', password: 'pw' }, token)
  await call(`${mock.appUrl}/users/nobody`, 'GET', undefined, token)
  await call(`${mock.appUrl}/users/alice/push/binding`, 'PUT', { device_id: 'd1', device_token: 'tok', notifier_name: 'apns' }, token)

  const all = mock.requests()
  t.strictSame(all, (await call(`${mock.url}/_mock/requests`, 'GET')).body.requests)
  t.strictSame(Object.keys(all[0] as object), ['id', 'time', 'app', 'method', 'path', 'query', 'status', 'durationMs', 'requestBody', 'responseBody'])
  t.strictSame(mock.requests({ status: 404 }).map(r => r.path), ['/mock/test/users/nobody'])
  t.strictSame(mock.requests({ method: 'put' }).map(r => r.requestBody), [{ device_id: 'd1', device_token: 'tok', notifier_name: 'apns' }])
  t.strictSame(mock.requests({ path: '/mock/test/users*' }).length, 3)
  t.strictSame(mock.requests({ app: 'mock#test' }), all)
  t.strictSame(mock.requests({ status: 404 }), (await call(`${mock.url}/_mock/requests?status=404`, 'GET')).body.requests)
})

t.test('options reach the emulator the way the matching flags do', async (t) => {
  const dir = t.testdir({
    'seed.json': JSON.stringify({ appKey: 'seed#file', clientId: 'fid', clientSecret: 'fsecret', users: [{ username: 'filed', password: 'pw' }] })
  })
  const mock = await start(t, {
    appKey: 'acme#shop',
    clientId: 'cid',
    clientSecret: 'csecret',
    strictApps: true,
    autoCreateUsers: true,
    tokenTtl: 60,
    journalSize: 2,
    bodyLimit: 200,
    seed: [
      join(dir, 'seed.json'),
      { appKey: 'seed#doc', clientId: 'did', clientSecret: 'dsecret', users: [{ username: 'doc', password: 'pw' }] }
    ]
  })
  t.equal(mock.appUrl, `${mock.url}/acme/shop`)
  const token = await call(`${mock.appUrl}/token`, 'POST', { grant_type: 'client_credentials', client_id: 'cid', client_secret: 'csecret' })
  t.equal(token.body.expires_in, 60, 'tokenTtl')
  const bearer = token.body.access_token as string
  t.equal((await call(`${mock.url}/nope/app/token`, 'POST', { grant_type: 'client_credentials', client_id: 'a', client_secret: 'b' })).status, 404, 'strictApps')
  t.equal((await call(`${mock.appUrl}/users/auto/push/binding`, 'GET', undefined, bearer)).status, 200, 'autoCreateUsers')
  t.equal((await call(`${mock.appUrl}/users`, 'POST', { username: 'x'.repeat(300) }, bearer)).status, 413, 'bodyLimit')
  t.equal(mock.requests().length, 2, 'journalSize')

  const file = await call(`${mock.url}/seed/file/token`, 'POST', { grant_type: 'password', username: 'filed', password: 'pw' })
  t.equal(file.status, 200, 'a seed file')
  const doc = await call(`${mock.url}/seed/doc/token`, 'POST', { grant_type: 'password', username: 'doc', password: 'pw' })
  t.equal(doc.status, 200, 'a seed document')
})

t.test('rate limits, a log level, a database file and an IPv6 host', async (t) => {
  const dir = t.testdir({})
  const db = join(dir, 'mock.db')
  const first = await startMockServer({ db, host: '::1', rateLimits: true, logLevel: 'error', now: T1 })
  t.match(first.url, /^http:\/\/\[::1\]:\d+$/)
  const token = await appToken(first)
  await call(`${first.appUrl}/users`, 'POST', { username: 'kept', password: 'pw' }, token)
  const statuses: number[] = []
  for (let i = 0; i < 11; i++) statuses.push((await call(`${first.appUrl}/notification/template/none`, 'GET', undefined, token)).status)
  t.strictSame(statuses, [...Array(10).fill(400), 429], 'rateLimits: the 11th template read in a frozen second is refused')
  await first.close()
  await first.close()
  await t.rejects(fetch(first.url), 'closed')

  const second = await start(t, { db })
  t.equal((await call(`${second.appUrl}/users/kept`, 'GET', undefined, await appToken(second))).status, 200, 'the file kept the user')
})

t.test('a bad option, seed or port fails the start with a clear error', async (t) => {
  await t.rejects(startMockServer({ timezone: 'Mars/Base' }), ConfigError)
  // Each error names the option as written here, never the flag behind it, and never shows the secret.
  await t.rejects(startMockServer({ appKey: 'no-hash', clientSecret: 'hush' }), { name: 'ConfigError', message: 'appKey must look like org#app, got "no-hash"' })
  await t.rejects(startMockServer({ appKey: 'a b#c' }), { message: 'appKey must look like org#app, got "a b#c"' })
  await t.rejects(startMockServer({ appKey: 'a#b#c' }), { message: 'appKey must look like org#app, got "a#b#c"' })
  await t.rejects(startMockServer({ appKey: 7 as unknown as string }), { message: 'appKey must look like org#app, got 7' })
  await t.rejects(startMockServer({ clientId: 'a:b', clientSecret: 'hush' }), { message: 'clientId must be a non-empty string without ":", got "a:b"' })
  await t.rejects(startMockServer({ clientSecret: '' }), { message: 'clientSecret must be a non-empty string' })
  await t.rejects(startMockServer({ port: -1 }), { name: 'ConfigError', message: 'port must be an integer from 0 to 65535, got "-1"' })
  await t.rejects(startMockServer({ logLevel: 'loud' as 'info' }), { message: /^logLevel must be one of / })
  await t.rejects(startMockServer({ pushLogSize: -5 }), { message: /^pushLogSize must be an integer from 0 to / })
  await t.rejects(startMockServer({ seed: { appKey: 'bad key', clientId: 'a', clientSecret: 'b' } }),
    { message: 'seed document bad key: appKey must look like org#app, got "bad key"' })
  await t.rejects(startMockServer({ seed: join(t.testdir({}), 'missing.json') }), { name: 'SeedError' })

  const blocker = createServer()
  await new Promise<void>(resolve => blocker.listen(0, '127.0.0.1', resolve))
  t.teardown(() => { blocker.close() })
  const port = (blocker.address() as { port: number }).port
  await t.rejects(startMockServer({ port }), { code: 'EADDRINUSE' })
})

t.test('pushes(): what the real service would push, per server; setOnline() silences a user; reset() clears both', async (t) => {
  const a = await start(t, { now: T1 })
  const b = await start(t, { now: T1, pushLogSize: 1 })
  const token = await appToken(a)
  t.equal((await call(`${a.appUrl}/users`, 'POST', [{ username: 'alice', password: 'p' }, { username: 'bob', password: 'p' }], token)).status, 200)
  t.equal((await call(`${a.appUrl}/users/bob/push/binding`, 'PUT', { device_id: 'd1', device_token: 'tok', notifier_name: 'apns' }, token)).status, 200)
  const sent = await call(`${a.appUrl}/messages/users`, 'POST', { from: 'alice', to: ['bob'], type: 'txt', body: { msg: 'hi' } }, token)
  t.equal(sent.status, 200)
  t.match(a.pushes(), [{ app: 'mock#test', msg_id: sent.body.data.bob, from: 'alice', to: 'bob', outcome: 'delivered', device_token: 'tok', title: '您有一条新消息', content: '请点击查看', time: T1 }])
  t.strictSame(b.pushes(), [], 'the other server saw nothing')

  a.setOnline('BOB', true)
  await call(`${a.appUrl}/messages/users`, 'POST', { from: 'alice', to: ['bob'], type: 'txt', body: { msg: 'again' } }, token)
  t.match(a.pushes({ to: 'bob', outcome: 'skipped' }), [{ reason: 'user online', device_id: null }])
  a.setOnline('bob', false)
  await call(`${a.appUrl}/messages/users`, 'POST', { from: 'alice', to: ['bob'], type: 'txt', body: { msg: 'back' } }, token)
  t.equal(a.pushes({ outcome: 'delivered' }).length, 2)

  await a.reset()
  t.strictSame(a.pushes(), [])
})

t.test('pushCallback: outcomes are posted to the given URL', async (t) => {
  const received: unknown[] = []
  const { createServer: createHttpServer } = await import('node:http')
  const hook = createHttpServer((req, res) => {
    let body = ''
    req.on('data', (d: Buffer) => { body += String(d) })
    req.on('end', () => { received.push(JSON.parse(body)); res.end('ok') })
  })
  await new Promise<void>(resolve => hook.listen(0, '127.0.0.1', resolve))
  t.teardown(() => { hook.close() })
  const port = (hook.address() as { port: number }).port
  const mock = await startMockServer({ now: T1, pushCallback: `http://127.0.0.1:${port}/hook` })
  const token = await appToken(mock)
  await call(`${mock.appUrl}/messages/users`, 'POST', { to: ['ghost'], type: 'txt', body: { msg: 'x' } }, token)
  await mock.close() // waits for the posts in flight
  t.match(received, [{ appkey: 'mock#test', from: 'admin', target: 'ghost', status: 'fail', detail: 'no user exist', timestamp: T1 }])
})

t.test('the /docs page only when asked for (docs: true); /openapi.json always', async (t) => {
  const plain = await start(t)
  t.equal((await fetch(`${plain.url}/docs`)).status, 404, 'no docs page by default')
  t.equal((await fetch(`${plain.url}/openapi.json`)).status, 200)

  const withDocs = await start(t, { docs: true })
  const page = await fetch(`${withDocs.url}/docs`)
  t.equal(page.status, 200)
  t.match(page.headers.get('content-type'), /text\/html/)
})
