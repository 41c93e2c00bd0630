import t from 'tap'
import { pino } from 'pino'
import { buildApp } from '../src/app.js'
import { createClock } from '../src/clock.js'
import { loadConfig } from '../src/config.js'
import { openDatabase } from '../src/db/database.js'
import { migrate } from '../src/db/migrate.js'
import { createAppsRepo } from '../src/db/repositories/apps-repo.js'
import { createLogger, loggerOptions, logTime, requestLine, type CompletedFields } from '../src/logger.js'

t.test('JSON lines off a terminal, pino-pretty on one, the bearer token always redacted', async (t) => {
  const plain = loggerOptions('info', false) as Record<string, unknown>
  t.equal(plain.level, 'info')
  t.notOk('transport' in plain)
  t.match(plain.redact, { paths: ['req.headers.authorization', 'headers.authorization'] })
  const pretty = loggerOptions('debug', true) as Record<string, unknown>
  t.match(pretty.transport, { target: 'pino-pretty' })
})

t.test("the time field is pino's default: the wall clock in epoch milliseconds", async (t) => {
  t.equal(loggerOptions('info', false).timestamp, logTime)
  t.equal(loggerOptions('info', true).timestamp, logTime)
  const before = pino.stdTimeFunctions.epochTime()
  const ours = logTime()
  const after = pino.stdTimeFunctions.epochTime()
  t.match(ours, /^,"time":\d{13}$/)
  const at = (field: string): number => Number(field.slice(',"time":'.length))
  t.ok(at(before) <= at(ours) && at(ours) <= at(after), `${before} ≤ ${ours} ≤ ${after}`)
})

t.test('a stream is made and used off a terminal only', async (t) => {
  const stream = { write: () => {} }
  let made = 0
  const make = () => { made++; return stream }
  t.equal(loggerOptions('info', false, make).stream, stream)
  t.notOk('stream' in loggerOptions('info', true, make), 'pino-pretty writes to the terminal itself')
  t.equal(made, 1, 'nothing is made for a terminal')
  t.notOk('stream' in loggerOptions('info', false))
})

t.test("the request's completed line is the line pino writes for the same call", async (t) => {
  const lines: string[] = []
  const stream = { write: (line: string) => { lines.push(line) } }
  // A fixed time, so both lines can be compared whole.
  const root = pino({ ...loggerOptions('info', false), timestamp: () => ',"time":1700000000000' }, stream)
  const child = root.child({ reqId: 'req-7' })
  const ids = ['req-7', 'req-"7\\', 'é中\u0001']
  const cases: CompletedFields[] = [
    { method: 'GET', url: '/o/a/users/u1/notification/user/u1', app: 'o#a', status: 200, ms: 3 },
    { method: 'PUT', url: '/o/a/users/"q\\\\u0001\u00e9\u4e2d\ud83d\ude00?x=1', app: 'o#"a', status: 404, ms: 0 },
    { method: 'GET', url: '/_mock/health', app: undefined, status: 200, ms: 12 },
    // One kind of character that needs (or looks as if it needs) escaping at a time.
    ...['"', '\\', '\u0007', '\u001f', '\ud83d\ude00', 'é中', '\u007f'].map((c, i) =>
      ({ method: 'GET', url: `/o/a/x${c}y`, app: `o${c}#a`, status: 400 + i, ms: i }))
  ]
  const write = requestLine(root)
  for (const fields of cases) {
    write('req-7', fields)
    child.info(fields, 'request completed')
    const [fast, general] = lines.splice(0)
    t.equal(fast, general, fields.url)
    t.equal(JSON.parse(fast as string).url, fields.url, 'the URL survives the round trip')
  }
  // Request ids that need escaping (Fastify's own are `req-N`; a custom genReqId could give any).
  for (const id of ids) {
    write(id, cases[0]!)
    root.child({ reqId: id }).info(cases[0], 'request completed')
    const [fast, general] = lines.splice(0)
    t.equal(fast, general, id)
  }
  // A lone surrogate half (no URL decodes to one) is where the two part: pino writes it raw, which
  // becomes U+FFFD in UTF-8; here it is escaped, so the line still reads back exactly.
  for (const half of ['\ud83d', '\ude00']) {
    const fields = { method: 'GET', url: `/o/a/x${half}y`, app: 'o#a', status: 200, ms: 1 }
    write('req-7', fields)
    const line = lines.splice(0)[0] as string
    t.ok(line.includes(`x\\u${half.charCodeAt(0).toString(16)}y`), 'escaped')
    t.equal(JSON.parse(Buffer.from(line).toString()).url, fields.url, 'and read back exactly')
  }
})

t.test('the completed line follows the level, and each logger\'s writer uses its own pieces', async (t) => {
  const lines: string[] = []
  const stream = { write: (line: string) => { lines.push(line) } }
  const quiet = pino(loggerOptions('warn', false), stream)
  requestLine(quiet)('req-1', { method: 'GET', url: '/x', app: undefined, status: 200, ms: 1 })
  t.same(lines, [], 'info is off at warn')
  // Two loggers in turn, with different bindings and line ends: each line is its own logger's.
  const fields = { method: 'GET', url: '/x', app: 'o#a', status: 200, ms: 1 }
  const a = pino({ base: { n: 'a' }, timestamp: false }, stream)
  const b = pino({ base: { n: 'b' }, timestamp: false, crlf: true }, stream)
  const writers = new Map([a, b].map(log => [log, requestLine(log)]))
  for (const log of [a, b, a]) {
    writers.get(log)!('req-2', fields)
    log.child({ reqId: 'req-2' }).info(fields, 'request completed')
    const [fast, general] = lines.splice(0)
    t.equal(fast, general)
  }
})

t.test('createLogger: none, pino with its defaults, or pino with these options into this stream', async (t) => {
  t.equal(createLogger(undefined), undefined)
  t.equal(createLogger(false), undefined)
  const plain = createLogger(true)
  t.equal(plain?.level, 'info')
  const lines: string[] = []
  const log = createLogger(loggerOptions('debug', false, () => ({ write: (line: string) => { lines.push(line) } })))
  t.equal(log?.level, 'debug')
  log?.debug({ headers: { authorization: 'Bearer secret' } }, 'hello')
  t.match(JSON.parse(lines[0] as string), { level: 20, msg: 'hello', headers: { authorization: '[redacted]' } })
})

/** An app of `o#a` (client `id`, secret `secret`) on an in-memory database, its log lines in `lines`. */
async function appLoggingTo () {
  const result = loadConfig(['--app', 'o#a:id:secret'], {})
  if (result.help) throw new Error('help')
  const db = openDatabase(':memory:')
  migrate(db)
  const clock = createClock()
  for (const a of result.config.apps) createAppsRepo(db).upsert(a, clock.now())
  const lines: string[] = []
  const stream = { write: (line: string) => { lines.push(line) } }
  const app = await buildApp({ db, config: { ...result.config, dbFile: ':memory:' }, clock }, { logger: loggerOptions('info', false, () => stream) })
  return { app, db, lines }
}

t.test("the app's request lines carry each request's id", async (t) => {
  const { app, db, lines } = await appLoggingTo()
  t.teardown(async () => { await app.close(); db.close() })
  await app.inject({ method: 'GET', url: '/_mock/health' })
  await app.inject({ method: 'GET', url: '/o/a/users/u1/notification/user/u1' })
  await app.inject({ method: 'POST', url: '/o/a/token', payload: { grant_type: 'client_credentials', client_id: 'id', client_secret: 'secret' } })
  const done = lines.map(l => JSON.parse(l) as Record<string, unknown>).filter(l => l.msg === 'request completed')
  t.match(done, [
    { level: 30, reqId: 'req-1', method: 'GET', url: '/_mock/health', status: 200 },
    { level: 30, reqId: 'req-2', method: 'GET', url: '/o/a/users/u1/notification/user/u1', status: 401 },
    { level: 30, reqId: 'req-3', method: 'POST', url: '/o/a/token', app: 'o#a', status: 200 }
  ])
  t.equal(typeof done[1]!.ms, 'number')
  // The fields, in this order, are what log readers (and the README) rely on.
  t.strictSame(Object.keys(done[2]!), ['level', 'time', 'pid', 'hostname', 'reqId', 'method', 'url', 'app', 'status', 'ms', 'msg'])
  t.strictSame(Object.keys(done[0]!), ['level', 'time', 'pid', 'hostname', 'reqId', 'method', 'url', 'status', 'ms', 'msg'], 'no app: no field')
  t.equal(lines.length, done.length, 'one line a request, and nothing else')
})

t.test("the app's own lines go to its logger: an unexpected error, with the request's id", async (t) => {
  const { app, db, lines } = await appLoggingTo()
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
  t.match(logged.at(-1), { msg: 'request completed', reqId: 'req-2', status: 500 })
  t.equal(app.log.level, 'info', "the app's logger is the one made from its options")
})
