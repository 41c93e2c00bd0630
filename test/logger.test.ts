import t from 'tap'
import { buildApp } from '../src/app.js'
import { createClock } from '../src/clock.js'
import { loadConfig } from '../src/config.js'
import { openDatabase } from '../src/db/database.js'
import { migrate } from '../src/db/migrate.js'
import { createAppsRepo } from '../src/db/repositories/apps-repo.js'
import { createLogger, loggerOptions, type LoggerOptions } from '../src/logger.js'

t.test('JSON lines off a terminal, pino-pretty on one, the bearer token always redacted', async (t) => {
  const plain = loggerOptions('info', false) as Record<string, unknown>
  t.equal(plain.level, 'info')
  t.notOk('transport' in plain)
  t.match(plain.stream, { fd: 1, sync: true }, "pino's own destination, each line written as it comes")
  t.match(plain.redact, { paths: ['req.headers.authorization', 'headers.authorization'] })
  const pretty = loggerOptions('debug', true) as Record<string, unknown>
  t.match(pretty.transport, { target: 'pino-pretty' })
  t.notOk('stream' in pretty, 'pino-pretty writes to the terminal itself')
})

t.test("the time field is pino's default: the wall clock in epoch milliseconds", async (t) => {
  t.notOk('timestamp' in loggerOptions('info', false))
  const lines: string[] = []
  const log = createLogger({ ...loggerOptions('info', false), stream: { write: (line: string) => { lines.push(line) } } })
  const before = Date.now()
  log?.info('now')
  const after = Date.now()
  const time = (JSON.parse(lines[0] as string) as { time: number }).time
  t.ok(before <= time && time <= after, `${before} ≤ ${time} ≤ ${after}`)
})

t.test('createLogger: none, pino with its defaults, or pino with these options into this stream', async (t) => {
  t.equal(createLogger(undefined), undefined)
  t.equal(createLogger(false), undefined)
  const plain = createLogger(true)
  t.equal(plain?.level, 'info')
  const lines: string[] = []
  const log = createLogger({ ...loggerOptions('debug', false), stream: { write: (line: string) => { lines.push(line) } } })
  t.equal(log?.level, 'debug')
  log?.debug({ headers: { authorization: 'Bearer secret' } }, 'hello')
  t.match(JSON.parse(lines[0] as string), { level: 20, msg: 'hello', headers: { authorization: '[redacted]' } })
})

/** An app of `o#a` (client `id`, secret `secret`) on an in-memory database, its log lines in `lines`. */
async function appLoggingTo (level: LoggerOptions['level'] = 'debug') {
  const result = loadConfig(['--app', 'o#a:id:secret'], {})
  if (result.help) throw new Error('help')
  const db = openDatabase(':memory:')
  migrate(db)
  const clock = createClock()
  for (const a of result.config.apps) createAppsRepo(db).upsert(a, clock.now())
  const lines: string[] = []
  const stream = { write: (line: string) => { lines.push(line) } }
  const app = await buildApp({ db, config: { ...result.config, dbFile: ':memory:' }, clock }, { logger: { ...loggerOptions('info', false), level, stream } })
  return { app, db, lines }
}

t.test("at debug, the app writes one line a request with the request's id", async (t) => {
  const { app, db, lines } = await appLoggingTo()
  t.teardown(async () => { await app.close(); db.close() })
  await app.inject({ method: 'GET', url: '/_mock/health' })
  await app.inject({ method: 'GET', url: '/o/a/users/u1/notification/user/u1' })
  await app.inject({ method: 'POST', url: '/o/a/token', payload: { grant_type: 'client_credentials', client_id: 'id', client_secret: 'secret' } })
  const done = lines.map(l => JSON.parse(l) as Record<string, unknown>).filter(l => l.msg === 'request completed')
  t.match(done, [
    { level: 20, reqId: 'req-1', method: 'GET', url: '/_mock/health', status: 200 },
    { level: 20, reqId: 'req-2', method: 'GET', url: '/o/a/users/u1/notification/user/u1', status: 401 },
    { level: 20, reqId: 'req-3', method: 'POST', url: '/o/a/token', app: 'o#a', status: 200 }
  ])
  t.equal(typeof done[1]!.ms, 'number')
  // The fields, in this order, are what log readers (and the README) rely on.
  t.strictSame(Object.keys(done[2]!), ['level', 'time', 'pid', 'hostname', 'reqId', 'method', 'url', 'app', 'status', 'ms', 'msg'])
  t.strictSame(Object.keys(done[0]!), ['level', 'time', 'pid', 'hostname', 'reqId', 'method', 'url', 'status', 'ms', 'msg'], 'no app: no field')
  t.equal(lines.length, done.length, 'one line a request, and nothing else')
})

t.test("at info, the app's own lines alone: an unexpected error, with the request's id, and no line a request", async (t) => {
  const { app, db, lines } = await appLoggingTo('info')
  t.teardown(async () => { await app.close() })
  const token = (await app.inject({ method: 'POST', url: '/o/a/token', payload: { grant_type: 'client_credentials', client_id: 'id', client_secret: 'secret' } })).json().access_token
  // A database closed under the app fails every query: the one kind of failure no input causes.
  db.close()
  const res = await app.inject({ method: 'GET', url: '/o/a/users/u1/notification/user/u1', headers: { authorization: `Bearer ${token}` } })
  t.equal(res.statusCode, 500)
  t.equal(res.json().error, 'internal_server_error')
  t.notOk(res.body.includes('not open'), 'no internals in the answer')
  const logged = lines.map(l => JSON.parse(l) as Record<string, unknown>)
  t.match(logged.find(l => l.msg === 'unexpected error'), { level: 50, reqId: 'req-2', err: { message: /not open/ } })
  t.notOk(logged.some(l => l.msg === 'request completed'), 'request lines are debug')
  t.equal(logged.length, 1, 'the error is the one line')
  t.equal(app.log.level, 'info', "the app's logger is the one made from its options")
})
