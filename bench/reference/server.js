// The minimal honest reference the emulator is measured against (issue 7): Fastify 5 and
// better-sqlite3 12 in WAL with synchronous=NORMAL, prepared statements, a Bearer check, one
// validated upsert per PUT and one row read per GET, no logging. It serves the same URLs the bench
// drives, with none of the emulator's fidelity, so the gap between the two is what fidelity costs.
//   node bench/reference/server.js --port 0 --db FILE   (prints "listening on http://…")
import { createHook } from 'node:async_hooks'
import { randomBytes } from 'node:crypto'
import { parseArgs } from 'node:util'
import Database from 'better-sqlite3'
import Fastify from 'fastify'

const { values } = parseArgs({ options: { port: { type: 'string', default: '0' }, db: { type: 'string', default: ':memory:' } } })

const db = new Database(values.db)
db.pragma('journal_mode = WAL')
db.pragma('synchronous = NORMAL')
db.exec(`
  CREATE TABLE IF NOT EXISTS users (id INTEGER PRIMARY KEY, app TEXT NOT NULL, username TEXT NOT NULL, UNIQUE (app, username)) STRICT;
  CREATE TABLE IF NOT EXISTS settings (user_id INTEGER NOT NULL, key TEXT NOT NULL, type TEXT, ignore_interval TEXT, ignore_until INTEGER,
    PRIMARY KEY (user_id, key)) STRICT;
  CREATE TABLE IF NOT EXISTS bindings (user_id INTEGER NOT NULL, device_id TEXT NOT NULL, notifier_name TEXT NOT NULL, device_token TEXT NOT NULL,
    PRIMARY KEY (user_id, device_id, notifier_name)) STRICT;`)

const insertUser = db.prepare('INSERT OR IGNORE INTO users (app, username) VALUES (?, ?)')
const readSetting = db.prepare(`SELECT u.id, s.type, s.ignore_interval, s.ignore_until FROM users u
  LEFT JOIN settings s ON s.user_id = u.id AND s.key = ? WHERE u.app = ? AND u.username = ?`)
const upsertSetting = db.prepare(`INSERT INTO settings (user_id, key, type, ignore_interval, ignore_until)
  SELECT id, ?, ?, ?, ? FROM users WHERE app = ? AND username = ? LIMIT 1
  ON CONFLICT (user_id, key) DO UPDATE SET type = excluded.type, ignore_interval = excluded.ignore_interval, ignore_until = excluded.ignore_until`)
const upsertBinding = db.prepare(`INSERT INTO bindings (user_id, device_id, notifier_name, device_token)
  SELECT id, ?, ?, ? FROM users WHERE app = ? AND username = ? LIMIT 1
  ON CONFLICT (user_id, device_id, notifier_name) DO UPDATE SET device_token = excluded.device_token`)
const registerAll = db.transaction((app, names) => { for (const n of names) insertUser.run(app, n) })

// One process.nextTick entry kept alive, as the emulator keeps one (src/tick-shape.ts): otherwise
// a full collection at a moment with no entry alive puts every later nextTick on V8's slow path
// for the rest of the process, in some runs and not others, and the baseline moved with it.
// Mixed load, alternating runs: 30.2 against 25.9 µs a request on Node 20.20, 26.3 against 24.2
// on Node 24.22 (docs/performance.md). It costs nothing per request.
let keptTick
const hook = createHook({ init: (_id, _type, _trigger, resource) => { keptTick ??= resource } })
hook.enable()
process.nextTick(() => {})
hook.disable()

const tokens = new Set()
const app = Fastify({ logger: false })

app.addHook('onRequest', async (req, reply) => {
  if (req.url.startsWith('/_mock/') || req.url.endsWith('/token')) return
  const h = req.headers.authorization
  if (h === undefined || !h.startsWith('Bearer ') || !tokens.has(h.slice(7))) {
    return reply.code(401).send({ error: 'unauthorized' })
  }
})

app.get('/_mock/health', async () => ({ status: 'ok' }))

app.post('/:org/:app/token', async () => {
  const token = randomBytes(32).toString('base64url')
  tokens.add(token)
  return { access_token: token, expires_in: 5184000 }
})

app.post('/:org/:app/users', {
  schema: { body: { type: 'array', maxItems: 60, items: { type: 'object', required: ['username'], properties: { username: { type: 'string' } } } } }
}, async (req) => {
  registerAll(`${req.params.org}#${req.params.app}`, req.body.map(u => u.username))
  return { entities: req.body.map(u => ({ username: u.username })) }
})

const settingBody = {
  type: 'object',
  properties: {
    type: { type: 'string', enum: ['DEFAULT', 'ALL', 'AT', 'NONE'] },
    ignoreInterval: { type: 'string', pattern: '^\\d{1,2}:\\d{1,2}-\\d{1,2}:\\d{1,2}$' },
    ignoreDuration: { type: 'integer', minimum: 0, maximum: 604800000 }
  }
}

app.get('/:org/:app/users/:username/notification/user/:key', async (req, reply) => {
  const row = readSetting.get(req.params.key, `${req.params.org}#${req.params.app}`, req.params.username)
  if (row === undefined) return reply.code(400).send({ error: 'required_property_not_found' })
  return { data: { type: row.type ?? 'ALL', ignoreInterval: row.ignore_interval ?? '', ignoreDuration: row.ignore_until ?? 0 } }
})

app.put('/:org/:app/users/:username/notification/user/:key', { schema: { body: settingBody } }, async (req, reply) => {
  const b = req.body
  const until = b.ignoreDuration ? Date.now() + b.ignoreDuration : 0
  const { changes } = upsertSetting.run(req.params.key, b.type ?? null, b.ignoreInterval ?? null, until,
    `${req.params.org}#${req.params.app}`, req.params.username)
  if (changes === 0) return reply.code(400).send({ error: 'required_property_not_found' })
  return { data: { type: b.type ?? 'ALL', ignoreInterval: b.ignoreInterval ?? '', ignoreDuration: until } }
})

app.put('/:org/:app/users/:username/push/binding', {
  schema: {
    body: {
      type: 'object',
      required: ['device_id', 'device_token', 'notifier_name'],
      properties: { device_id: { type: 'string', minLength: 1 }, device_token: { type: 'string' }, notifier_name: { type: 'string' } }
    }
  }
}, async (req, reply) => {
  const b = req.body
  const { changes } = upsertBinding.run(b.device_id, b.notifier_name, b.device_token, `${req.params.org}#${req.params.app}`, req.params.username)
  if (changes === 0) return reply.code(400).send({ error: 'required_property_not_found' })
  return { entities: [b] }
})

const stop = async () => { await app.close(); db.close(); process.exit(0) }
process.once('SIGTERM', stop)
process.once('SIGINT', stop)

const address = await app.listen({ host: '127.0.0.1', port: Number(values.port) })
process.stdout.write(`listening on ${address}\n`)
