import t from 'tap'
import { APP, build, CLIENT_ID, CLIENT_SECRET, ORG, T0, type Harness, call, vendor } from '../helper.js'

/** `GET`/`DELETE /_mock/requests`: the journal of vendor requests (decisions.md §Emulator controls). */

async function journal (h: Harness, query = ''): Promise<any[]> {
  const res = await call(h, 'GET', `/_mock/requests${query}`)
  if (res.status !== 200) throw new Error(JSON.stringify(res.body))
  return res.body.requests
}

const KEY = `${ORG}#${APP}`
const QKEY = encodeURIComponent(KEY)

t.test('every vendor request is recorded with its bodies, newest last', async (t) => {
  const h = await build(t)
  await h.register('u1')
  h.clock.advance(250)
  const got = await vendor(h, 'GET', '/users/u1?resource=web&_v=2')
  const entries = await journal(h)
  t.equal(entries.length, 3)
  t.strictSame(entries.map(e => e.id), [1, 2, 3])
  t.strictSame(Object.keys(entries[2]), ['id', 'time', 'app', 'method', 'path', 'query', 'status', 'durationMs', 'requestBody', 'responseBody'])
  // The harness's own token request comes first.
  t.match(entries[0], {
    time: T0,
    app: KEY,
    method: 'POST',
    path: `/${ORG}/${APP}/token`,
    query: {},
    status: 200,
    requestBody: { grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: CLIENT_SECRET },
    responseBody: { access_token: h.token, expires_in: 5184000 }
  })
  t.match(entries[1], { method: 'POST', path: `/${ORG}/${APP}/users`, requestBody: [{ username: 'u1', password: 'pw' }], responseBody: { entities: [{ username: 'u1' }] } })
  t.strictSame({ ...entries[2], durationMs: 0 }, {
    id: 3,
    time: T0 + 250,
    app: KEY,
    method: 'GET',
    path: `/${ORG}/${APP}/users/u1`,
    query: { resource: 'web', _v: '2' },
    status: 200,
    durationMs: 0,
    requestBody: null,
    responseBody: got.body
  })
  t.type(entries[2].durationMs, 'number')
  t.ok(entries[2].durationMs >= 0)
})

t.test('an entry\'s time is the request\'s own (X-Mock-Now)', async (t) => {
  const h = await build(t)
  await vendor(h, 'GET', '/users/x', undefined, { 'x-mock-now': String(T0 + 42) })
  const [entry] = await journal(h, '?status=404')
  t.equal(entry.time, T0 + 42)
})

t.test('errors, unknown vendor paths and form bodies are recorded; /_mock, /openapi.json, /docs and / (the UI\'s redirect) are not', async (t) => {
  const h = await build(t)
  await call(h, 'GET', '/_mock/health')
  await call(h, 'GET', '/_mock/clock')
  await call(h, 'GET', '/openapi.json')
  await call(h, 'GET', '/docs')
  await call(h, 'GET', '/docs/json')
  await vendor(h, 'GET', '/nowhere/at/all')
  await call(h, 'GET', '/')
  await call(h, 'GET', '/solo')
  await call(h, 'POST', h.path('/token'), 'grant_type=client_credentials&client_id=bad&client_secret=x',
    { 'content-type': 'application/x-www-form-urlencoded' })
  const entries = await journal(h)
  t.strictSame(entries.map(e => [e.method, e.path, e.app, e.status]), [
    ['POST', `/${ORG}/${APP}/token`, KEY, 200],
    ['GET', `/${ORG}/${APP}/nowhere/at/all`, KEY, 404],
    ['GET', '/solo', null, 404],
    ['POST', `/${ORG}/${APP}/token`, KEY, 400]
  ])
  t.match(entries[1].responseBody, { error: 'web_application', error_description: 'url is invalid' })
  t.strictSame(entries[3].requestBody, { grant_type: 'client_credentials', client_id: 'bad', client_secret: 'x' })
  t.match(entries[3].responseBody, { error: 'invalid_grant', error_description: 'client_id does not match' })
})

t.test('filters: app, method (any case), path (exact or trailing *), status', async (t) => {
  const h = await build(t)
  await h.register('u1', 'u2')
  const other = await call(h, 'POST', '/o/b/token', { grant_type: 'client_credentials', client_id: 'i', client_secret: 's' })
  await vendor(h, 'GET', '/users/u1')
  await vendor(h, 'GET', '/users/u1/push/binding')
  await vendor(h, 'PUT', '/users/u2', { nickname: 'n' })
  await vendor(h, 'GET', '/users/nobody')
  await call(h, 'GET', '/o/b/users/u1', undefined, { authorization: `Bearer ${other.body.access_token as string}` })

  const show = (entries: any[]) => entries.map(e => `${e.method} ${e.path} ${e.status as number}`)
  t.strictSame(show(await journal(h, '?app=o%23b')), ['POST /o/b/token 200', 'GET /o/b/users/u1 404'])
  t.equal((await journal(h, `?app=${QKEY}`)).length, 6)
  t.strictSame(show(await journal(h, '?method=put')), ['PUT /hx/hxdemo/users/u2 200'])
  t.strictSame(show(await journal(h, '?method=GET&app=hx%23hxdemo')),
    ['GET /hx/hxdemo/users/u1 200', 'GET /hx/hxdemo/users/u1/push/binding 200', 'GET /hx/hxdemo/users/nobody 404'])
  t.strictSame(show(await journal(h, '?path=/hx/hxdemo/users/u1')), ['GET /hx/hxdemo/users/u1 200'])
  t.strictSame(show(await journal(h, '?path=/hx/hxdemo/users/u1*')), ['GET /hx/hxdemo/users/u1 200', 'GET /hx/hxdemo/users/u1/push/binding 200'])
  t.strictSame(show(await journal(h, '?path=/hx/hxdemo/users/u')), [], 'without * the path is exact')
  t.strictSame(show(await journal(h, '?status=404')), ['GET /hx/hxdemo/users/nobody 404', 'GET /o/b/users/u1 404'])
  t.strictSame(show(await journal(h, '?status=404&app=o%23b&method=get&path=/o/*')), ['GET /o/b/users/u1 404'])
  t.strictSame(await journal(h, '?app=no%23such'), [])
  const bad = await call(h, 'GET', '/_mock/requests?status=abc')
  t.equal(bad.status, 400)
  t.equal(bad.body.error, 'illegal_argument')
})

t.test('DELETE /_mock/requests clears everything, or one app with ?app=', async (t) => {
  const h = await build(t)
  await h.register('u1')
  await call(h, 'POST', '/o/b/token', { grant_type: 'client_credentials', client_id: 'i', client_secret: 's' })
  let res = await call(h, 'DELETE', `/_mock/requests?app=${QKEY}`)
  t.equal(res.status, 200)
  t.strictSame(res.body, { cleared: KEY })
  t.strictSame((await journal(h)).map(e => e.app), ['o#b'])
  res = await call(h, 'DELETE', '/_mock/requests')
  t.strictSame(res.body, { cleared: 'all' })
  t.strictSame(await journal(h), [])
  // Ids go on from where they were.
  await vendor(h, 'GET', '/users/u1')
  t.strictSame((await journal(h)).map(e => e.id), [4])
})

t.test('--journal-size 3 keeps only the newest 3', async (t) => {
  const h = await build(t, { args: ['--journal-size', '3'] })
  await h.register('u1')
  for (let i = 0; i < 10; i++) {
    h.clock.set(T0 + i)
    await vendor(h, 'GET', `/users/u1?i=${i}`)
  }
  let entries = await journal(h)
  t.strictSame(entries.map(e => [e.id, e.query.i]), [[10, '7'], [11, '8'], [12, '9']])
  // Filters apply to the kept entries only.
  t.strictSame((await journal(h, '?method=POST')), [])
  await vendor(h, 'GET', '/users/u1?i=10')
  entries = await journal(h)
  t.strictSame(entries.map(e => e.query.i), ['8', '9', '10'])
})

t.test('--journal-size 0 records nothing', async (t) => {
  const h = await build(t, { args: ['--journal-size', '0'] })
  await h.register('u1')
  await vendor(h, 'GET', '/users/u1')
  t.strictSame(await journal(h), [])
  // Coverage still counts without a journal.
  const coverage = (await call(h, 'GET', `/_mock/coverage?app=${QKEY}`)).body
  t.equal(coverage.summary.seen, 3, 'POST token, POST users and GET user: 200 ok each')
  t.equal(coverage.operations.filter((o: any) => o.outcomes[0].count === 1).length, 3)
})

t.test('HEAD requests are recorded with the body the GET would have had', async (t) => {
  const h = await build(t)
  const res = await vendor(h, 'HEAD', '/users/nobody')
  t.equal(res.status, 404)
  const [entry] = await journal(h, '?method=head')
  t.match(entry, { method: 'HEAD', status: 404, responseBody: { error: 'service_resource_not_found' } })
})
