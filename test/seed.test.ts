import { join } from 'node:path'
import t, { type Test } from 'tap'
import { buildApp } from '../src/app.js'
import { createClock } from '../src/clock.js'
import { loadConfig, type Config } from '../src/config.js'
import { openDatabase } from '../src/db/database.js'
import { migrate } from '../src/db/migrate.js'
import { createRuntime, TOKEN_PURGE_GRACE_MS } from '../src/runtime.js'
import { loadSeeds, readSeed, SeedError } from '../src/seed.js'
import { createServices } from '../src/services/index.js'
import { T0 } from './helper.js'

/** `--seed` files (src/seed.ts) and the runtime that loads them (src/runtime.ts). */

const STATE = { appKey: 'seed#one', clientId: 'cid', clientSecret: 'csec', users: [{ username: 'alice', password: 'pw' }] }
const OTHER = { appKey: 'seed#two', clientId: 'cid2', clientSecret: 'csec2' }

function configFor (args: string[]): Config {
  const result = loadConfig(['--db', ':memory:', ...args], {})
  if (result.help) throw new Error('help')
  return result.config
}

/** Services on a fresh migrated `:memory:` database, closed when the test ends. */
function services (t: Test, seeds: string[] = []) {
  const db = openDatabase(':memory:')
  migrate(db)
  const clock = createClock()
  clock.set(T0)
  t.teardown(() => { db.close() })
  return createServices(db, configFor(seeds.flatMap(s => ['--seed', s])), clock)
}

/** Asserts `fn` throws a one-line SeedError with exactly `message`. */
function throwsSeedError (t: Test, fn: () => unknown, message: string | RegExp): void {
  try {
    fn()
    t.fail('expected a SeedError')
  } catch (err) {
    t.type(err, SeedError)
    t.equal((err as Error).name, 'SeedError')
    t.notMatch((err as Error).message, /\n/, 'one line')
    if (typeof message === 'string') t.equal((err as Error).message, message)
    else t.match((err as Error).message, message)
  }
}

t.test('readSeed takes one app state, an array of them, or {apps: [...]}', async (t) => {
  const dir = t.testdir({
    'one.json': JSON.stringify(STATE),
    'array.json': JSON.stringify([STATE, OTHER]),
    'apps.json': JSON.stringify({ apps: [OTHER, STATE] }),
    'empty.json': '[]'
  })
  t.strictSame(readSeed(join(dir, 'one.json')), [STATE])
  t.strictSame(readSeed(join(dir, 'array.json')), [STATE, OTHER])
  t.strictSame(readSeed(join(dir, 'apps.json')), [OTHER, STATE])
  t.strictSame(readSeed(join(dir, 'empty.json')), [])
})

t.test('readSeed: unreadable file, invalid JSON and schema violations are one-line SeedErrors', async (t) => {
  const dir = t.testdir({
    'broken.json': '{"appKey": "a#b",\n  oops\n}',
    'number.json': '42',
    'null.json': 'null',
    'no-secret.json': JSON.stringify({ appKey: 'a#b', clientId: 'c' }),
    'bad-user.json': JSON.stringify([STATE, { ...OTHER, users: [{ username: 5 }] }]),
    'bad-apps.json': JSON.stringify({ apps: 'nope' }),
    'a-dir': {}
  })
  const missing = join(dir, 'missing.json')
  throwsSeedError(t, () => readSeed(missing), `cannot read seed ${missing}: ENOENT: no such file or directory, open '${missing}'`)
  throwsSeedError(t, () => readSeed(join(dir, 'a-dir')), `cannot read seed ${join(dir, 'a-dir')}: EISDIR: illegal operation on a directory, read`)
  throwsSeedError(t, () => readSeed(join(dir, 'broken.json')), new RegExp(`^cannot read seed ${join(dir, 'broken.json')}: .*JSON`))
  throwsSeedError(t, () => readSeed(join(dir, 'number.json')), `seed ${join(dir, 'number.json')}, app 0: must be object`)
  throwsSeedError(t, () => readSeed(join(dir, 'null.json')), `seed ${join(dir, 'null.json')}, app 0: must be object`)
  throwsSeedError(t, () => readSeed(join(dir, 'no-secret.json')), new RegExp(`^seed ${join(dir, 'no-secret.json')}, app 0: .*clientSecret`))
  throwsSeedError(t, () => readSeed(join(dir, 'bad-user.json')), `seed ${join(dir, 'bad-user.json')}, app 1: /users/0/username must be string`)
  throwsSeedError(t, () => readSeed(join(dir, 'bad-apps.json')), new RegExp(`^seed ${join(dir, 'bad-apps.json')}, app 0: .*appKey`))
})

t.test('loadSeeds imports every app of every file and marks the emulator seeded', async (t) => {
  const dir = t.testdir({ 'a.json': JSON.stringify(STATE), 'b.json': JSON.stringify({ apps: [OTHER] }) })
  const s = services(t, [join(dir, 'a.json'), join(dir, 'b.json')])
  t.equal(s.controls.seeded, false, 'not seeded before loading')
  loadSeeds(s, s.config.seeds, T0)
  t.equal(s.controls.seeded, true)
  t.strictSame(s.apps.list().map(a => `${a.org_name}#${a.app_name}`), ['seed#one', 'seed#two'])
  const app = s.apps.find('seed', 'one')
  t.match(s.users.find(app?.id ?? -1, 'alice'), { username: 'alice', created: T0 })
})

t.test('loadSeeds with no files marks the emulator seeded', async (t) => {
  const s = services(t)
  t.equal(s.controls.seeded, true)
  loadSeeds(s, [], T0)
  t.equal(s.controls.seeded, true)
})

t.test('loadSeeds: illegal and duplicate usernames are one-line SeedErrors naming file and app, and stop the load', async (t) => {
  const dir = t.testdir({
    'illegal.json': JSON.stringify({ ...STATE, users: [{ username: 'Bad Name!' }] }),
    'duplicate.json': JSON.stringify([OTHER, { ...STATE, users: [{ username: 'a' }, { username: 'A' }] }]),
    'template.json': JSON.stringify({ ...STATE, templates: [{ name: 'x', title_pattern: 't', content_pattern: 'c' }, { name: 'x', title_pattern: 't', content_pattern: 'c' }] }),
    'appkey.json': JSON.stringify({ ...STATE, appKey: 'no-hash' })
  })
  const s = services(t)
  const file = (name: string) => join(dir, name)
  throwsSeedError(t, () => { loadSeeds(s, [file('illegal.json')], T0) }, `seed ${file('illegal.json')}, app seed#one: username [Bad Name!] is not legal`)
  throwsSeedError(t, () => { loadSeeds(s, [file('duplicate.json')], T0) }, `seed ${file('duplicate.json')}, app seed#one: username a appears twice`)
  throwsSeedError(t, () => { loadSeeds(s, [file('template.json')], T0) }, `seed ${file('template.json')}, app seed#one: template x appears twice`)
  throwsSeedError(t, () => { loadSeeds(s, [file('appkey.json')], T0) }, `seed ${file('appkey.json')}, app no-hash: appKey must look like org#app, got "no-hash"`)
  t.strictSame(s.apps.list().map(a => `${a.org_name}#${a.app_name}`), ['seed#two'], 'only the app before the bad one was loaded')
  t.equal(s.apps.find('seed', 'one'), undefined)
})

t.test('loadSeeds: a failure that is not a vendor error keeps its own message', async (t) => {
  const dir = t.testdir({ 'a.json': JSON.stringify(STATE) })
  const s = services(t)
  s.db.close()
  throwsSeedError(t, () => { loadSeeds(s, [join(dir, 'a.json')], T0) }, `seed ${join(dir, 'a.json')}, app seed#one: The database connection is not open`)
  t.equal(s.controls.seeded, true, 'seeded reflects the config (no seeds), not this call')
})

t.test('createRuntime loads the seeds: /_mock/ready is 200 and the seeded users are there', async (t) => {
  const dir = t.testdir({
    'seed.json': JSON.stringify({
      apps: [
        { ...STATE, users: [{ username: 'alice', password: 'pw', nickname: 'Alice' }, { username: 'bob', password: 'pw2' }] },
        { ...OTHER, templates: [{ name: 'hello', title_pattern: 'Hi', content_pattern: 'there' }] }
      ]
    })
  })
  const clock = createClock()
  clock.set(T0)
  const runtime = await createRuntime(configFor(['--seed', join(dir, 'seed.json'), '--app', 'cfg#app:i:s']), { logger: false }, clock)
  t.teardown(() => runtime.close())
  const { app } = runtime
  const ready = await app.inject('/_mock/ready')
  t.equal(ready.statusCode, 200)
  t.match(ready.json(), { ready: true, database: 'open', seeded: true })
  t.strictSame((await app.inject('/_mock/apps')).json().apps.map((a: any) => a.appKey), ['cfg#app', 'seed#one', 'seed#two'])

  const token = await app.inject({ method: 'POST', url: '/seed/one/token', payload: { grant_type: 'password', username: 'alice', password: 'pw' } })
  t.equal(token.statusCode, 200)
  const appToken = await app.inject({ method: 'POST', url: '/seed/one/token', payload: { grant_type: 'client_credentials', client_id: 'cid', client_secret: 'csec' } })
  t.equal(appToken.statusCode, 200)
  const auth = { authorization: `Bearer ${appToken.json().access_token as string}` }
  const bob = await app.inject({ url: '/seed/one/users/bob', headers: auth })
  t.equal(bob.statusCode, 200)
  t.match(bob.json().entities[0], { username: 'bob', created: T0, activated: true })
  const alice = await app.inject({ url: '/seed/one/users/alice', headers: auth })
  t.match(alice.json().entities[0], { username: 'alice' })

  const two = await app.inject({ method: 'POST', url: '/seed/two/token', payload: { grant_type: 'client_credentials', client_id: 'cid2', client_secret: 'csec2' } })
  const tpl = await app.inject({ url: '/seed/two/notification/template/hello', headers: { authorization: `Bearer ${two.json().access_token as string}` } })
  t.equal(tpl.statusCode, 200)
  t.match(tpl.json().data, { name: 'hello', createAt: T0 })

  await runtime.close()
  await runtime.close()
  t.equal(runtime.db.open, false, 'close closes the database, once')
})

t.test('createRuntime with a bad seed throws the SeedError and closes its database', async (t) => {
  const dir = t.testdir({ 'bad.json': JSON.stringify({ ...STATE, users: [{ username: 'x' }, { username: 'x' }] }) })
  const file = join(dir, 'bad.json')
  await t.rejects(createRuntime(configFor(['--seed', file]), { logger: false }), new SeedError(`seed ${file}, app seed#one: username x appears twice`))
  await t.rejects(createRuntime(configFor(['--seed', join(dir, 'none.json')]), { logger: false }), { name: 'SeedError', message: /^cannot read seed/ })
})

t.test('createRuntime without seeds uses the real clock and is ready', async (t) => {
  const runtime = await createRuntime(configFor([]), { logger: false })
  t.teardown(() => runtime.close())
  t.equal(runtime.clock.frozen, false)
  t.equal((await runtime.app.inject('/_mock/ready')).statusCode, 200)
})

t.test('/_mock/ready is 503 while the database is closed, behind on migrations or not yet seeded', async (t) => {
  const runtime = await createRuntime(configFor([]), { logger: false })
  t.teardown(() => runtime.close())
  runtime.db.pragma('user_version = 0')
  let res = await runtime.app.inject('/_mock/ready')
  t.equal(res.statusCode, 503)
  t.match(res.json(), { ready: false, database: 'open', schemaVersion: 0, seeded: true })
  t.ok(res.json().latestSchemaVersion >= 1)
  runtime.db.close()
  res = await runtime.app.inject('/_mock/ready')
  t.equal(res.statusCode, 503)
  t.match(res.json(), { ready: false, database: 'closed', schemaVersion: 0 })

  // Services made for seeds that were never loaded.
  const s = services(t, ['never-loaded.json'])
  const app = await buildApp({ db: s.db, config: s.config, clock: s.clock, services: s }, { logger: false })
  t.teardown(() => app.close())
  res = await app.inject('/_mock/ready')
  t.equal(res.statusCode, 503)
  t.match(res.json(), { ready: false, database: 'open', seeded: false })
  t.equal(res.json().schemaVersion, res.json().latestSchemaVersion)
})

t.test('a start purges tokens that expired over a day ago and keeps the rest', async (t) => {
  const file = join(t.testdir(), 'tokens.db')
  const clock = createClock()
  clock.set(T0)
  const first = await createRuntime(configFor(['--db', file, '--app', 'cfg#app:i:s']), { logger: false }, clock)
  const issue = async (ttl: number): Promise<string> => {
    const res = await first.app.inject({ method: 'POST', url: '/cfg/app/token', payload: { grant_type: 'client_credentials', client_id: 'i', client_secret: 's', ttl } })
    return res.json().access_token as string
  }
  const longGone = await issue(1) // expires at T0 + 1 s
  const recent = await issue(2 * 86_400) // expires at T0 + 2 days
  const forever = await issue(0)
  await first.close()

  clock.set(T0 + 1000 + TOKEN_PURGE_GRACE_MS + 1) // a day and a moment after the first expiry
  const second = await createRuntime(configFor(['--db', file]), { logger: false }, clock)
  t.teardown(() => second.close())
  const status = async (token: string) => (await second.app.inject({ url: '/cfg/app/users/nobody', headers: { authorization: `Bearer ${token}` } })).json().error_description
  t.equal(await status(longGone), 'Unable to authenticate (OAuth)', 'purged: an unknown token now')
  t.equal(second.services.tokens.find(recent)?.token, recent, 'not yet expired: kept')
  t.equal(second.services.tokens.find(forever)?.token, forever, 'never expires: kept')
  t.equal(second.services.tokens.find(longGone), undefined)
})

t.test('a start keeps a token expired less than a day ago, which still says it expired', async (t) => {
  const file = join(t.testdir(), 'tokens.db')
  const clock = createClock()
  clock.set(T0)
  const first = await createRuntime(configFor(['--db', file, '--app', 'cfg#app:i:s']), { logger: false }, clock)
  const res = await first.app.inject({ method: 'POST', url: '/cfg/app/token', payload: { grant_type: 'client_credentials', client_id: 'i', client_secret: 's', ttl: 1 } })
  const token = res.json().access_token as string
  await first.close()
  clock.set(T0 + 1000 + TOKEN_PURGE_GRACE_MS - 1) // a moment short of a day after expiry
  const second = await createRuntime(configFor(['--db', file]), { logger: false }, clock)
  t.teardown(() => second.close())
  const r = await second.app.inject({ url: '/cfg/app/users/nobody', headers: { authorization: `Bearer ${token}` } })
  t.equal(r.json().error_description, 'Unable to authenticate due to expired access token')
})
