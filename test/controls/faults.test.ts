import t from 'tap'
import { pathPattern } from '../../src/controls/faults.js'
import { APP, build, ORG, T0, type Harness, call, vendor } from '../helper.js'

/** `/_mock/faults` and `--rate-limits` (decisions.md §Emulator controls). */

async function addFault (h: Harness, rule: unknown): Promise<any> {
  const res = await call(h, 'POST', '/_mock/faults', rule)
  if (res.status !== 201) throw new Error(JSON.stringify(res.body))
  return res.body
}

const REACH_LIMIT = {
  error: 'reach_limit',
  exception: 'ReachLimitException',
  timestamp: T0,
  duration: 0,
  error_description: 'This request has reached api limit'
}

const template = (name: string) => ({ name, title_pattern: 't', content_pattern: 'c' })

t.test('a status-only rule answers every vendor request with that status\'s envelope', async (t) => {
  const h = await build(t)
  await h.register('u1')
  const rule = await addFault(h, { status: 429 })
  t.strictSame(rule, { id: 1, match: {}, status: 429, delayMs: 0, probability: 1, seed: 1, hits: 0 })
  let res = await vendor(h, 'GET', '/users/u1')
  t.equal(res.status, 429)
  t.strictSame(res.body, REACH_LIMIT)
  // Before authentication, and on the token endpoint too.
  res = await call(h, 'GET', h.path('/users/u1'))
  t.equal(res.status, 429)
  res = await call(h, 'POST', h.path('/token'), { grant_type: 'client_credentials', client_id: 'x', client_secret: 'y' })
  t.strictSame(res.body, REACH_LIMIT)
  // The controls themselves are never faulted.
  t.equal((await call(h, 'GET', '/_mock/faults')).status, 200)
  t.equal((await call(h, 'GET', '/_mock/faults')).body.faults[0].hits, 3)
})

t.test('other statuses answer with the vendor envelope for that status', async (t) => {
  const h = await build(t)
  const cases: Array<[number, string, string]> = [
    [503, 'service_unavailable', 'Service Unavailable'],
    [404, 'web_application', 'url is invalid'],
    [500, 'internal_server_error', 'Internal server error'],
    [401, 'unauthorized', 'Unable to authenticate (OAuth)']
  ]
  for (const [status, error, description] of cases) {
    await call(h, 'DELETE', '/_mock/faults')
    await addFault(h, { status })
    const res = await vendor(h, 'GET', '/users/u1')
    t.equal(res.status, status)
    t.match(res.body, { error, timestamp: T0, duration: 0, error_description: description }, String(status))
  }
})

t.test('times: 2 fires twice, then the rule stops', async (t) => {
  const h = await build(t)
  await h.register('u1')
  const rule = await addFault(h, { status: 503, times: 2 })
  t.equal(rule.times, 2)
  const statuses = []
  for (let i = 0; i < 4; i++) statuses.push((await vendor(h, 'GET', '/users/u1')).status)
  t.strictSame(statuses, [503, 503, 200, 200])
  t.match((await call(h, 'GET', '/_mock/faults')).body.faults, [{ id: rule.id, times: 0, hits: 2 }])
})

t.test('rules match by method (any case)', async (t) => {
  const h = await build(t)
  await h.register('u1')
  await addFault(h, { match: { method: 'put' }, status: 500 })
  t.equal((await vendor(h, 'GET', '/users/u1')).status, 200)
  t.equal((await vendor(h, 'PUT', '/users/u1', { nickname: 'x' })).status, 500)
})

t.test('rules match by path, * one segment and ** any rest', async (t) => {
  const h = await build(t)
  await h.register('u1')
  const binding = await addFault(h, { match: { path: `/${ORG}/${APP}/users/*/push/binding` }, status: 503 })
  t.equal((await vendor(h, 'GET', '/users/u1/push/binding')).status, 503)
  t.equal((await vendor(h, 'GET', '/users/u1/push/binding?resource=x')).status, 503, 'the query is not part of the path')
  t.equal((await vendor(h, 'GET', '/users/u1')).status, 200)
  t.equal((await vendor(h, 'GET', '/users/u1/notification/language')).status, 200)
  await call(h, 'DELETE', `/_mock/faults/${binding.id as number}`)

  await addFault(h, { match: { path: `/${ORG}/${APP}/users/**` }, status: 503 })
  t.equal((await vendor(h, 'GET', '/users/u1')).status, 503)
  t.equal((await vendor(h, 'GET', '/users/u1/notification/user/u1')).status, 503)
  t.equal((await vendor(h, 'POST', '/users', { username: 'u2' })).status, 503, '** matches nothing too')
  t.equal((await vendor(h, 'POST', '/notification/template', template('a'))).status, 200)
  await call(h, 'DELETE', '/_mock/faults')

  await addFault(h, { match: { path: '/*/*/notification/template/a' }, status: 404 })
  t.equal((await vendor(h, 'GET', '/notification/template/a')).status, 404)
  t.equal((await vendor(h, 'GET', '/notification/template/ab')).status, 400, 'a literal segment is matched whole')
})

t.test('rules match by app (org#app), including first-use token requests', async (t) => {
  const h = await build(t)
  await h.register('u1')
  await addFault(h, { match: { app: 'o#b' }, status: 503 })
  t.equal((await vendor(h, 'GET', '/users/u1')).status, 200)
  t.equal((await call(h, 'POST', '/o/b/token', { grant_type: 'client_credentials', client_id: 'i', client_secret: 's' })).status, 503)
  await addFault(h, { match: { app: `${ORG}#${APP}`, method: 'GET', path: `/${ORG}/${APP}/users/u1` }, status: 429 })
  t.equal((await vendor(h, 'GET', '/users/u1')).status, 429)
  t.equal((await vendor(h, 'GET', '/users/u1/push/binding')).status, 200)
})

t.test('paths without an app are faulted by rules without an app', async (t) => {
  const h = await build(t)
  await addFault(h, { match: { app: `${ORG}#${APP}` }, status: 500 })
  t.equal((await call(h, 'GET', '/solo')).status, 404, 'a rule with an app skips a path without one')
  await addFault(h, { match: { path: '/*' }, status: 503 })
  t.equal((await call(h, 'GET', '/solo')).status, 503)
  t.notOk(pathPattern('/*').test('/'), '* needs a segment')
})

t.test('a delay-only rule delays and then the request is handled normally', async (t) => {
  const h = await build(t)
  await h.register('u1')
  const rule = await addFault(h, { delayMs: 20 })
  t.strictSame(rule, { id: 1, match: {}, delayMs: 20, probability: 1, seed: 1, hits: 0 })
  const res = await vendor(h, 'GET', '/users/u1')
  t.equal(res.status, 200)
  t.equal(res.body.entities[0].username, 'u1')
  t.equal((await call(h, 'GET', '/_mock/faults')).body.faults[0].hits, 1)
})

t.test('a rule with delay and status answers the status', async (t) => {
  const h = await build(t)
  await addFault(h, { delayMs: 5, status: 429 })
  t.strictSame((await vendor(h, 'GET', '/users/u1')).body, REACH_LIMIT)
})

t.test('probability with a seed gives the same hit pattern when the rule is added again', async (t) => {
  const h = await build(t)
  await h.register('u1')
  const pattern = async (): Promise<number[]> => {
    await addFault(h, { status: 503, probability: 0.5, seed: 42 })
    const out = []
    for (let i = 0; i < 24; i++) out.push((await vendor(h, 'GET', '/users/u1')).status)
    return out
  }
  const first = await pattern()
  t.ok(first.includes(503) && first.includes(200), 'some requests hit, some miss')
  const hits = first.filter(s => s === 503).length
  t.match((await call(h, 'GET', '/_mock/faults')).body.faults, [{ probability: 0.5, seed: 42, hits }])
  await call(h, 'DELETE', '/_mock/faults')
  t.strictSame(await pattern(), first)
  // Another seed draws differently.
  await call(h, 'DELETE', '/_mock/faults')
  await addFault(h, { status: 503, probability: 0.5, seed: 7 })
  const other = []
  for (let i = 0; i < 24; i++) other.push((await vendor(h, 'GET', '/users/u1')).status)
  t.not(other.join(), first.join())
  // probability 0 never fires.
  await call(h, 'DELETE', '/_mock/faults')
  await addFault(h, { status: 503, probability: 0 })
  t.equal((await vendor(h, 'GET', '/users/u1')).status, 200)
})

t.test('the first matching rule fires', async (t) => {
  const h = await build(t)
  await addFault(h, { match: { method: 'GET' }, status: 503 })
  await addFault(h, { status: 429 })
  t.equal((await vendor(h, 'GET', '/users/u1')).status, 503)
  t.equal((await vendor(h, 'DELETE', '/users/u1')).status, 429)
  t.strictSame((await call(h, 'GET', '/_mock/faults')).body.faults.map((f: any) => [f.id, f.hits]), [[1, 1], [2, 1]])
})

t.test('GET lists rules; DELETE removes one by id or all', async (t) => {
  const h = await build(t)
  t.strictSame((await call(h, 'GET', '/_mock/faults')).body, { faults: [] })
  const a = await addFault(h, { match: { method: 'GET', path: '/a/**', app: 'a#b' }, status: 500, delayMs: 1, times: 3, probability: 0.25, seed: 9 })
  const b = await addFault(h, { status: 503 })
  t.equal(b.id, a.id + 1)
  t.strictSame((await call(h, 'GET', '/_mock/faults')).body, {
    faults: [
      { id: a.id, match: { method: 'GET', path: '/a/**', app: 'a#b' }, status: 500, delayMs: 1, times: 3, probability: 0.25, seed: 9, hits: 0 },
      { id: b.id, match: {}, status: 503, delayMs: 0, probability: 1, seed: 1, hits: 0 }
    ]
  })
  let res = await call(h, 'DELETE', `/_mock/faults/${b.id as number}`)
  t.equal(res.status, 200)
  t.strictSame(res.body, { deleted: b.id })
  t.strictSame((await call(h, 'GET', '/_mock/faults')).body.faults.map((f: any) => f.id), [a.id])
  res = await call(h, 'DELETE', `/_mock/faults/${b.id as number}`)
  t.equal(res.status, 404)
  t.strictSame(res.body, {
    error: 'resource_not_found',
    exception: 'ResourceNotFoundException',
    timestamp: T0,
    duration: 0,
    error_description: `no fault rule ${b.id as number}`
  })
  res = await call(h, 'DELETE', '/_mock/faults')
  t.strictSame(res.body, { faults: [] })
  t.strictSame((await call(h, 'GET', '/_mock/faults')).body, { faults: [] })
  t.equal((await vendor(h, 'GET', '/users/u1')).status, 404, 'no rule left: the request is handled')
  t.equal((await call(h, 'DELETE', '/_mock/faults/abc')).status, 400)
})

t.test('invalid rules answer 400 and add nothing', async (t) => {
  const h = await build(t)
  const bodies = [
    { status: 200 },
    { status: 600 },
    { probability: 2 },
    { probability: -0.1 },
    { delayMs: -1 },
    { delayMs: 60_001 },
    { times: 0 },
    { status: 'x' },
    { seed: 1.5 },
    { match: { path: 'no/leading/slash' } },
    { match: { method: 5 } }
  ]
  for (const body of bodies) {
    const res = await call(h, 'POST', '/_mock/faults', body)
    t.equal(res.status, 400, JSON.stringify(body))
    t.equal(res.body.error, 'illegal_argument', JSON.stringify(body))
  }
  t.strictSame((await call(h, 'GET', '/_mock/faults')).body, { faults: [] })
})

t.test('--rate-limits: 10 template creates a second, the 11th is 429 until the clock moves on', async (t) => {
  const h = await build(t, { args: ['--rate-limits'] })
  const second = 1647503750000 // a whole second, just after T0
  h.clock.set(second)
  for (let i = 0; i < 10; i++) t.equal((await vendor(h, 'POST', '/notification/template', template(`t${i}`))).status, 200)
  const res = await vendor(h, 'POST', '/notification/template', template('t10'))
  t.equal(res.status, 429)
  t.strictSame(res.body, { ...REACH_LIMIT, timestamp: second })
  // Other operations have their own pools.
  t.equal((await vendor(h, 'GET', '/notification/template/t0')).status, 200)
  h.clock.advance(999)
  t.equal((await vendor(h, 'POST', '/notification/template', template('t10'))).status, 429, 'still the same second')
  h.clock.advance(1)
  t.equal((await vendor(h, 'POST', '/notification/template', template('t10'))).status, 200, 'a new second')
})

t.test('--rate-limits: the user pool (100/s) is shared by account and binding calls', async (t) => {
  const h = await build(t, { args: ['--rate-limits'] })
  h.clock.advance(1000)
  await h.register('u1')
  for (let i = 0; i < 49; i++) await vendor(h, 'GET', '/users/u1/push/binding')
  for (let i = 0; i < 50; i++) await vendor(h, 'GET', '/users/u1')
  // 1 + 49 + 50 = 100 calls so far this second.
  t.equal((await vendor(h, 'GET', '/users/u1/notification/language')).status, 200, 'push preferences are another pool')
  const res = await vendor(h, 'PUT', '/users/u1/push/binding', { device_id: 'd', device_token: 't', notifier_name: 'n' })
  t.equal(res.status, 429)
  t.strictSame(res.body, { ...REACH_LIMIT, timestamp: T0 + 1000 })
  t.equal((await vendor(h, 'GET', '/users/u1/push/binding')).status, 429)
  // Another app has its own budget.
  const other = await call(h, 'POST', '/o/b/token', { grant_type: 'client_credentials', client_id: 'i', client_secret: 's' })
  t.equal((await call(h, 'POST', '/o/b/users', { username: 'x', password: 'p' }, { authorization: `Bearer ${other.body.access_token as string}` })).status, 200)
})

t.test('--rate-limits: 100 GET push/binding a second, the 101st is 429', async (t) => {
  const h = await build(t, { args: ['--rate-limits'] })
  await h.register('u1')
  h.clock.advance(1000)
  const statuses = new Set<number>()
  for (let i = 0; i < 100; i++) statuses.add((await vendor(h, 'GET', '/users/u1/push/binding')).status)
  t.strictSame([...statuses], [200])
  t.equal((await vendor(h, 'GET', '/users/u1/push/binding')).status, 429)
  // X-Mock-Now puts one request into another second.
  const later = await call(h, 'GET', h.path('/users/u1/push/binding'), undefined, { ...h.auth, 'x-mock-now': String(T0 + 2000) })
  t.equal(later.status, 200)
})

t.test('--rate-limits: other operations allow 100 a second each', async (t) => {
  const h = await build(t, { args: ['--rate-limits'] })
  await h.register('u1')
  for (let i = 0; i < 100; i++) await vendor(h, 'GET', '/users/u1/notification/chatgroup/g')
  t.equal((await vendor(h, 'GET', '/users/u1/notification/chatgroup/g')).status, 429)
  t.equal((await vendor(h, 'PUT', '/users/u1/notification/chatgroup/g', { type: 'NONE' })).status, 200)
})

t.test('--rate-limits: the token endpoint allows 300 a second', async (t) => {
  const h = await build(t, { args: ['--rate-limits'] })
  const body = { grant_type: 'client_credentials', client_id: 'bad', client_secret: 'x' }
  // The harness made one token request already.
  for (let i = 0; i < 299; i++) await call(h, 'POST', h.path('/token'), body)
  const res = await call(h, 'POST', h.path('/token'), body)
  t.equal(res.status, 429)
  t.equal(res.body.error, 'reach_limit')
})

t.test('without --rate-limits there is no limit', async (t) => {
  const h = await build(t)
  for (let i = 0; i < 12; i++) t.equal((await vendor(h, 'POST', '/notification/template', template(`t${i}`))).status, 200)
})
