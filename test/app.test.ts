import t, { type Test } from 'tap'
import { buildApp } from '../src/app.js'
import { createClock } from '../src/clock.js'
import { loadConfig } from '../src/config.js'
import { openDatabase } from '../src/db/database.js'
import { migrate, readMigrations } from '../src/db/migrate.js'
import { createAppsRepo } from '../src/db/repositories/apps-repo.js'
import { APP, CLIENT_ID, CLIENT_SECRET, ORG, T0, build } from './helper.js'

/** The vendor's flat error body (easemob-reference.md §2.1), at the frozen clock. */
const vendorError = (error: string, exception: string, description: string, timestamp = T0) =>
  ({ error, exception, timestamp, duration: 0, error_description: description })

const URL_INVALID = vendorError('web_application', 'javax.ws.rs.NotFoundException', 'url is invalid')
const NOT_SUPPORTED = vendorError('unsupported_service_operation', 'UnsupportedServiceOperationException', 'Service operation not supported')
const UNSUPPORTED_MEDIA = vendorError('web_application', 'javax.ws.rs.WebApplicationException', 'Unsupported Media Type')
const jsonParse = (description: string) => vendorError('json_parse', 'com.fasterxml.jackson.core.JsonParseException', description)
const invalidParameter = (field: string) => vendorError('illegal_argument', 'IllegalArgumentException', `parameters is invalid : ${field}`)
const EMPTY_BODY = jsonParse('No content to map due to end-of-input')

/** What JSON.parse (under secure-json-parse) says about `text`, so the test follows the Node version. */
function parseMessage (text: string): string {
  try {
    JSON.parse(text)
  } catch (err) {
    return (err as Error).message
  }
  throw new Error(`${text} parses`)
}

const BINDING = { device_id: 'd1', device_token: 'tok', notifier_name: 'n1' }

/** An emulator whose database the test controls (the harness keeps its own handle private). */
async function buildWithDb (t: Test) {
  const result = loadConfig(['--app', `${ORG}#${APP}:${CLIENT_ID}:${CLIENT_SECRET}`], {})
  if (result.help) throw new Error('help')
  const config = { ...result.config, dbFile: ':memory:' }
  const clock = createClock()
  clock.set(T0)
  const db = openDatabase(':memory:')
  migrate(db)
  for (const a of config.apps) createAppsRepo(db).upsert(a, T0)
  const app = await buildApp({ db, config, clock }, { logger: false })
  t.teardown(async () => {
    await app.close()
    if (db.open) db.close()
  })
  return { app, db, clock }
}

t.test('an unknown path is the vendor 404 "url is invalid"', async (t) => {
  const h = await build(t)
  for (const url of ['/nope', '/hx/hxdemo/users/u1/push/nothing', '/hx/hxdemo/users/u1/push/binding/extra']) {
    const res = await h.app.inject({ method: 'GET', url, headers: h.auth })
    t.equal(res.statusCode, 404, url)
    t.match(res.headers['content-type'], /^application\/json/)
    t.strictSame(res.json(), URL_INVALID, url)
  }
})

t.test('the error timestamp follows the emulator clock', async (t) => {
  const h = await build(t)
  h.clock.advance(12_345)
  const res = await h.app.inject({ method: 'GET', url: '/nope' })
  t.strictSame(res.json(), vendorError('web_application', 'javax.ws.rs.NotFoundException', 'url is invalid', T0 + 12_345))
})

t.test('a wrong method on a known path is 405 with an Allow header', async (t) => {
  const h = await build(t)
  const binding = await h.app.inject({ method: 'DELETE', url: h.path('/users/x/push/binding'), headers: h.auth })
  t.equal(binding.statusCode, 405)
  t.equal(binding.headers.allow, 'PUT, GET, HEAD')
  t.strictSame(binding.json(), NOT_SUPPORTED)

  const token = await h.app.inject({ method: 'GET', url: h.path('/token') })
  t.equal(token.statusCode, 405)
  t.equal(token.headers.allow, 'POST')
  t.strictSame(token.json(), NOT_SUPPORTED)

  const user = await h.app.inject({ method: 'PATCH', url: h.path('/users/x'), headers: h.auth })
  t.equal(user.statusCode, 405)
  t.equal(user.headers.allow, 'GET, HEAD, PUT, DELETE')
})

t.test('a 404 has no Allow header', async (t) => {
  const h = await build(t)
  const res = await h.app.inject({ method: 'DELETE', url: '/nope' })
  t.equal(res.statusCode, 404)
  t.equal(res.headers.allow, undefined)
})

t.test('an unknown path or a wrong method answers 404/405 whatever the body holds', async (t) => {
  const h = await build(t)
  const bodies: Array<[string, string]> = [
    ['application/json', '{bad'],
    ['application/x-www-form-urlencoded', 'a=b'],
    ['multipart/form-data; boundary=x', '--x--\r\n']
  ]
  for (const [type, payload] of bodies) {
    const unknown = await h.app.inject({ method: 'POST', url: '/nope', headers: { 'content-type': type }, payload })
    t.equal(unknown.statusCode, 404, type)
    t.strictSame(unknown.json(), URL_INVALID, type)
    const wrong = await h.app.inject({ method: 'POST', url: h.path('/users/u1/push/binding'), headers: { ...h.auth, 'content-type': type }, payload })
    t.equal(wrong.statusCode, 405, type)
    t.equal(wrong.headers.allow, 'PUT, GET, HEAD', type)
    t.strictSame(wrong.json(), NOT_SUPPORTED, type)
  }
})

t.test('malformed JSON is 400 json_parse', async (t) => {
  const h = await build(t)
  await h.register('u1')
  for (const text of ['{bad', '{"device_id": "d1",}', 'plain words']) {
    const res = await h.app.inject({
      method: 'PUT',
      url: h.path('/users/u1/push/binding'),
      headers: { ...h.auth, 'content-type': 'application/json' },
      payload: text
    })
    t.equal(res.statusCode, 400, text)
    t.strictSame(res.json(), jsonParse(`Unexpected character in request body: ${parseMessage(text)}`), text)
  }
})

t.test('an empty body where one is required is 400 json_parse', async (t) => {
  const h = await build(t)
  await h.register('u1')
  const cases = [
    { name: 'no body, no content-type', headers: h.auth },
    { name: 'empty JSON body', headers: { ...h.auth, 'content-type': 'application/json' }, payload: '' },
    { name: 'whitespace only', headers: { ...h.auth, 'content-type': 'application/json' }, payload: ' \n ' }
  ]
  for (const c of cases) {
    const res = await h.app.inject({ method: 'PUT', url: h.path('/users/u1/push/binding'), ...c })
    t.equal(res.statusCode, 400, c.name)
    t.strictSame(res.json(), EMPTY_BODY, c.name)
  }
  const get = await h.app.inject({ method: 'GET', url: h.path('/users/u1/push/binding'), headers: h.auth })
  t.strictSame(get.json().entities, [], 'nothing was bound')
})

t.test('a JSON body is read as JSON whatever its Content-Type says', async (t) => {
  const h = await build(t)
  await h.register('u1')
  const types = ['application/x-www-form-urlencoded', 'text/plain', 'application/json; charset=utf-8', undefined]
  for (const [i, type] of types.entries()) {
    const binding = { ...BINDING, device_id: `d${i}` }
    const res = await h.app.inject({
      method: 'PUT',
      url: h.path('/users/u1/push/binding'),
      headers: type === undefined ? h.auth : { ...h.auth, 'content-type': type },
      payload: JSON.stringify(binding)
    })
    t.equal(res.statusCode, 200, String(type))
    t.strictSame(res.json(), { timestamp: T0, entities: [binding], action: 'put', duration: res.json().duration }, String(type))
  }
})

t.test('a form body outside the token endpoint is 400 json_parse', async (t) => {
  const h = await build(t)
  const text = 'username=a&password=b'
  const res = await h.app.inject({
    method: 'POST',
    url: h.path('/users'),
    headers: { ...h.auth, 'content-type': 'application/x-www-form-urlencoded' },
    payload: text
  })
  t.equal(res.statusCode, 400)
  t.strictSame(res.json(), jsonParse(`Unexpected character in request body: ${parseMessage(text)}`))
  const get = await h.app.inject({ method: 'GET', url: h.path('/users/a'), headers: h.auth })
  t.equal(get.statusCode, 404, 'no user was created')
})

t.test('a multipart body is 415 Unsupported Media Type', async (t) => {
  const h = await build(t)
  await h.register('u1')
  for (const type of ['multipart/form-data; boundary=x', 'Multipart/Mixed; boundary=x']) {
    const res = await h.app.inject({
      method: 'PUT',
      url: h.path('/users/u1/push/binding'),
      headers: { ...h.auth, 'content-type': type },
      payload: '--x\r\nContent-Disposition: form-data; name="device_id"\r\n\r\nd1\r\n--x--\r\n'
    })
    t.equal(res.statusCode, 415, type)
    t.strictSame(res.json(), UNSUPPORTED_MEDIA, type)
  }
})

t.test('a Content-Type that is not a media type is 415', async (t) => {
  const h = await build(t)
  await h.register('u1')
  const res = await h.app.inject({
    method: 'PUT',
    url: h.path('/users/u1/push/binding'),
    headers: { ...h.auth, 'content-type': 'not a media type' },
    payload: JSON.stringify(BINDING)
  })
  t.equal(res.statusCode, 415)
  t.strictSame(res.json(), UNSUPPORTED_MEDIA)
})

t.test('a body over the limit is 413', async (t) => {
  const h = await build(t, { args: ['--body-limit', '100'] })
  await h.register('u1')
  const fits = { ...BINDING, device_token: 'x' }
  const size = JSON.stringify(fits).length
  const exact = { ...fits, device_token: 'x'.repeat(1 + 100 - size) }
  t.equal(JSON.stringify(exact).length, 100)
  const ok = await h.app.inject({ method: 'PUT', url: h.path('/users/u1/push/binding'), headers: h.auth, payload: exact })
  t.equal(ok.statusCode, 200, 'exactly the limit is accepted')

  const tooBig = { ...exact, device_token: `${exact.device_token}y` }
  const res = await h.app.inject({ method: 'PUT', url: h.path('/users/u1/push/binding'), headers: h.auth, payload: tooBig })
  t.equal(res.statusCode, 413)
  t.strictSame(res.json(), vendorError('request_entity_too_large', 'RequestEntityTooLargeException', 'Request body is larger than 100 bytes'))

  const token = await h.app.inject({
    method: 'POST',
    url: h.path('/token'),
    payload: { grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: CLIENT_SECRET, padding: 'p'.repeat(100) }
  })
  t.equal(token.statusCode, 413, 'the token endpoint has the same limit')
})

t.test('a GET whose body is over the limit is 413 too, though the body is never read', async (t) => {
  const h = await build(t, { args: ['--body-limit', '100'] })
  await h.register('u1')
  const url = h.path('/users/u1/push/binding')
  const big = await h.app.inject({ method: 'GET', url, headers: h.auth, payload: 'x'.repeat(101) })
  t.equal(big.statusCode, 413)
  t.strictSame(big.json(), vendorError('request_entity_too_large', 'RequestEntityTooLargeException', 'Request body is larger than 100 bytes'))
  t.equal((await h.app.inject({ method: 'HEAD', url, headers: h.auth, payload: 'x'.repeat(101) })).statusCode, 413, 'HEAD as GET')
  t.equal((await h.app.inject({ method: 'GET', url, headers: h.auth, payload: 'x'.repeat(100) })).statusCode, 200, 'up to the limit is ignored')
  t.equal((await h.app.inject({ method: 'GET', url, payload: 'x'.repeat(101) })).statusCode, 401, 'the token is checked first')
  t.equal((await h.app.inject({ method: 'HEAD', url, payload: 'x'.repeat(101) })).statusCode, 401, 'on HEAD too (a route Fastify adds)')
  const elsewhere: Array<[string, string]> = [
    ['/_mock/clock', 'a control route'],
    [h.path('/token'), 'the token path, which has no GET'],
    [h.path('/no/such/thing'), 'a vendor path no route matches'],
    ['/nowhere', 'a path outside every app']
  ]
  for (const [path, what] of elsewhere) {
    const res = await h.app.inject({ method: 'GET', url: path, payload: 'x'.repeat(101) })
    t.equal(res.statusCode, 413, what)
    t.equal(res.json().error, 'request_entity_too_large', what)
  }
})

t.test('a body shorter than its Content-Length is 400 json_parse', async (t) => {
  const h = await build(t)
  await h.register('u1')
  const res = await h.app.inject({
    method: 'PUT',
    url: h.path('/users/u1/push/binding'),
    headers: { ...h.auth, 'content-type': 'application/json', 'content-length': '3' },
    payload: JSON.stringify(BINDING)
  })
  t.equal(res.statusCode, 400)
  t.strictSame(res.json(), jsonParse('Request body size did not match Content-Length'))
})

t.test('a request stream that fails is a 400 in the vendor envelope', async (t) => {
  const h = await build(t)
  await h.register('u1')
  const res = await h.app.inject({
    method: 'PUT',
    url: h.path('/users/u1/push/binding'),
    headers: { ...h.auth, 'content-type': 'application/json' },
    payload: JSON.stringify(BINDING),
    simulate: { error: true, end: true, split: false, close: false }
  })
  t.equal(res.statusCode, 400)
  t.strictSame(res.json(), vendorError('illegal_argument', 'java.lang.IllegalArgumentException', 'Simulated'))
})

t.test('a wrong JSON type for a field is 400 illegal_argument naming the field', async (t) => {
  const h = await build(t)
  await h.register('u1')
  const cases: Array<[string, string, string, unknown, string]> = [
    ['number for a string', 'PUT', '/users/u1/push/binding', { ...BINDING, device_id: 5 }, 'device_id'],
    ['missing required field', 'PUT', '/users/u1/push/binding', { device_id: 'd1', notifier_name: 'n1' }, 'device_token'],
    ['array for an object', 'PUT', '/users/u1/push/binding', [BINDING], 'body'],
    ['null for an object', 'PUT', '/users/u1/push/binding', null, 'body'],
    ['string for an object', 'PUT', '/users/u1/push/binding', 'text', 'body'],
    ['field inside an array item', 'PUT', '/push/nickname', [{ username: 5, push_nickname: 'x' }], 'username'],
    ['object for a string', 'POST', '/users', { username: { a: 1 }, password: 'pw' }, 'username'],
    ['fraction for an integer', 'POST', '/token', { grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: CLIENT_SECRET, ttl: 1.5 }, 'ttl']
  ]
  for (const [name, method, url, body, field] of cases) {
    const res = await h.app.inject({
      method: method as 'PUT',
      url: h.path(url),
      headers: { ...h.auth, 'content-type': 'application/json' },
      payload: JSON.stringify(body)
    })
    t.equal(res.statusCode, 400, name)
    t.strictSame(res.json(), invalidParameter(field), name)
  }
})

t.test('__proto__ and constructor keys in a body do not pollute', async (t) => {
  const h = await build(t)
  const payload = '{"username":"p1","password":"pw","__proto__":{"nickname":"hacked","polluted":true},' +
    '"constructor":{"prototype":{"polluted":true}}}'
  const res = await h.app.inject({
    method: 'POST',
    url: h.path('/users'),
    headers: { ...h.auth, 'content-type': 'application/json' },
    payload
  })
  t.equal(res.statusCode, 200)
  const entity = res.json().entities[0]
  t.equal(entity.username, 'p1')
  t.notOk('nickname' in entity, 'no nickname smuggled through __proto__')
  t.equal(({} as Record<string, unknown>).polluted, undefined)
  t.equal(({} as Record<string, unknown>).nickname, undefined)

  const get = await h.app.inject({ method: 'GET', url: h.path('/users/p1'), headers: h.auth })
  t.notOk('nickname' in get.json().entities[0])
})

t.test('unknown query parameters are ignored', async (t) => {
  const h = await build(t)
  await h.register('u1')
  const plain = await h.app.inject({ method: 'GET', url: h.path('/users/u1'), headers: h.auth })
  const res = await h.app.inject({ method: 'GET', url: h.path('/users/u1?resource=web&_v=1.2&x'), headers: h.auth })
  t.equal(res.statusCode, 200)
  t.strictSame(res.json(), { ...plain.json(), duration: res.json().duration })
  t.equal(res.json().uri, 'http://localhost:80/hx/hxdemo/users/u1', 'the query is not echoed')

  const put = await h.app.inject({ method: 'PUT', url: h.path('/users/u1/push/binding?resource=x'), headers: h.auth, payload: BINDING })
  t.equal(put.statusCode, 200)
})

t.test('an unexpected failure is a 500 envelope without a stack', async (t) => {
  const { app, db } = await buildWithDb(t)
  db.close()
  const res = await app.inject({
    method: 'POST',
    url: `/${ORG}/${APP}/token`,
    payload: { grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: CLIENT_SECRET }
  })
  t.equal(res.statusCode, 500)
  t.strictSame(res.json(), vendorError('internal_server_error', 'InternalServerErrorException', 'Internal server error'))
  t.notMatch(res.body, /at |\.ts|stack/)

  const vendor = await app.inject({ method: 'GET', url: `/${ORG}/${APP}/users/u1`, headers: { authorization: 'Bearer x' } })
  t.equal(vendor.statusCode, 500, 'the auth hook fails the same way')
  t.strictSame(vendor.json(), vendorError('internal_server_error', 'InternalServerErrorException', 'Internal server error'))
})

t.test('/_mock/health answers 200', async (t) => {
  const h = await build(t)
  const res = await h.app.inject({ method: 'GET', url: '/_mock/health' })
  t.equal(res.statusCode, 200)
  t.strictSame(res.json(), { status: 'ok' })
})

t.test('/_mock/ready is 200 on an open, migrated database', async (t) => {
  const h = await build(t)
  const latest = readMigrations().length
  const res = await h.app.inject({ method: 'GET', url: '/_mock/ready' })
  t.equal(res.statusCode, 200)
  t.strictSame(res.json(), { ready: true, database: 'open', schemaVersion: latest, latestSchemaVersion: latest, seeded: true })
})

t.test('/_mock/ready is 503 when the database is behind the migrations', async (t) => {
  const { app, db } = await buildWithDb(t)
  db.pragma('user_version = 0')
  const res = await app.inject({ method: 'GET', url: '/_mock/ready' })
  t.equal(res.statusCode, 503)
  t.strictSame(res.json(), { ready: false, database: 'open', schemaVersion: 0, latestSchemaVersion: readMigrations().length, seeded: true })
})

t.test('/_mock/ready is 503 and /_mock/health still 200 when the database is closed', async (t) => {
  const { app, db } = await buildWithDb(t)
  db.close()
  const res = await app.inject({ method: 'GET', url: '/_mock/ready' })
  t.equal(res.statusCode, 503)
  t.strictSame(res.json(), { ready: false, database: 'closed', schemaVersion: 0, latestSchemaVersion: readMigrations().length, seeded: true })
  const health = await app.inject({ method: 'GET', url: '/_mock/health' })
  t.equal(health.statusCode, 200)
})
