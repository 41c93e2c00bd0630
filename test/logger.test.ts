import t from 'tap'
import type { FastifyBaseLogger } from 'fastify'
import { pino } from 'pino'
import { buildApp } from '../src/app.js'
import { createClock } from '../src/clock.js'
import { loadConfig } from '../src/config.js'
import { openDatabase } from '../src/db/database.js'
import { migrate } from '../src/db/migrate.js'
import { createAppsRepo } from '../src/db/repositories/apps-repo.js'
import { deferRequestChildren, logCompleted, loggerOptions, logTime, RequestLogger, type CompletedFields } from '../src/logger.js'

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
  const cases: CompletedFields[] = [
    { method: 'GET', url: '/o/a/users/u1/notification/user/u1', app: 'o#a', status: 200, ms: 3 },
    { method: 'PUT', url: '/o/a/users/"q\\\\u0001\u00e9\u4e2d\ud83d\ude00?x=1', app: 'o#"a', status: 404, ms: 0 },
    { method: 'GET', url: '/_mock/health', app: undefined, status: 200, ms: 12 },
    // One kind of character that needs (or looks as if it needs) escaping at a time.
    ...['"', '\\', '\u0007', '\u001f', '\ud83d\ude00', 'é中', '\u007f'].map((c, i) =>
      ({ method: 'GET', url: `/o/a/x${c}y`, app: `o${c}#a`, status: 400 + i, ms: i }))
  ]
  for (const fields of cases) {
    logCompleted(child, fields)
    child.info(fields, 'request completed')
    const [fast, general] = lines.splice(0)
    t.equal(fast, general, fields.url)
    t.equal(JSON.parse(fast as string).url, fields.url, 'the URL survives the round trip')
  }
  // A lone surrogate half (no URL decodes to one) is where the two part: pino writes it raw, which
  // becomes U+FFFD in UTF-8; here it is escaped, so the line still reads back exactly.
  for (const half of ['\ud83d', '\ude00']) {
    const fields = { method: 'GET', url: `/o/a/x${half}y`, app: 'o#a', status: 200, ms: 1 }
    logCompleted(child, fields)
    const line = lines.splice(0)[0] as string
    t.ok(line.includes(`x\\u${half.charCodeAt(0).toString(16)}y`), 'escaped')
    t.equal(JSON.parse(Buffer.from(line).toString()).url, fields.url, 'and read back exactly')
  }
})

t.test('the completed line follows the level, and a logger that is not pino gets a plain call', async (t) => {
  const lines: string[] = []
  const quiet = pino(loggerOptions('warn', false), { write: (line: string) => { lines.push(line) } }).child({ reqId: 'req-1' })
  logCompleted(quiet, { method: 'GET', url: '/x', app: undefined, status: 200, ms: 1 })
  t.same(lines, [], 'info is off at warn')

  const calls: unknown[][] = []
  const other = { info: (...args: unknown[]) => { calls.push(args) } } as unknown as FastifyBaseLogger
  const fields = { method: 'GET', url: '/x', app: 'o#a', status: 200, ms: 1 }
  logCompleted(other, fields)
  t.same(calls, [[fields, 'request completed']])
})

/** A pino root at a fixed time writing into `lines`, and another just like it whose children are deferred. */
function roots (level = 'info') {
  const lines: string[] = []
  const stream = { write: (line: string) => { lines.push(line) } }
  const make = () => pino({ ...loggerOptions(level as 'info', false), timestamp: () => ',"time":1700000000000' }, stream)
  const deferred = make()
  deferRequestChildren(deferred)
  return { lines, plain: make(), deferred }
}

t.test('a deferred request logger writes the completed line as a real pino child would', async (t) => {
  const { lines, plain, deferred } = roots()
  const fields = { method: 'GET', url: '/o/a/users/u1/notification/user/u1', app: 'o#a', status: 200, ms: 3 }
  const log = deferred.child({ reqId: 'req-7' })
  t.ok(log instanceof RequestLogger, 'no pino child is made up front')
  logCompleted(log, fields)
  t.notOk((log as unknown as RequestLogger).used, 'the completed line needs none')
  plain.child({ reqId: 'req-7' }).info(fields, 'request completed')
  const [fast, general] = lines.splice(0)
  t.equal(fast, general)
  t.match(JSON.parse(fast as string), { reqId: 'req-7', url: fields.url, msg: 'request completed' })

  // Other bindings, one after the other (the last key's text is remembered).
  for (const bindings of [{ traceId: 'a"b' }, { reqId: 'req-8', span: 's' }, { reqId: 'req-9' }]) {
    logCompleted(deferred.child(bindings), fields)
    plain.child(bindings).info(fields, 'request completed')
    const [mine, pinos] = lines.splice(0)
    t.equal(mine, pinos, JSON.stringify(bindings))
  }

  // A binding that pino would have to serialise itself sends the line through a real child.
  const odd = deferred.child({ reqId: 7 })
  logCompleted(odd, fields)
  plain.child({ reqId: 7 }).info(fields, 'request completed')
  const [viaChild, expected] = lines.splice(0)
  t.equal(viaChild, expected)
  t.ok((odd as unknown as RequestLogger).used)
})

t.test('anything else logged through it goes through a real child with the same bindings', async (t) => {
  const { lines, plain, deferred } = roots('debug')
  for (const method of ['fatal', 'error', 'warn', 'info', 'debug'] as const) {
    const log = deferred.child({ reqId: 'req-1' })
    log[method]({ n: 1 }, 'said %s', 'twice')
    plain.child({ reqId: 'req-1' })[method]({ n: 1 }, 'said %s', 'twice')
    const [lazy, real] = lines.splice(0)
    t.equal(lazy, real, method)
    t.ok((log as unknown as RequestLogger).used)
  }
  const log = deferred.child({ reqId: 'req-2' })
  log.trace('below the level')
  log.silent('never written')
  t.same(lines, [], 'trace is off at debug, and silent writes nothing')

  // Once the real child exists, the completed line still reads the same.
  const fields = { method: 'PUT', url: '/x', app: undefined, status: 500, ms: 9 }
  logCompleted(log, fields)
  plain.child({ reqId: 'req-2' }).info(fields, 'request completed')
  const [after, real] = lines.splice(0)
  t.equal(after, real)

  // A grandchild carries both bindings.
  log.child({ part: 'db' }).warn('slow')
  t.match(JSON.parse(lines.splice(0)[0] as string), { reqId: 'req-2', part: 'db', msg: 'slow' })
})

t.test("its level is the parent's until it sets its own", async (t) => {
  const { lines, deferred } = roots()
  const log = deferred.child({ reqId: 'req-3' })
  t.equal(log.level, 'info')
  log.level = 'warn'
  t.equal(log.level, 'warn')
  t.equal(deferred.level, 'info', 'the parent keeps its level')
  log.info('not written')
  logCompleted(log, { method: 'GET', url: '/x', app: undefined, status: 200, ms: 1 })
  t.same(lines, [])
})

t.test('a child with its own level or serializers is a real pino child, and a logger that is not pino is left alone', async (t) => {
  const { deferred } = roots()
  t.notOk(deferred.child({ reqId: 'r' }, { level: 'warn' }) instanceof RequestLogger)
  t.notOk(deferred.child({ reqId: 'r' }, { serializers: {} }) instanceof RequestLogger)
  t.ok(deferred.child({ reqId: 'r' }, {}) instanceof RequestLogger)
  const other = { child: () => other } as unknown as FastifyBaseLogger
  const child = other.child
  deferRequestChildren(other)
  t.equal(other.child, child)
})

t.test("the app's request lines carry each request's id", async (t) => {
  const result = loadConfig(['--app', 'o#a:id:secret'], {})
  if (result.help) throw new Error('help')
  const db = openDatabase(':memory:')
  migrate(db)
  const clock = createClock()
  for (const a of result.config.apps) createAppsRepo(db).upsert(a, clock.now())
  const lines: string[] = []
  const stream = { write: (line: string) => { lines.push(line) } }
  const app = await buildApp({ db, config: { ...result.config, dbFile: ':memory:' }, clock }, { logger: loggerOptions('info', false, () => stream) })
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
})
