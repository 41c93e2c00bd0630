import t from 'tap'
import { APP, CLIENT_ID, CLIENT_SECRET, ORG, T0, build, type Harness } from '../helper.js'

const vendorError = (error: string, exception: string, description: string, timestamp = T0) =>
  ({ error, exception, timestamp, duration: 0, error_description: description })
const INVALID_GRANT = 'org.apache.usergrid.management.exceptions.InvalidGrantException'
const invalidGrant = (description: string) => vendorError('invalid_grant', INVALID_GRANT, description)
const illegalArgument = (description: string) => vendorError('illegal_argument', 'java.lang.IllegalArgumentException', description)
const invalidParameter = (field: string) => vendorError('illegal_argument', 'IllegalArgumentException', `parameters is invalid : ${field}`)
const appNotFound = (org: string, app: string) => vendorError('organization_application_not_found',
  'OrganizationApplicationNotFoundException', `Could not find application for ${org}/${app} from URI: ${org}/${app}/token`)
const UNAUTHORIZED = vendorError('unauthorized', 'EasemobSecurityException', 'Unable to authenticate (OAuth)')
const EXPIRED = vendorError('unauthorized', 'EasemobSecurityException', 'Unable to authenticate due to expired access token')
const BAD_TOKEN = vendorError('auth_bad_access_token', 'EasemobSecurityException', 'Unable to authenticate due to corrupt access token')

const DEFAULT_TTL = 5184000
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const TOKEN = /^YWMt[A-Za-z0-9_-]{40,}$/
const CREDENTIALS = { grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: CLIENT_SECRET }

async function token (h: Harness, body: unknown, opts: { url?: string, headers?: Record<string, string> } = {}) {
  return await h.app.inject({ method: 'POST', url: opts.url ?? h.path('/token'), payload: body as object, ...(opts.headers === undefined ? {} : { headers: opts.headers }) })
}

/** Status of a vendor call made with `accessToken`. */
async function use (h: Harness, accessToken: string, url = h.path('/users/u1/push/binding')) {
  return await h.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${accessToken}` } })
}

t.test('client_credentials by JSON returns {access_token, expires_in, application}', async (t) => {
  const h = await build(t)
  const res = await token(h, CREDENTIALS)
  t.equal(res.statusCode, 200)
  const body = res.json()
  t.match(body.access_token, TOKEN)
  t.match(body.application, UUID)
  t.strictSame(body, { access_token: body.access_token, expires_in: DEFAULT_TTL, application: body.application })
  t.not(body.access_token, h.token, 'every request issues a new token')

  const again = await token(h, CREDENTIALS)
  t.equal(again.json().application, body.application, 'the app uuid is stable')

  await h.register('u1')
  t.equal((await use(h, body.access_token)).statusCode, 200, 'the token works')
})

t.test('client_credentials by a form body', async (t) => {
  const h = await build(t)
  const res = await h.app.inject({
    method: 'POST',
    url: h.path('/token'),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: `grant_type=client_credentials&client_id=${CLIENT_ID}&client_secret=${CLIENT_SECRET}&ttl=120`
  })
  t.equal(res.statusCode, 200)
  const body = res.json()
  t.strictSame(body, { access_token: body.access_token, expires_in: 120, application: body.application })
  await h.register('u1')
  t.equal((await use(h, body.access_token)).statusCode, 200)
})

t.test('a form body under a non-form Content-Type is not parsed as a form', async (t) => {
  const h = await build(t)
  const res = await h.app.inject({
    method: 'POST',
    url: h.path('/token'),
    headers: { 'content-type': 'text/plain' },
    payload: `grant_type=client_credentials&client_id=${CLIENT_ID}&client_secret=${CLIENT_SECRET}`
  })
  t.equal(res.statusCode, 400)
  t.equal(res.json().error, 'json_parse')
})

t.test('a form body without a Content-Type is not parsed as a form', async (t) => {
  const h = await build(t)
  const res = await h.app.inject({
    method: 'POST',
    url: h.path('/token'),
    payload: `grant_type=client_credentials&client_id=${CLIENT_ID}&client_secret=${CLIENT_SECRET}`
  })
  t.equal(res.statusCode, 400)
  t.equal(res.json().error, 'json_parse')
})

t.test('client_credentials as JSON under a form Content-Type (the PHP SDK)', async (t) => {
  const h = await build(t)
  const res = await h.app.inject({
    method: 'POST',
    url: h.path('/token'),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: JSON.stringify({ ...CREDENTIALS, ttl: 30 })
  })
  t.equal(res.statusCode, 200)
  t.equal(res.json().expires_in, 30)
})

t.test('ttl is accepted as a number and as a string of digits', async (t) => {
  const h = await build(t)
  for (const ttl of [3600, '3600', ' 3600 ']) {
    const res = await token(h, { ...CREDENTIALS, ttl })
    t.equal(res.statusCode, 200, JSON.stringify(ttl))
    t.equal(res.json().expires_in, 3600, JSON.stringify(ttl))
  }
})

t.test('a bad ttl is 400 parameters is invalid : ttl', async (t) => {
  const h = await build(t)
  for (const ttl of [-1, '-5', 'abc', '', 1.5, true]) {
    const res = await token(h, { ...CREDENTIALS, ttl })
    t.equal(res.statusCode, 400, JSON.stringify(ttl))
    t.strictSame(res.json(), invalidParameter('ttl'), JSON.stringify(ttl))
  }
})

t.test('the default ttl follows --token-ttl', async (t) => {
  const h = await build(t, { args: ['--token-ttl', '90'] })
  const res = await token(h, CREDENTIALS)
  t.equal(res.json().expires_in, 90)
})

t.test('ttl 0 issues a token that never expires', async (t) => {
  const h = await build(t)
  await h.register('u1')
  const res = await token(h, { ...CREDENTIALS, ttl: 0 })
  t.equal(res.statusCode, 200)
  t.equal(res.json().expires_in, 0)
  h.clock.advance(20 * 365 * 24 * 3600 * 1000)
  t.equal((await use(h, res.json().access_token)).statusCode, 200)
})

t.test('a token expires after its ttl on the emulator clock', async (t) => {
  const h = await build(t)
  await h.register('u1')
  const access = (await token(h, { ...CREDENTIALS, ttl: 60 })).json().access_token as string
  h.clock.advance(59_999)
  t.equal((await use(h, access)).statusCode, 200, 'still valid a millisecond before')
  h.clock.advance(1)
  const res = await use(h, access)
  t.equal(res.statusCode, 401)
  t.strictSame(res.json(), { ...EXPIRED, timestamp: T0 + 60_000 })
})

t.test('the default ttl also expires', async (t) => {
  const h = await build(t)
  await h.register('u1')
  h.clock.advance(DEFAULT_TTL * 1000)
  const res = await use(h, h.token)
  t.equal(res.statusCode, 401)
  t.equal(res.json().error_description, EXPIRED.error_description)
})

t.test('wrong credentials are 400 invalid_grant', async (t) => {
  const h = await build(t)
  const id = await token(h, { ...CREDENTIALS, client_id: 'other' })
  t.equal(id.statusCode, 400)
  t.strictSame(id.json(), invalidGrant('client_id does not match'))
  const secret = await token(h, { ...CREDENTIALS, client_secret: 'other' })
  t.equal(secret.statusCode, 400)
  t.strictSame(secret.json(), invalidGrant('client_secret does not match'))
})

t.test('missing credentials are 400 illegal_argument', async (t) => {
  const h = await build(t)
  const cases: Array<[object, string]> = [
    [{ grant_type: 'client_credentials', client_secret: CLIENT_SECRET }, 'client_id must be provided.'],
    [{ grant_type: 'client_credentials', client_id: '', client_secret: CLIENT_SECRET }, 'client_id must be provided.'],
    [{ grant_type: 'client_credentials', client_id: CLIENT_ID }, 'client_secret must be provided'],
    [{ grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: '' }, 'client_secret must be provided']
  ]
  for (const [body, description] of cases) {
    const res = await token(h, body)
    t.equal(res.statusCode, 400, JSON.stringify(body))
    t.strictSame(res.json(), illegalArgument(description), JSON.stringify(body))
  }
})

t.test('a missing or unknown grant_type is 400', async (t) => {
  const h = await build(t)
  const cases: Array<[object, string]> = [
    [{ client_id: CLIENT_ID, client_secret: CLIENT_SECRET }, 'grant_type must be provided.'],
    [{ ...CREDENTIALS, grant_type: '' }, 'grant_type must be provided.'],
    [{ ...CREDENTIALS, grant_type: 'refresh_token' }, 'unsupported grant_type: refresh_token']
  ]
  for (const [body, description] of cases) {
    const res = await token(h, body)
    t.equal(res.statusCode, 400, JSON.stringify(body))
    t.strictSame(res.json(), illegalArgument(description), JSON.stringify(body))
  }
})

t.test('an empty token request is 400 json_parse', async (t) => {
  const h = await build(t)
  const res = await h.app.inject({ method: 'POST', url: h.path('/token') })
  t.equal(res.statusCode, 400)
  t.strictSame(res.json(), vendorError('json_parse', 'com.fasterxml.jackson.core.JsonParseException', 'No content to map due to end-of-input'))
})

t.test('an unknown app is created on first use with the credentials it presented', async (t) => {
  const h = await build(t)
  const url = '/acme/fresh/token'
  const creds = { grant_type: 'client_credentials', client_id: 'id-1', client_secret: 'secret-1' }
  const first = await token(h, creds, { url })
  t.equal(first.statusCode, 200)
  const body = first.json()
  t.strictSame(body, { access_token: body.access_token, expires_in: DEFAULT_TTL, application: body.application })
  t.match(body.application, UUID)
  const configured = (await token(h, CREDENTIALS)).json().application
  t.not(body.application, configured, 'a new app with its own uuid')

  const again = await token(h, creds, { url })
  t.equal(again.statusCode, 200)
  t.equal(again.json().application, body.application)

  const otherId = await token(h, { ...creds, client_id: 'id-2' }, { url })
  t.equal(otherId.statusCode, 400)
  t.strictSame(otherId.json(), invalidGrant('client_id does not match'))
  const otherSecret = await token(h, { ...creds, client_secret: 'secret-2' }, { url })
  t.equal(otherSecret.statusCode, 400)
  t.strictSame(otherSecret.json(), invalidGrant('client_secret does not match'))

  const register = await h.app.inject({
    method: 'POST',
    url: '/acme/fresh/users',
    headers: { authorization: `Bearer ${body.access_token}` },
    payload: { username: 'u1', password: 'pw' }
  })
  t.equal(register.statusCode, 200, 'the new app serves vendor routes')
  t.equal(register.json().application, body.application)
})

t.test('first use creates no app whose name an appkey cannot hold', async (t) => {
  const h = await build(t)
  const creds = { grant_type: 'client_credentials', client_id: 'a', client_secret: 'b' }
  const before = (await h.app.inject({ method: 'GET', url: '/_mock/apps' })).json()
  for (const [org, app] of [['a%2Fb', 'x'], ['acme', 'x%0Ay'], ['acme', '%E7%94%A8'], ['a%00', 'x'], ['acme', 'a%23b'], ['a%20b', 'x']]) {
    const res = await token(h, creds, { url: `/${org}/${app}/token` })
    t.equal(res.statusCode, 404, `${org}/${app}`)
    t.equal(res.json().error, 'organization_application_not_found')
  }
  t.strictSame((await h.app.inject({ method: 'GET', url: '/_mock/apps' })).json(), before, 'no app was created')
  t.equal((await token(h, creds, { url: '/Acme-1/my_app/token' })).statusCode, 200, 'letters, digits, _ and - still work')
})

t.test('--strict-apps refuses an unknown app with 404', async (t) => {
  const h = await build(t, { args: ['--strict-apps'] })
  const res = await token(h, { grant_type: 'client_credentials', client_id: 'a', client_secret: 'b' }, { url: '/acme/fresh/token' })
  t.equal(res.statusCode, 404)
  t.strictSame(res.json(), appNotFound('acme', 'fresh'))
  const again = await token(h, { grant_type: 'client_credentials', client_id: 'a', client_secret: 'b' }, { url: '/acme/fresh/token' })
  t.equal(again.statusCode, 404, 'nothing was created')
  const configured = await token(h, CREDENTIALS)
  t.equal(configured.statusCode, 200, 'configured apps still work')
})

t.test('password grant returns a user token for a registered user', async (t) => {
  const h = await build(t)
  await h.register('alice')
  h.clock.advance(5000)
  const res = await token(h, { grant_type: 'password', username: 'ALICE', password: 'pw' })
  t.equal(res.statusCode, 200)
  const body = res.json()
  t.match(body.access_token, TOKEN)
  t.match(body.user.uuid, UUID)
  t.strictSame(body, {
    access_token: body.access_token,
    expires_in: DEFAULT_TTL,
    user: { uuid: body.user.uuid, type: 'user', created: T0, modified: T0, username: 'alice', activated: true }
  })
  const get = await h.app.inject({ method: 'GET', url: h.path('/users/alice'), headers: h.auth })
  t.equal(get.json().entities[0].uuid, body.user.uuid)
  t.equal((await use(h, body.access_token, h.path('/users/alice/push/binding'))).statusCode, 200, 'the user token works on its own user')
})

t.test('password grant takes ttl like the app token', async (t) => {
  const h = await build(t)
  await h.register('alice')
  const res = await token(h, { grant_type: 'password', username: 'alice', password: 'pw', ttl: '1024000' })
  t.equal(res.statusCode, 200)
  t.equal(res.json().expires_in, 1024000)
})

t.test('password grant with a nickname returns it in the user', async (t) => {
  const h = await build(t)
  await h.app.inject({ method: 'POST', url: h.path('/users'), headers: h.auth, payload: { username: 'nick', password: 'pw', nickname: 'Nick' } })
  const res = await token(h, { grant_type: 'password', username: 'nick', password: 'pw' })
  t.equal(res.json().user.nickname, 'Nick')
})

t.test('password grant with a wrong password is 400 invalid_grant', async (t) => {
  const h = await build(t)
  await h.register('alice')
  const res = await token(h, { grant_type: 'password', username: 'alice', password: 'nope' })
  t.equal(res.statusCode, 400)
  t.strictSame(res.json(), invalidGrant('invalid password'))
})

t.test('password grant for a user without a password is 400 invalid_grant', async (t) => {
  const h = await build(t)
  await token(h, { grant_type: 'inherit', username: 'nopw', autoCreateUser: true }, { headers: h.auth })
  const res = await token(h, { grant_type: 'password', username: 'nopw', password: 'anything' })
  t.equal(res.statusCode, 400)
  t.strictSame(res.json(), invalidGrant('invalid password'))
})

t.test('password grant for an unknown user is 404 invalid_grant', async (t) => {
  const h = await build(t)
  for (const username of ['ghost', 'not legal!']) {
    const res = await token(h, { grant_type: 'password', username, password: 'pw' })
    t.equal(res.statusCode, 404, username)
    t.strictSame(res.json(), { ...invalidGrant('user not found') }, username)
  }
})

t.test('password grant without username or password is 400 illegal_argument', async (t) => {
  const h = await build(t)
  await h.register('alice')
  const cases: Array<[object, string]> = [
    [{ grant_type: 'password', password: 'pw' }, 'username must be provided'],
    [{ grant_type: 'password', username: '', password: 'pw' }, 'username must be provided'],
    [{ grant_type: 'password', username: 'alice' }, 'password or pin must provided'],
    [{ grant_type: 'password', username: 'alice', password: '' }, 'password or pin must provided']
  ]
  for (const [body, description] of cases) {
    const res = await token(h, body)
    t.equal(res.statusCode, 400, JSON.stringify(body))
    t.strictSame(res.json(), illegalArgument(description), JSON.stringify(body))
  }
})

t.test('password and inherit grants on an unknown app are 404 even without --strict-apps', async (t) => {
  const h = await build(t)
  const password = await token(h, { grant_type: 'password', username: 'a', password: 'pw' }, { url: '/acme/none/token' })
  t.equal(password.statusCode, 404)
  t.strictSame(password.json(), appNotFound('acme', 'none'))
  const inherit = await token(h, { grant_type: 'inherit', username: 'a', autoCreateUser: true }, { url: '/acme/none/token', headers: h.auth })
  t.equal(inherit.statusCode, 404)
  t.strictSame(inherit.json(), appNotFound('acme', 'none'))
})

t.test('inherit with the app token and autoCreateUser true creates the user', async (t) => {
  const h = await build(t)
  for (const autoCreateUser of [true, 'true', 1]) {
    const username = `Bob${String(autoCreateUser)}`
    const res = await token(h, { grant_type: 'inherit', username, autoCreateUser, ttl: 1024000 }, { headers: h.auth })
    t.equal(res.statusCode, 200, String(autoCreateUser))
    const body = res.json()
    t.strictSame(body, {
      access_token: body.access_token,
      expires_in: 1024000,
      user: { uuid: body.user.uuid, type: 'user', created: T0, modified: T0, username: username.toLowerCase(), activated: true }
    })
    const get = await h.app.inject({ method: 'GET', url: h.path(`/users/${username.toLowerCase()}`), headers: h.auth })
    t.equal(get.statusCode, 200, 'the user now exists')
    t.equal(get.json().entities[0].uuid, body.user.uuid)
    t.equal((await use(h, body.access_token, h.path(`/users/${username}/push/binding`))).statusCode, 200)
  }
})

t.test('inherit for an existing user issues a token whatever autoCreateUser says', async (t) => {
  const h = await build(t)
  await h.register('carol')
  const res = await token(h, { grant_type: 'inherit', username: 'CAROL', autoCreateUser: false }, { headers: h.auth })
  t.equal(res.statusCode, 200)
  t.equal(res.json().user.username, 'carol')
})

t.test('inherit for an unknown user without autoCreateUser is 404 and creates nothing', async (t) => {
  const h = await build(t)
  for (const body of [{ autoCreateUser: false }, { autoCreateUser: 'false' }, {}]) {
    const res = await token(h, { grant_type: 'inherit', username: 'dave', ...body }, { headers: h.auth })
    t.equal(res.statusCode, 404, JSON.stringify(body))
    t.strictSame(res.json(), invalidGrant('user not found'), JSON.stringify(body))
  }
  const get = await h.app.inject({ method: 'GET', url: h.path('/users/dave'), headers: h.auth })
  t.equal(get.statusCode, 404)
})

t.test('inherit with a bad autoCreateUser is 400', async (t) => {
  const h = await build(t)
  const res = await token(h, { grant_type: 'inherit', username: 'dave', autoCreateUser: 'maybe' }, { headers: h.auth })
  t.equal(res.statusCode, 400)
  t.strictSame(res.json(), invalidParameter('autoCreateUser'))
})

t.test('inherit checks the username like registration', async (t) => {
  const h = await build(t)
  const cases: Array<[object, string]> = [
    [{ username: 'a b' }, 'username [a b] is not legal'],
    [{}, 'username [] is not legal'],
    [{ username: 'x'.repeat(65) }, 'USERNAME_TOO_LONG']
  ]
  for (const [body, description] of cases) {
    const res = await token(h, { grant_type: 'inherit', autoCreateUser: true, ...body }, { headers: h.auth })
    t.equal(res.statusCode, 400, description)
    t.strictSame(res.json(), illegalArgument(description), description)
  }
})

t.test('inherit needs the app token of the same app', async (t) => {
  const h = await build(t)
  await h.register('alice')
  const body = { grant_type: 'inherit', username: 'alice', autoCreateUser: true }

  const none = await token(h, body)
  t.equal(none.statusCode, 401)
  t.strictSame(none.json(), UNAUTHORIZED)

  const unknown = await token(h, body, { headers: { authorization: 'Bearer YWMtnope' } })
  t.equal(unknown.statusCode, 401)
  t.strictSame(unknown.json(), UNAUTHORIZED)

  const userToken = (await token(h, { grant_type: 'password', username: 'alice', password: 'pw' })).json().access_token as string
  const byUser = await token(h, body, { headers: { authorization: `Bearer ${userToken}` } })
  t.equal(byUser.statusCode, 401)
  t.strictSame(byUser.json(), BAD_TOKEN)

  const other = await token(h, { grant_type: 'client_credentials', client_id: 'o', client_secret: 'o' }, { url: `/${ORG}/other/token` })
  const byOtherApp = await token(h, body, { headers: { authorization: `Bearer ${other.json().access_token}` } })
  t.equal(byOtherApp.statusCode, 401)
  t.strictSame(byOtherApp.json(), BAD_TOKEN)

  h.clock.advance(DEFAULT_TTL * 1000)
  const expired = await token(h, body, { headers: h.auth })
  t.equal(expired.statusCode, 401)
  t.strictSame(expired.json(), { ...EXPIRED, timestamp: T0 + DEFAULT_TTL * 1000 })
})

t.test('the token endpoint needs no Authorization for client_credentials', async (t) => {
  const h = await build(t)
  const res = await token(h, CREDENTIALS, { headers: { authorization: 'Bearer garbage' } })
  t.equal(res.statusCode, 200)
})

t.test('token paths keep the configured app name', async (t) => {
  const h = await build(t)
  const res = await token(h, CREDENTIALS, { url: `/${ORG}/${APP}/token?resource=x` })
  t.equal(res.statusCode, 200, 'query parameters are ignored')
})
