import t from 'tap'
import { APP, build, CLIENT_ID, CLIENT_SECRET, ORG, T0, call, vendor, type Harness } from '../helper.js'

/**
 * Apps, tokens and users found are kept in memory (db/row-cache.ts); every request or control that
 * changes one must make the next request see the change.
 */

const KEY = encodeURIComponent(`${ORG}#${APP}`)

const appToken = async (h: Harness, clientId: string, clientSecret: string) =>
  await call(h, 'POST', h.path('/token'), { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret })

t.test('re-keying an app through POST /_mock/apps: the old secret stops working at once', async (t) => {
  const h = await build(t)
  t.equal((await appToken(h, CLIENT_ID, CLIENT_SECRET)).status, 200, 'the app is found (and cached)')
  await h.register('u1')
  t.equal((await vendor(h, 'GET', '/users/u1')).status, 200)
  const res = await call(h, 'POST', '/_mock/apps', { appKey: `${ORG}#${APP}`, clientId: 'new-id', clientSecret: 'new-secret' })
  t.equal(res.status, 200)
  const old = await appToken(h, CLIENT_ID, CLIENT_SECRET)
  t.equal(old.status, 400, 'the old credentials are refused')
  t.equal(old.body.error_description, 'client_id does not match')
  t.equal((await appToken(h, 'new-id', 'new-secret')).status, 200, 'the new ones work')
  t.equal((await vendor(h, 'GET', '/users/u1')).status, 200, 'the app keeps its id, so its tokens stay good')
})

t.test('DELETE /_mock/apps: the app is gone for the next request, and can come back', async (t) => {
  const h = await build(t)
  await h.register('u1')
  t.equal((await vendor(h, 'GET', '/users/u1')).status, 200)
  t.equal((await call(h, 'DELETE', `/_mock/apps/${ORG}/${APP}`)).status, 200)
  const gone = await vendor(h, 'GET', '/users/u1')
  t.equal(gone.status, 404)
  t.equal(gone.body.error, 'organization_application_not_found')
  t.equal((await call(h, 'POST', '/_mock/apps', { appKey: `${ORG}#${APP}`, clientId: 'c2', clientSecret: 's2' })).status, 200)
  const token = await appToken(h, 'c2', 's2')
  t.equal(token.status, 200)
  const fresh = await vendor(h, 'GET', '/users/u1', undefined, { authorization: `Bearer ${token.body.access_token as string}` })
  t.equal(fresh.body.error, 'service_resource_not_found', 'the new app, without the old one\'s users')
  t.equal((await vendor(h, 'GET', '/users/u1')).status, 401, 'the deleted app\'s token went with it')
})

t.test('a reset moves the app to a new row: requests find the new row, not the trashed one', async (t) => {
  for (const url of [`/_mock/reset?app=${KEY}`]) {
    const h = await build(t)
    await h.register('u1')
    t.equal((await vendor(h, 'GET', '/users/u1')).status, 200, 'the app is cached with its old row')
    t.equal((await call(h, 'POST', url)).status, 200)
    const gone = await vendor(h, 'GET', '/users/u1')
    t.equal(gone.status, 404, `${url}: the user is gone`)
    t.equal((await vendor(h, 'POST', '/users', [{ username: 'u1', password: 'pw' }])).status, 200, `${url}: registering again works`)
    t.equal((await vendor(h, 'GET', '/users/u1')).status, 200)
    const apps = await call(h, 'GET', '/_mock/apps')
    t.equal(apps.body.apps.length, 1)
  }
})

t.test('a reset of everything drops apps that aren\'t configured, cached or not', async (t) => {
  const h = await build(t)
  t.equal((await call(h, 'POST', '/_mock/apps', { appKey: 'other#app', clientId: 'oc', clientSecret: 'os' })).status, 200)
  const token = await call(h, 'POST', '/other/app/token', { grant_type: 'client_credentials', client_id: 'oc', client_secret: 'os' })
  t.equal(token.status, 200)
  const auth = { authorization: `Bearer ${token.body.access_token as string}` }
  t.equal((await call(h, 'POST', '/other/app/users', [{ username: 'x', password: 'pw' }], auth)).status, 200)
  t.equal((await call(h, 'GET', '/other/app/users/x', undefined, auth)).status, 200)
  t.equal((await call(h, 'POST', '/_mock/reset')).status, 200)
  const gone = await call(h, 'GET', '/other/app/users/x', undefined, auth)
  t.equal(gone.status, 404)
  t.equal(gone.body.error, 'organization_application_not_found')
})

t.test('PUT /_mock/state gives the app the document\'s identity at once', async (t) => {
  const h = await build(t)
  await h.register('u1')
  t.equal((await vendor(h, 'GET', '/users/u1')).status, 200)
  const doc = { appKey: `${ORG}#${APP}`, clientId: 'sid', clientSecret: 'ssec', uuid: '11111111-2222-3333-4444-555555555555', users: [{ username: 'imported' }] }
  t.equal((await call(h, 'PUT', `/_mock/state?app=${KEY}`, doc)).status, 200)
  const token = await appToken(h, 'sid', 'ssec')
  t.equal(token.status, 200)
  t.equal(token.body.application, doc.uuid, 'the new uuid, not the cached one')
  t.equal((await appToken(h, CLIENT_ID, CLIENT_SECRET)).status, 400, 'the old credentials are refused')
  const user = await vendor(h, 'GET', '/users/imported', undefined, { authorization: `Bearer ${token.body.access_token as string}` })
  t.equal(user.status, 200)
})

t.test('an app created by its first token is found by the next request', async (t) => {
  const h = await build(t)
  const unknown = await call(h, 'GET', '/fresh/app/users/x', undefined, h.auth)
  t.equal(unknown.body.error, 'organization_application_not_found', 'unknown, and not remembered as unknown')
  const token = await call(h, 'POST', '/fresh/app/token', { grant_type: 'client_credentials', client_id: 'fc', client_secret: 'fs' })
  t.equal(token.status, 200)
  const auth = { authorization: `Bearer ${token.body.access_token as string}` }
  t.equal((await call(h, 'POST', '/fresh/app/users', [{ username: 'x', password: 'pw' }], auth)).status, 200)
  t.equal((await call(h, 'GET', '/fresh/app/users/x', undefined, auth)).status, 200)
})

const userToken = async (h: Harness, username: string) => {
  const res = await call(h, 'POST', h.path('/token'), { grant_type: 'password', username, password: 'pw' })
  return { authorization: `Bearer ${res.body.access_token as string}` }
}

t.test('deleting a user: its cached row and its cached token go at once', async (t) => {
  const h = await build(t)
  await h.register('u1')
  const own = await userToken(h, 'u1')
  t.equal((await vendor(h, 'GET', '/users/u1/push/binding', undefined, own)).status, 200, 'the user token and the user are found (and cached)')
  t.equal((await vendor(h, 'DELETE', '/users/u1')).status, 200)
  const token = await vendor(h, 'GET', '/users/u1/push/binding', undefined, own)
  t.equal(token.status, 401, 'the deleted user\'s token went with it')
  t.equal(token.body.error, 'unauthorized')
  const user = await vendor(h, 'GET', '/users/u1/push/binding')
  t.equal(user.status, 400, 'the user is unknown to the app token too')
  t.equal(user.body.error, 'required_property_not_found')
  await h.register('u1')
  t.equal((await vendor(h, 'GET', '/users/u1/push/binding')).status, 200, 'and can be registered again')
})

t.test('the setting routes\' slimmer user lookup: found whole or by key, and forgotten with the user', async (t) => {
  const h = await build(t)
  await h.register('u1', 'u2')
  const setting = async (user: string) => await vendor(h, 'GET', `/users/${user}/notification/user/${user}`)
  t.equal((await vendor(h, 'GET', '/users/u1')).status, 200, 'u1 is cached whole')
  t.equal((await setting('u1')).body.data.type, 'ALL', 'and found from that row')
  t.equal((await vendor(h, 'PUT', '/users/u2/notification/user/u2', { type: 'NONE' })).status, 200, 'u2 is cached by key only')
  t.equal((await setting('u2')).body.data.type, 'NONE', 'and found again from its key')
  t.equal((await vendor(h, 'DELETE', '/users/u2')).status, 200)
  const gone = await setting('u2')
  t.equal(gone.status, 400, 'the deleted user\'s key went with it')
  t.equal(gone.body.error, 'required_property_not_found')
  await h.register('u2')
  t.equal((await setting('u2')).body.data.type, 'ALL', 'registered again: a new user, without the old one\'s setting')
})

t.test('updating a user: the next request reads the new row', async (t) => {
  const h = await build(t)
  await h.register('u1')
  t.equal((await vendor(h, 'GET', '/users/u1')).body.entities[0].nickname, undefined, 'cached without a nickname')
  t.equal((await vendor(h, 'PUT', '/users/u1', { nickname: 'Uno' })).status, 200)
  t.equal((await vendor(h, 'GET', '/users/u1')).body.entities[0].nickname, 'Uno')
  t.equal((await vendor(h, 'PUT', '/push/nickname', [{ username: 'u1', push_nickname: 'Dos' }])).status, 200)
  t.equal((await vendor(h, 'GET', '/users/u1')).body.entities[0].nickname, 'Dos')
  t.equal((await vendor(h, 'PUT', '/users/u1/notification/language', { translationLanguage: 'fr' })).status, 200)
  t.equal((await vendor(h, 'GET', '/users/u1/notification/language')).body.data.language, 'fr')
})

t.test('a cached token still expires on the clock', async (t) => {
  const h = await build(t)
  const res = await call(h, 'POST', h.path('/token'), { grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: CLIENT_SECRET, ttl: 60 })
  const auth = { authorization: `Bearer ${res.body.access_token as string}` }
  await h.register('u1')
  t.equal((await vendor(h, 'GET', '/users/u1', undefined, auth)).status, 200, 'found and cached')
  h.clock.set(T0 + 60_000)
  const expired = await vendor(h, 'GET', '/users/u1', undefined, auth)
  t.equal(expired.status, 401)
  t.match(expired.body.error_description, /expired/)
})
