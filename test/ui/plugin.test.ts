import Fastify from 'fastify'
import t, { type Test } from 'tap'
import { buildApp } from '../../src/app.js'
import { createClock } from '../../src/clock.js'
import { loadConfig } from '../../src/config.js'
import { openDatabase } from '../../src/db/database.js'
import { migrate } from '../../src/db/migrate.js'
import { createServices, type Services } from '../../src/services/index.js'
import { uiPlugin } from '../../src/ui/plugin.js'
import { buildUi } from '../built-tree.js'
import { APP, build, call, CLIENT_ID, CLIENT_SECRET, ORG, T0 } from '../helper.js'

/** The UI's files, `GET /` leading to them, and the live channel (`GET /_mock/events`). */

function services (t: Test): Services {
  const result = loadConfig(['--app', `${ORG}#${APP}:${CLIENT_ID}:${CLIENT_SECRET}`], {})
  if (result.help) throw new Error('help')
  const db = openDatabase(':memory:')
  migrate(db)
  t.teardown(() => db.close())
  const clock = createClock()
  clock.set(T0)
  const s = createServices(db, { ...result.config, dbFile: ':memory:' }, clock)
  for (const a of s.config.apps) s.apps.upsert(a, s.clock.now())
  return s
}

/** The plugin alone on a bare Fastify, serving pages from `assets`. */
async function bare (t: Test, assets: string) {
  const app = Fastify()
  await app.register(uiPlugin, { services: services(t), assets })
  t.teardown(async () => { await app.close() })
  return app
}

t.test('the built pages are served at /_mock/ui/, compressed when the browser takes it', async (t) => {
  const assets = t.testdir()
  await buildUi(assets)
  const app = await bare(t, assets)
  const root = await app.inject('/')
  t.equal(root.statusCode, 302)
  t.equal(root.headers.location, '/_mock/ui/')
  const bareUi = await app.inject('/_mock/ui')
  t.equal(bareUi.statusCode, 301)
  t.equal(bareUi.headers.location, '/_mock/ui/')
  const page = await app.inject('/_mock/ui/')
  t.equal(page.statusCode, 200)
  t.match(page.headers['content-type'], /^text\/html/)
  t.match(page.body, '<script type="module" src="app.js"></script>')
  t.notMatch(page.body, /https?:\/\//, 'nothing from the network')
  const script = await app.inject({ url: '/_mock/ui/app.js', headers: { 'accept-encoding': 'br, gzip' } })
  t.equal(script.statusCode, 200)
  t.equal(script.headers['content-encoding'], 'br')
  t.match(script.headers['content-type'], /javascript/)
  const plain = await app.inject('/_mock/ui/app.css')
  t.equal(plain.headers['content-encoding'], undefined)
  t.match(plain.body, 'prefers-color-scheme:dark', 'a dark theme that follows the system')
  t.equal((await app.inject('/_mock/ui/nothing.js')).statusCode, 404)
})

t.test('a tree built without the pages says how to build them', async (t) => {
  const app = await bare(t, t.testdir())
  const res = await app.inject('/_mock/ui/')
  t.equal(res.statusCode, 503)
  t.strictSame(res.json(), { error: 'ui_not_built', error_description: 'The UI is not built: run npm run build' })
})

t.test('--no-controls: no UI and no redirect', async (t) => {
  const h = await build(t, { args: ['--no-controls'] })
  t.equal((await call(h, 'GET', '/')).status, 404)
  t.equal((await call(h, 'GET', '/_mock/ui/')).status, 404)
  t.equal((await call(h, 'GET', '/_mock/events')).status, 404)
})

t.test('GET /_mock/events relays changes and pushes while a page listens, and nothing after', async (t) => {
  const s = services(t)
  const app = await buildApp({ db: s.db, config: s.config, clock: s.clock, services: s }, { logger: false })
  t.teardown(async () => { await app.close() })
  const url = await app.listen({ port: 0, host: '127.0.0.1' })
  const http = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<any> => {
    const res = await fetch(`${url}${path}`, { method, headers: { 'content-type': 'application/json', ...headers }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) })
    return await res.json()
  }
  const { access_token: token } = await http('POST', `/${ORG}/${APP}/token`, { grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: CLIENT_SECRET })
  const auth = { authorization: `Bearer ${token as string}` }
  await http('POST', `/${ORG}/${APP}/users`, [{ username: 'alice', password: 'pw' }, { username: 'bob', password: 'pw' }], auth)
  t.equal(s.controls.live.listening, false, 'nobody listens before a page opens')

  const abort = new AbortController()
  const res = await fetch(`${url}/_mock/events`, { headers: { accept: 'text/event-stream' }, signal: abort.signal })
  t.equal(res.status, 200)
  t.match(res.headers.get('content-type'), /^text\/event-stream/)
  const reader = (res.body as ReadableStream<Uint8Array>).getReader()
  const decoder = new TextDecoder()
  let buffered = ''
  /** The next event's name and data. */
  const next = async (): Promise<{ event: string, data: any }> => {
    while (!buffered.includes('\n\n')) {
      const { value } = await reader.read()
      buffered += decoder.decode(value)
    }
    const [block = '', ...rest] = buffered.split('\n\n')
    buffered = rest.join('\n\n')
    const field = (name: string): string => block.split('\n').find(l => l.startsWith(`${name}: `))?.slice(name.length + 2) ?? ''
    return { event: field('event'), data: JSON.parse(field('data')) }
  }
  t.strictSame(await next(), { event: 'ready', data: { now: T0 } })
  t.equal(s.controls.live.listening, true)

  await http('GET', '/_mock/apps')
  await http('POST', '/_mock/clock/advance', { ms: 1000 })
  t.strictSame(await next(), { event: 'request', data: { type: 'request', method: 'POST', path: '/_mock/clock/advance', status: 200, vendor: false } },
    'a change to the controls is an event, a read of them is not')
  await http('GET', `/${ORG}/${APP}/users/alice`, undefined, auth)
  t.strictSame(await next(), { event: 'request', data: { type: 'request', method: 'GET', path: `/${ORG}/${APP}/users/alice`, status: 200, vendor: true } },
    'each vendor request is one (the journal)')
  const sent = await http('POST', `/${ORG}/${APP}/messages/users`, { from: 'alice', to: ['bob', 'carol'], type: 'txt', body: { msg: 'hi' } }, auth)
  t.strictSame(await next(), { event: 'push', data: { type: 'push', app: `${ORG}#${APP}`, msg_id: sent.data.bob, count: 2 } })
  t.equal((await next()).data.path, `/${ORG}/${APP}/messages/users`, 'then the send itself')

  abort.abort()
  for (let i = 0; i < 100 && s.controls.live.listening; i++) await new Promise(resolve => setTimeout(resolve, 10))
  t.equal(s.controls.live.listening, false, 'a closed page stops listening')
  const again = await http('POST', `/${ORG}/${APP}/messages/users`, { from: 'alice', to: ['bob'], type: 'txt', body: { msg: 'again' } }, auth)
  t.type(again.data.bob, 'string', 'sends go on with no page open')
})

t.test('closing the server ends the open streams, so a shutdown never waits on an open page', async (t) => {
  const s = services(t)
  const app = await buildApp({ db: s.db, config: s.config, clock: s.clock, services: s }, { logger: false })
  const url = await app.listen({ port: 0, host: '127.0.0.1' })
  const res = await fetch(`${url}/_mock/events`, { headers: { accept: 'text/event-stream' } })
  const reader = (res.body as ReadableStream<Uint8Array>).getReader()
  await reader.read()
  t.equal(s.controls.live.listening, true)
  const started = performance.now()
  await app.close()
  t.ok(performance.now() - started < 2000, `closed in ${Math.round(performance.now() - started)} ms`)
  let ended = false
  while (!ended) ended = (await reader.read()).done
  t.ok(ended, 'the stream ended')
  t.equal(s.controls.live.listening, false)
})
