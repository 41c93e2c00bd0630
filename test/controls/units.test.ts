import t from 'tap'
import { errorForStatus } from '../../src/controls/fault-errors.js'
import { createFaults, pathPattern, seededRandom } from '../../src/controls/faults.js'
import { isVendorPath } from '../../src/controls/index.js'
import { parseInstant } from '../../src/controls/instant.js'
import { createJournal, journalBody, MAX_BODY_CHARS, type JournalRecord } from '../../src/controls/journal.js'
import { createCoverage, displayRoute, OPERATIONS } from '../../src/controls/operations.js'
import { createRateLimiter, poolFor } from '../../src/controls/rate-limits.js'
import { T0 } from '../helper.js'

/** The controls' pure parts, table-driven. */

t.test('pathPattern: * is one segment, ** any rest, other characters are literal', async (t) => {
  const cases: Array<[string, string, boolean]> = [
    ['/a/*/c', '/a/b/c', true],
    ['/a/*/c', '/a//c', false],
    ['/a/*/c', '/a/b/x/c', false],
    ['/a/*', '/a', false],
    ['/a/**', '/a', true],
    ['/a/**', '/a/', true],
    ['/a/**', '/a/b/c', true],
    ['/a/**', '/ab', false],
    ['/a/**/z', '/a/z', true],
    ['/a/**/z', '/a/b/c/z', true],
    ['/a/**/z', '/a/b/c', false],
    ['/**', '/', true],
    ['/**', '/anything/at/all', true],
    ['/a/b*', '/a/bcd', true],
    ['/a/b*', '/a/b', true],
    ['/a/b*', '/a/b/c', false],
    ['/a.b', '/a.b', true],
    ['/a.b', '/axb', false],
    ['/a+b(c)', '/a+b(c)', true],
    ['/a?', '/a', false],
    ['/', '/', true],
    ['/hx/hxdemo/users/u1', '/hx/hxdemo/users/u1', true],
    ['/hx/hxdemo/users/u1', '/hx/hxdemo/users/u10', false]
  ]
  for (const [pattern, path, expected] of cases) {
    t.equal(pathPattern(pattern).test(path), expected, `${pattern} ~ ${path}`)
  }
})

t.test('seededRandom: mulberry32, the same seed gives the same draws in [0, 1)', async (t) => {
  const a = seededRandom(1)
  t.strictSame([a(), a(), a()], [0.6270739405881613, 0.002735721180215478, 0.5274470399599522])
  const draws = (seed: number, n = 50): number[] => {
    const r = seededRandom(seed)
    return Array.from({ length: n }, () => r())
  }
  t.strictSame(draws(42), draws(42))
  t.not(draws(42).join(), draws(43).join())
  t.strictSame(draws(-1), draws(4294967295), 'the seed is taken as an unsigned 32-bit integer')
  for (const x of [...draws(0, 500), ...draws(123456789, 500)]) {
    if (!(x >= 0 && x < 1)) t.fail(`draw ${x} outside [0, 1)`)
  }
  const mean = draws(7, 2000).reduce((s, x) => s + x, 0) / 2000
  t.ok(mean > 0.45 && mean < 0.55, `mean ${mean}`)
})

t.test('createFaults: add, list, fire and remove', async (t) => {
  const faults = createFaults()
  t.equal(faults.size, 0)
  t.equal(faults.fire('GET', '/a', undefined), undefined)
  const rule = faults.add({ match: { method: 'get', path: '/a/*', app: 'o#a' }, status: 503, delayMs: 0, times: 1, probability: 1, seed: 1 })
  t.strictSame(rule, { id: 1, match: { method: 'get', path: '/a/*', app: 'o#a' }, status: 503, delayMs: 0, times: 1, probability: 1, seed: 1, hits: 0 })
  t.equal(faults.fire('GET', '/a/b', undefined), undefined, 'a rule with an app needs that app')
  t.equal(faults.fire('GET', '/a/b', 'o#b'), undefined)
  t.equal(faults.fire('PUT', '/a/b', 'o#a'), undefined)
  t.equal(faults.fire('GET', '/a', 'o#a'), undefined)
  t.match(faults.fire('GET', '/a/b', 'o#a'), { id: 1, times: 0, hits: 1 })
  t.equal(faults.fire('GET', '/a/b', 'o#a'), undefined, 'spent')
  t.match(faults.list(), [{ id: 1, times: 0, hits: 1 }])
  faults.add({ match: {}, status: undefined, delayMs: 5, times: undefined, probability: 1, seed: 1 })
  t.match(faults.fire('DELETE', '/x', undefined), { id: 2, hits: 1, delayMs: 5 })
  t.equal(faults.size, 2)
  t.equal(faults.remove(99), false)
  t.equal(faults.remove(1), true)
  t.strictSame(faults.list().map(r => r.id), [2])
  t.equal(faults.remove(), true)
  t.equal(faults.remove(), true, 'removing all is fine when there are none')
  t.equal(faults.size, 0)
  t.equal(faults.add({ match: {}, status: 500, delayMs: 0, times: undefined, probability: 1, seed: 1 }).id, 3, 'ids are never reused')
})

t.test('createFaults: probability draws from the rule\'s own seeded generator', async (t) => {
  const pattern = (): boolean[] => {
    const faults = createFaults()
    faults.add({ match: {}, status: 503, delayMs: 0, times: undefined, probability: 0.3, seed: 99 })
    return Array.from({ length: 40 }, () => faults.fire('GET', '/x', undefined) !== undefined)
  }
  const first = pattern()
  t.strictSame(pattern(), first)
  const r = seededRandom(99)
  t.strictSame(first, Array.from({ length: 40 }, () => r() < 0.3))
})

t.test('errorForStatus: the vendor envelope for each status', async (t) => {
  const cases: Array<[number, string, string, string]> = [
    [400, 'illegal_argument', 'java.lang.IllegalArgumentException', 'this is an invalid request.'],
    [401, 'unauthorized', 'EasemobSecurityException', 'Unable to authenticate (OAuth)'],
    [403, 'forbidden_op', 'EasemobForbiddenOpException', 'forbidden operation'],
    [404, 'web_application', 'javax.ws.rs.NotFoundException', 'url is invalid'],
    [413, 'request_entity_too_large', 'RequestEntityTooLargeException', 'Request body is larger than 2048 bytes'],
    [415, 'web_application', 'javax.ws.rs.WebApplicationException', 'Unsupported Media Type'],
    [429, 'reach_limit', 'ReachLimitException', 'This request has reached api limit'],
    [500, 'internal_server_error', 'InternalServerErrorException', 'Internal server error'],
    [502, 'bad_gateway', 'WebApplicationException', 'Bad Gateway'],
    [503, 'service_unavailable', 'WebApplicationException', 'Service Unavailable'],
    [418, 'i_m_a_teapot', 'WebApplicationException', "I'm a Teapot"],
    [599, 'error', 'WebApplicationException', 'Error']
  ]
  for (const [status, error, exception, description] of cases) {
    const err = errorForStatus(status, 2048)
    t.equal(err.statusCode, status, String(status))
    t.strictSame(err.toBody(T0), { error, exception, timestamp: T0, duration: 0, error_description: description }, String(status))
  }
})

t.test('parseInstant: epoch ms, digits or ISO-8601; anything else is undefined', async (t) => {
  const cases: Array<[number | string, number | undefined]> = [
    [0, 0],
    [T0, T0],
    [-1, undefined],
    [1.5, undefined],
    [Number.NaN, undefined],
    [Number.MAX_SAFE_INTEGER + 1, undefined],
    [String(T0), T0],
    ['0', 0],
    ['99999999999999999999', undefined],
    ['2022-03-17T07:55:49.918Z', T0],
    ['2022-03-17T15:55:49.918+08:00', T0],
    ['2022-03-17', Date.UTC(2022, 2, 17)],
    ['2022-13-01', undefined],
    ['2022-03-17Tnonsense', undefined],
    ['Thu, 17 Mar 2022 07:55:49 GMT', undefined],
    ['-5', undefined],
    [' 123', undefined],
    ['', undefined],
    ['now', undefined]
  ]
  for (const [input, expected] of cases) t.equal(parseInstant(input), expected, JSON.stringify(input))
})

t.test('journalBody: JSON when it parses, else the text, cut at 64 KiB', async (t) => {
  t.equal(journalBody(undefined), null)
  t.equal(journalBody(null), null)
  t.equal(journalBody(''), null)
  t.strictSame(journalBody('{"a":[1,2]}'), { a: [1, 2] })
  t.equal(journalBody('42'), 42)
  t.equal(journalBody('not json'), 'not json')
  const object = { already: 'parsed' }
  t.equal(journalBody(object), object, 'a non-string payload is kept as it is')
  const exact = `"${'x'.repeat(MAX_BODY_CHARS - 2)}"`
  t.equal(journalBody(exact), 'x'.repeat(MAX_BODY_CHARS - 2), 'exactly the limit is not cut')
  const long = JSON.stringify({ big: 'y'.repeat(MAX_BODY_CHARS) })
  const cut = journalBody(long)
  t.equal(cut, `${long.slice(0, MAX_BODY_CHARS)}…[truncated]`)
  t.equal(MAX_BODY_CHARS, 65536)
})

const entry = (n: number, over: Partial<JournalRecord> = {}): JournalRecord => ({
  time: T0 + n,
  app: 'o#a',
  method: 'GET',
  url: `/o/a/users/u${n}`,
  status: 200,
  durationMs: 1,
  requestBody: null,
  responseBody: null,
  ...over
})

t.test('createJournal: a ring of the newest entries', async (t) => {
  for (const capacity of [1, 3, 10]) {
    const journal = createJournal(capacity)
    t.equal(journal.capacity, capacity)
    for (let n = 1; n <= 45; n++) {
      journal.record(entry(n))
      const ids = journal.list().map(e => e.id)
      const expected = Array.from({ length: Math.min(n, capacity) }, (_, i) => n - Math.min(n, capacity) + 1 + i)
      if (ids.join() !== expected.join()) t.fail(`capacity ${capacity} after ${n}: ${ids.join()}`)
    }
    t.strictSame(journal.list().map(e => e.time), Array.from({ length: capacity }, (_, i) => T0 + 45 - capacity + 1 + i), `capacity ${capacity}`)
  }
  const off = createJournal(0)
  off.record(entry(1))
  t.strictSame(off.list(), [])
})

t.test('createJournal: slabs are used again once their entries are overwritten, so memory stays bounded', async (t) => {
  // Mostly 100 KB texts (two to a slab), and every seventh a text larger than a slab, alone in one.
  const huge = (n: number): boolean => n % 7 === 0
  const record = (n: number): JournalRecord => huge(n)
    ? entry(n, { requestBody: 'z', requestText: `"${'z'.repeat(MAX_BODY_CHARS - 2)}"`, responseBody: `${n}`.padEnd(MAX_BODY_CHARS, 'r') })
    : entry(n, { responseBody: `${n}`.padEnd(50_000, 'a') })
  for (const capacity of [1, 3]) {
    const journal = createJournal(capacity)
    let most = 0
    for (let n = 1; n <= 200; n++) {
      journal.record(record(n))
      const listed = journal.list()
      const expected = Array.from({ length: Math.min(n, capacity) }, (_, i) => n - Math.min(n, capacity) + 1 + i)
      if (listed.map(e => e.id).join() !== expected.join()) t.fail(`capacity ${capacity} after ${n}: ${listed.map(e => e.id).join()}`)
      for (const e of listed) {
        const want = record(e.id)
        if (e.responseBody !== want.responseBody || e.path !== want.url || (huge(e.id) && e.requestBody !== 'z'.repeat(MAX_BODY_CHARS - 2))) t.fail(`capacity ${capacity}: entry ${e.id} after ${n}`)
      }
      most = Math.max(most, journal.slabBytes)
    }
    // Kept: the entries (each ≤ 262,200 bytes), each slab's spare room, and the slab being filled.
    t.ok(most <= (capacity + 3) * 262_200, `capacity ${capacity}: at most ${most} bytes of slabs, where 200 entries wrote 20 MB`)
    journal.clear()
    t.equal(journal.list().length, 0)
    journal.record(record(1))
    t.equal(journal.list()[0]?.responseBody, record(1).responseBody, 'cleared, it starts again')
  }
})

t.test('createJournal: a response payload is kept as journalBody reads it, parsed when listed', async (t) => {
  const journal = createJournal(10)
  const object = { already: 'parsed' }
  const long = JSON.stringify({ big: 'y'.repeat(MAX_BODY_CHARS) })
  const payloads: unknown[] = ['{"a":[1,2]}', '42', 'not json', '', undefined, null, object, long, `"${'x'.repeat(MAX_BODY_CHARS - 2)}"`]
  for (const [n, responseBody] of payloads.entries()) journal.record(entry(n, { responseBody }))
  const expected = payloads.map(journalBody)
  const first = journal.list()
  t.strictSame(first.map(e => e.responseBody), expected)
  t.equal(first[6]?.responseBody, object, 'a non-string payload is the same object')
  t.strictSame(Object.keys(first[0] as object), ['id', 'time', 'app', 'method', 'path', 'query', 'status', 'durationMs', 'requestBody', 'responseBody'],
    'the fields and their order are the entry\'s, nothing more')
  const again = journal.list()
  t.strictSame(again, first, 'listed twice, the same entries')
  ;(first[0]?.responseBody as { a: number[] }).a.push(3)
  t.strictSame(journal.list()[0]?.responseBody, { a: [1, 2] }, 'a listed body is a copy: changing it changes nothing kept')
})

t.test('createJournal: a request body is kept as the JSON text it came from, when it came from one', async (t) => {
  const journal = createJournal(10)
  const form = { grant_type: 'client_credentials' }
  const huge = { big: 'z'.repeat(MAX_BODY_CHARS) }
  journal.record(entry(1, { requestBody: { a: 1 }, requestText: '{"a":1}' }))
  journal.record(entry(2, { requestBody: {}, requestText: '{"__proto__":{"x":1},"constructor":{"prototype":{}}}' }))
  journal.record(entry(3, { requestBody: form }))
  journal.record(entry(4, { requestBody: huge, requestText: JSON.stringify(huge) }))
  journal.record(entry(5, { requestBody: ['用户', 'ü'], requestText: '["用户","ü"]', responseBody: '{"名":"值"}', url: '/o/a/users/%E7%94%A8' }))
  const listed = journal.list()
  t.strictSame(listed[0]?.requestBody, { a: 1 }, 'parsed back from the text')
  t.strictSame(listed[1]?.requestBody, {}, 'parsed as the body parser does: __proto__ and constructor dropped')
  t.equal(listed[2]?.requestBody, form, 'a body with no text (a form) is kept as the object')
  t.equal(listed[3]?.requestBody, huge, 'a text over the cut is not kept: the object is')
  t.strictSame(listed[4]?.requestBody, ['用户', 'ü'], 'non-ASCII text round-trips')
  t.strictSame(listed[4]?.responseBody, { 名: '值' })
  t.equal(listed[4]?.path, '/o/a/users/%E7%94%A8')
})

t.test('createJournal: grows past its first slots to the capacity, and texts of any size keep their place', async (t) => {
  const journal = createJournal(3000)
  // Every 500th entry has a request text just under the cut and a response text over it, both
  // three bytes a character: more than a slab holds, so it gets a slab of its own.
  const big = (n: number) => n % 500 === 0
  const requestText = (n: number) => big(n) ? JSON.stringify(['长'.repeat(MAX_BODY_CHARS - 10)]) : `{"n":${n},"s":"${'é'.repeat(n % 50)}"}`
  const responseText = (n: number) => big(n) ? '长'.repeat(MAX_BODY_CHARS + 10) : `{"n":${n}}`
  const record = (n: number) => journal.record(entry(n, {
    app: n % 3 === 0 ? 'o#b' : 'o#a',
    url: `/o/a/users/u${n}?q=${n}`,
    requestBody: JSON.parse(requestText(n)),
    requestText: n % 11 === 0 ? undefined : requestText(n),
    responseBody: n % 7 === 0 ? { n } : responseText(n),
    status: 200 + (n % 5),
    durationMs: n / 1000
  }))
  const check = (ns: number[], label: string) => {
    const listed = journal.list()
    t.equal(listed.length, ns.length, `${label}: count`)
    const wrong = listed.filter((e, i) => {
      const n = ns[i] as number
      const response = n % 7 === 0 ? { n } : big(n) ? `${responseText(n).slice(0, MAX_BODY_CHARS)}…[truncated]` : { n }
      return e.time !== T0 + n || e.path !== `/o/a/users/u${n}` || e.query.q !== String(n) || e.status !== 200 + (n % 5) ||
        e.durationMs !== n / 1000 || e.app !== (n % 3 === 0 ? 'o#b' : 'o#a') ||
        JSON.stringify(e.requestBody) !== requestText(n) || JSON.stringify(e.responseBody) !== JSON.stringify(response)
    })
    t.strictSame(wrong.map(e => e.id), [], `${label}: every entry as recorded`)
  }
  const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i)
  for (let n = 1; n <= 2500; n++) record(n)
  check(range(1, 2500), 'grown to 2500 slots')
  for (let n = 2501; n <= 4000; n++) record(n)
  check(range(1001, 4000), 'full: the newest 3000')
  journal.clear('o#b')
  const kept = range(1001, 4000).filter(n => n % 3 !== 0)
  check(kept, 'o#b cleared, the rest packed anew')
  for (let n = 4001; n <= 5500; n++) record(n)
  check([...kept, ...range(4001, 5500)].slice(-3000), 'refilled after a clear')
})

t.test('createJournal: entries recorded between listings (written a batch at a time) come back whole', async (t) => {
  const text = (n: number) => `{"n":${n},"s":"${'é用'.repeat(Math.abs(n) % 7)}"}`
  const record = (journal: ReturnType<typeof createJournal>, n: number) => journal.record(entry(n, {
    app: n % 2 === 0 ? 'o#b' : 'o#a',
    url: `/o/a/users/u${n}?名=${n}`,
    requestBody: JSON.parse(text(n)),
    requestText: text(n),
    responseBody: text(-n)
  }))
  const seen = (journal: ReturnType<typeof createJournal>) => journal.list().map(e =>
    `${e.id} ${e.app} ${e.path} ${e.query['名']} ${JSON.stringify(e.requestBody)} ${JSON.stringify(e.responseBody)}`)
  const expected = (ns: number[]) => ns.map(n => `${n} ${n % 2 === 0 ? 'o#b' : 'o#a'} /o/a/users/u${n} ${n} ${text(n)} ${text(-n)}`)
  const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i)
  // Smaller rings than a batch, a ring a batch fills, and counts that end mid-batch.
  for (const capacity of [1, 3, 10, 40, 100]) {
    const journal = createJournal(capacity)
    for (let n = 1; n <= 77; n++) record(journal, n)
    t.strictSame(seen(journal), expected(range(Math.max(1, 78 - capacity), 77)), `capacity ${capacity}: the newest, listed mid-batch`)
    for (let n = 78; n <= 90; n++) record(journal, n)
    journal.clear('o#b')
    t.strictSame(seen(journal), expected(range(Math.max(1, 91 - capacity), 90).filter(n => n % 2 === 1)), `capacity ${capacity}: cleared mid-batch`)
  }
  // The ring grows from its first 1024 slots while a batch waits (the 1025th entry is recorded
  // with 1,000 entries written and 24 waiting).
  const growing = createJournal(2000)
  for (let n = 1; n <= 1000; n++) record(growing, n)
  t.equal(growing.list().length, 1000)
  for (let n = 1001; n <= 1100; n++) record(growing, n)
  t.strictSame(seen(growing), expected(range(1, 1100)), 'grown mid-batch')
})

t.test('poolFor: the vendor\'s per-app limits', async (t) => {
  const app = '/:org_name/:app_name'
  const cases: Array<[string, string, string, number]> = [
    ['POST', `${app}/token`, 'token', 300],
    ['POST', `${app}/notification/template`, `POST ${app}/notification/template`, 10],
    ['GET', `${app}/notification/template/:name`, `GET ${app}/notification/template/:name`, 10],
    ['PUT', `${app}/notification/template/:name`, `PUT ${app}/notification/template/:name`, 10],
    ['DELETE', `${app}/notification/template/:name`, `DELETE ${app}/notification/template/:name`, 10],
    ['POST', `${app}/users`, 'users', 100],
    ['GET', `${app}/users/:username`, 'users', 100],
    ['PUT', `${app}/users/:username`, 'users', 100],
    ['DELETE', `${app}/users/:username`, 'users', 100],
    ['PUT', `${app}/users/:username/push/binding`, 'users', 100],
    ['GET', `${app}/users/:username/push/binding`, 'users', 100],
    ['GET', `${app}/users/:username/notification/template`, `GET ${app}/users/:username/notification/template`, 100],
    ['PUT', `${app}/users/:username/notification/language`, `PUT ${app}/users/:username/notification/language`, 100],
    ['GET', `${app}/users/:username/notification/:chattype/:key`, `GET ${app}/users/:username/notification/:chattype/:key`, 100],
    ['PUT', `${app}/push/nickname`, `PUT ${app}/push/nickname`, 100],
    ['POST', `${app}/messages/users`, `POST ${app}/messages/users`, 100],
    ['POST', `${app}/messages/chatgroups`, `POST ${app}/messages/chatgroups`, 20],
    ['POST', `${app}/chatgroups`, `POST ${app}/chatgroups`, 100],
    // Group member paths end in /users too, and are not the account pool.
    ['POST', `${app}/chatgroups/:group_id/users`, `POST ${app}/chatgroups/:group_id/users`, 100],
    ['DELETE', `${app}/chatgroups/:group_id/users/:username`, `DELETE ${app}/chatgroups/:group_id/users/:username`, 100]
  ]
  for (const [method, route, pool, limit] of cases) t.strictSame(poolFor(method, route), { pool, limit }, `${method} ${route}`)
})

t.test('createRateLimiter: a fixed one-second window per app and pool', async (t) => {
  const limiter = createRateLimiter()
  const route = '/:org_name/:app_name/notification/template'
  const start = 1_000_000
  const results = Array.from({ length: 11 }, (_, i) => limiter.allow('o#a', 'POST', route, start + i * 10))
  t.strictSame(results, [...Array(10).fill(true), false])
  t.equal(limiter.allow('o#a', 'POST', route, start + 999), false, 'same second')
  t.equal(limiter.allow('o#b', 'POST', route, start + 999), true, 'another app')
  t.equal(limiter.allow('o#a', 'GET', `${route}/:name`, start + 999), true, 'another pool')
  t.equal(limiter.allow('o#a', 'POST', route, start + 1000), true, 'the next second')
  t.equal(limiter.allow('o#a', 'POST', route, start - 1), true, 'an earlier second starts its own window')
  for (let i = 0; i < 9; i++) limiter.allow('o#a', 'POST', route, start - 1)
  t.equal(limiter.allow('o#a', 'POST', route, start - 1), false)
  limiter.clear()
  t.equal(limiter.allow('o#a', 'POST', route, start - 1), true, 'cleared')
})

t.test('createCoverage: counts only catalogued operations, by app', async (t) => {
  const coverage = createCoverage()
  const route = '/:org_name/:app_name/users/:username'
  coverage.count('o#a', 'GET', route, '200 ok')
  coverage.count('o#a', 'GET', route, '200 ok')
  coverage.count('o#a', 'GET', route, '418 teapot')
  coverage.count('o#b', 'GET', route, '200 ok')
  // Not catalogued: never counted.
  for (let i = 0; i < 2; i++) {
    coverage.count('o#a', 'HEAD', route, '200 ok')
    coverage.count('o#a', 'GET', '/elsewhere', '200 ok')
  }
  const outcomes = (app?: string) => coverage.report(app).operations.find(o => o.method === 'GET' && o.path === '/{org_name}/{app_name}/users/{username}')?.outcomes
  t.match(outcomes('o#a'), [{ outcome: '200 ok', documented: true, count: 2 }])
  t.strictSame(outcomes('o#a')?.at(-1), { outcome: '418 teapot', documented: false, count: 1 })
  t.match(outcomes(), [{ outcome: '200 ok', count: 3 }])
  const total = Object.values(OPERATIONS).reduce((n, list) => n + list.length, 0)
  t.strictSame(coverage.report('o#a').summary, { outcomes: total, seen: 1, unseen: total - 1 })
  t.strictSame(coverage.report('nobody').summary, { outcomes: total, seen: 0, unseen: total })
  t.equal(coverage.report().operations.length, Object.keys(OPERATIONS).length)
  coverage.clear('o#a')
  t.match(outcomes(), [{ outcome: '200 ok', count: 1 }])
  coverage.clear()
  t.equal(coverage.report().summary.seen, 0)
  // Counts after a clear start again from nothing.
  coverage.count('o#b', 'GET', route, '200 ok')
  coverage.clear('o#b')
  coverage.count('o#b', 'GET', route, '200 ok')
  t.match(outcomes('o#b'), [{ outcome: '200 ok', count: 1 }], 'counted again after a clear')
  coverage.count('o#b', 'GET', route, '200 ok')
  coverage.clear()
  coverage.count('o#b', 'GET', route, '200 ok')
  t.match(outcomes('o#b'), [{ outcome: '200 ok', count: 1 }], 'and after a clear of every app')
})

t.test('displayRoute writes :params as {params}', async (t) => {
  t.equal(displayRoute('/:org_name/:app_name/users/:username/notification/:chattype/:key'),
    '/{org_name}/{app_name}/users/{username}/notification/{chattype}/{key}')
  t.equal(displayRoute('/_mock/health'), '/_mock/health')
})

t.test('isVendorPath: everything but /_mock, /openapi.json, /docs and / (the UI\'s redirect)', async (t) => {
  const cases: Array<[string, boolean]> = [
    ['/hx/hxdemo/users', true],
    ['/', false],
    ['/?x', false],
    ['/x', true],
    ['/_mock', false],
    ['/_mock/clock', false],
    ['/_mockery', true],
    ['/openapi.json', false],
    ['/openapi.json?x=1', false],
    ['/docs', false],
    ['/docs/', false],
    ['/docs?x', false],
    ['/docs/static/index.html', false],
    ['/docsx', true],
    ['/org/docs', true]
  ]
  for (const [url, expected] of cases) t.equal(isVendorPath(url), expected, url)
})
