import t from 'tap'
import { APP, CLIENT_ID, CLIENT_SECRET, ORG, T0, build, type Harness, appUuid } from './helper.js'

const vendorError = (error: string, exception: string, description: string, timestamp = T0) =>
  ({ error, exception, timestamp, duration: 0, error_description: description })
const UNAUTHORIZED = vendorError('unauthorized', 'EasemobSecurityException', 'Unable to authenticate (OAuth)')
const EXPIRED = vendorError('unauthorized', 'EasemobSecurityException', 'Unable to authenticate due to expired access token')
const BAD_TOKEN = vendorError('auth_bad_access_token', 'EasemobSecurityException', 'Unable to authenticate due to corrupt access token')
const noPermission = (method: string, uuid: string, path: string) => vendorError('unauthorized',
  'org.apache.shiro.authz.UnauthorizedException', `Subject does not have permission [applications:${method}:${uuid}:${path}]`)

async function userToken (h: Harness, username: string): Promise<string> {
  const res = await h.app.inject({ method: 'POST', url: h.path('/token'), payload: { grant_type: 'password', username, password: 'pw' } })
  if (res.statusCode !== 200) throw new Error(res.body)
  return res.json().access_token as string
}

const get = async (h: Harness, url: string, headers: Record<string, string> = {}) =>
  await h.app.inject({ method: 'GET', url, headers })

t.test('a missing Authorization header is 401 unauthorized', async (t) => {
  const h = await build(t)
  await h.register('u1')
  for (const headers of [{}, { authorization: '' }, { authorization: '   ' }]) {
    const res = await get(h, h.path('/users/u1'), headers)
    t.equal(res.statusCode, 401, JSON.stringify(headers))
    t.strictSame(res.json(), UNAUTHORIZED, JSON.stringify(headers))
  }
})

t.test('every vendor route but the token endpoint needs a token', async (t) => {
  const h = await build(t)
  await h.register('u1')
  const routes: Array<[string, string]> = [
    ['POST', '/users'],
    ['GET', '/users/u1'],
    ['DELETE', '/users/u1'],
    ['PUT', '/users/u1/push/binding'],
    ['GET', '/users/u1/push/binding'],
    ['POST', '/notification/template']
  ]
  for (const [method, url] of routes) {
    const res = await h.app.inject({ method: method as 'GET', url: h.path(url), payload: {} })
    t.equal(res.statusCode, 401, `${method} ${url}`)
    t.strictSame(res.json(), UNAUTHORIZED, `${method} ${url}`)
  }
  const still = await get(h, h.path('/users/u1'), h.auth)
  t.equal(still.statusCode, 200, 'the unauthenticated DELETE removed nothing')
})

t.test('an unknown token is 401 unauthorized', async (t) => {
  const h = await build(t)
  await h.register('u1')
  for (const authorization of ['Bearer YWMtunknown', `Bearer ${h.token}x`, `bearer ${h.token.slice(0, -1)}`]) {
    const res = await get(h, h.path('/users/u1'), { authorization })
    t.equal(res.statusCode, 401, authorization)
    t.strictSame(res.json(), UNAUTHORIZED, authorization)
  }
})

t.test('the scheme is case-insensitive and surrounding spaces are allowed', async (t) => {
  const h = await build(t)
  await h.register('u1')
  // (`Bearer <token>` exactly is looked up before the pattern runs: these miss that path and take the pattern's.)
  for (const authorization of [`bearer ${h.token}`, `BEARER  ${h.token}  `, `Bearer ${h.token}\t`, `Bearer  ${h.token}`]) {
    const res = await get(h, h.path('/users/u1'), { authorization })
    t.equal(res.statusCode, 200, authorization)
  }
})

t.test('a header that is not a Bearer token is 401 auth_bad_access_token', async (t) => {
  const h = await build(t)
  await h.register('u1')
  for (const authorization of ['Basic xyz', 'Bearer', 'Bearer ', h.token, `Bearer ${h.token} extra`, `Token ${h.token}`]) {
    const res = await get(h, h.path('/users/u1'), { authorization })
    t.equal(res.statusCode, 401, authorization)
    t.strictSame(res.json(), BAD_TOKEN, authorization)
  }
})

t.test('an expired token is 401 with the expiry wording', async (t) => {
  const h = await build(t)
  await h.register('u1')
  const res = await h.app.inject({
    method: 'POST',
    url: h.path('/token'),
    payload: { grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: CLIENT_SECRET, ttl: 10 }
  })
  const short = { authorization: `Bearer ${res.json().access_token}` }
  h.clock.advance(10_000)
  const expired = await get(h, h.path('/users/u1'), short)
  t.equal(expired.statusCode, 401)
  t.strictSame(expired.json(), { ...EXPIRED, timestamp: T0 + 10_000 })
  t.equal((await get(h, h.path('/users/u1'), h.auth)).statusCode, 200, 'the long-lived token still works')
})

t.test('a token of another app is 401 auth_bad_access_token', async (t) => {
  const h = await build(t)
  await h.register('u1')
  const other = await h.app.inject({
    method: 'POST',
    url: `/${ORG}/second/token`,
    payload: { grant_type: 'client_credentials', client_id: 'c2', client_secret: 's2' }
  })
  t.equal(other.statusCode, 200)
  const otherAuth = { authorization: `Bearer ${other.json().access_token}` }

  const res = await get(h, h.path('/users/u1'), otherAuth)
  t.equal(res.statusCode, 401)
  t.strictSame(res.json(), BAD_TOKEN)

  const back = await get(h, `/${ORG}/second/users/u1`, h.auth)
  t.equal(back.statusCode, 401, 'and the other way round')
  t.strictSame(back.json(), BAD_TOKEN)

  const own = await get(h, `/${ORG}/second/users/u1`, otherAuth)
  t.equal(own.statusCode, 404, 'its own app answers; u1 is not a user there')
  t.equal(own.json().error, 'service_resource_not_found')
})

t.test('a user token works on its own /users/{self} paths', async (t) => {
  const h = await build(t)
  await h.register('alice', 'bob')
  const auth = { authorization: `Bearer ${await userToken(h, 'alice')}` }

  const binding = await get(h, h.path('/users/alice/push/binding'), auth)
  t.equal(binding.statusCode, 200)
  t.strictSame(binding.json(), { timestamp: T0, entities: [], action: 'get', duration: binding.json().duration })

  const upper = await get(h, h.path('/users/ALICE/push/binding'), auth)
  t.equal(upper.statusCode, 200, 'the path username is matched case-insensitively')

  const put = await h.app.inject({
    method: 'PUT',
    url: h.path('/users/alice/push/binding'),
    headers: auth,
    payload: { device_id: 'd1', device_token: 't1', notifier_name: 'n1' }
  })
  t.equal(put.statusCode, 200)

  const self = await get(h, h.path('/users/alice'), auth)
  t.equal(self.statusCode, 200)
  t.equal(self.json().entities[0].username, 'alice')
})

t.test('a user token gets 401 on another user and on app-level routes', async (t) => {
  const h = await build(t)
  await h.register('alice', 'bob')
  const uuid = await appUuid(h)
  const auth = { authorization: `Bearer ${await userToken(h, 'alice')}` }

  const other = await get(h, h.path('/users/bob/push/binding'), auth)
  t.equal(other.statusCode, 401)
  t.strictSame(other.json(), noPermission('get', uuid, '/users/bob/push/binding'))

  const otherUser = await h.app.inject({ method: 'DELETE', url: h.path('/users/bob?x=1'), headers: auth })
  t.equal(otherUser.statusCode, 401)
  t.strictSame(otherUser.json(), noPermission('delete', uuid, '/users/bob'))
  t.equal((await get(h, h.path('/users/bob'), h.auth)).statusCode, 200, 'bob was not deleted')

  const template = await h.app.inject({
    method: 'POST',
    url: h.path('/notification/template'),
    headers: auth,
    payload: { name: 'tpl', title_pattern: 't', content_pattern: 'c' }
  })
  t.equal(template.statusCode, 401)
  t.strictSame(template.json(), noPermission('post', uuid, '/notification/template'))

  const register = await h.app.inject({ method: 'POST', url: h.path('/users'), headers: auth, payload: { username: 'eve', password: 'pw' } })
  t.equal(register.statusCode, 401)
  t.strictSame(register.json(), noPermission('post', uuid, '/users'))
})

t.test('the app token works on every user', async (t) => {
  const h = await build(t)
  await h.register('alice', 'bob')
  for (const u of ['alice', 'bob']) {
    t.equal((await get(h, h.path(`/users/${u}/push/binding`), h.auth)).statusCode, 200, u)
  }
})

t.test('an unknown org or app in the path is 404 organization_application_not_found', async (t) => {
  const h = await build(t)
  await h.register('u1')
  const cases: Array<[string, string, string]> = [
    [`/${ORG}/nope/users/u1`, ORG, 'nope'],
    [`/nope/${APP}/users/u1/push/binding?resource=x`, 'nope', APP]
  ]
  for (const [url, org, app] of cases) {
    for (const headers of [h.auth, {}]) {
      const res = await get(h, url, headers)
      t.equal(res.statusCode, 404, url)
      const rest = url.split('?')[0]?.split('/').slice(3).join('/')
      t.strictSame(res.json(), vendorError('organization_application_not_found', 'OrganizationApplicationNotFoundException',
        `Could not find application for ${org}/${app} from URI: ${org}/${app}/${rest}`), url)
    }
  }
})
