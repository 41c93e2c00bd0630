import t from 'tap'
import type { FastifyBaseLogger } from 'fastify'
import { pino } from 'pino'
import { logCompleted, loggerOptions, type CompletedFields } from '../src/logger.js'

t.test('JSON lines off a terminal, pino-pretty on one, the bearer token always redacted', async (t) => {
  const plain = loggerOptions('info', false) as Record<string, unknown>
  t.equal(plain.level, 'info')
  t.notOk('transport' in plain)
  t.match(plain.redact, { paths: ['req.headers.authorization', 'headers.authorization'] })
  const pretty = loggerOptions('debug', true) as Record<string, unknown>
  t.match(pretty.transport, { target: 'pino-pretty' })
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
