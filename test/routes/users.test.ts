import t from 'tap'
import { APP, ORG, T0, build, type Harness, appUuid } from '../helper.js'

const vendorError = (error: string, exception: string, description: string, timestamp = T0) =>
  ({ error, exception, timestamp, duration: 0, error_description: description })
const illegalArgument = (description: string) => vendorError('illegal_argument', 'java.lang.IllegalArgumentException', description)
const USER_NOT_FOUND = vendorError('service_resource_not_found', 'UserNotFoundException', 'Service resource not found')
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const BASE = `http://localhost:80/${ORG}/${APP}`

const post = async (h: Harness, payload: unknown) =>
  await h.app.inject({ method: 'POST', url: h.path('/users'), headers: h.auth, payload: payload as object })
const getUser = async (h: Harness, username: string) =>
  await h.app.inject({ method: 'GET', url: h.path(`/users/${username}`), headers: h.auth })
const deleteUser = async (h: Harness, username: string) =>
  await h.app.inject({ method: 'DELETE', url: h.path(`/users/${username}`), headers: h.auth })

/** A user entity with the given volatile uuid; the clock is frozen, so created/modified are `at`. */
const entity = (uuid: unknown, username: string, extra: Record<string, unknown> = {}, at = T0) =>
  ({ uuid, type: 'user', created: at, modified: at, username, activated: true, ...extra })

/** The register/delete envelope (ZH-NEW account_register_*.md). */
const usersEnvelope = (action: string, application: string, entities: unknown[], duration: unknown, data?: unknown[]) => ({
  action,
  application,
  path: '/users',
  uri: `${BASE}/users`,
  entities,
  ...(data === undefined ? {} : { data }),
  timestamp: T0,
  duration,
  organization: ORG,
  applicationName: APP
})

t.test('registering one user returns the full envelope', async (t) => {
  const h = await build(t)
  const application = await appUuid(h)
  const res = await post(h, { username: 'user1', password: '123' })
  t.equal(res.statusCode, 200)
  const body = res.json()
  t.match(body.entities[0].uuid, UUID)
  t.type(body.duration, 'number')
  t.strictSame(body, usersEnvelope('post', application, [entity(body.entities[0].uuid, 'user1')], body.duration))
})

t.test('registering one user with a nickname returns it', async (t) => {
  const h = await build(t)
  const application = await appUuid(h)
  const res = await post(h, { username: 'user1', password: '123', nickname: 'testuser' })
  t.equal(res.statusCode, 200)
  const body = res.json()
  t.strictSame(body, usersEnvelope('post', application, [entity(body.entities[0].uuid, 'user1', { nickname: 'testuser' })], body.duration))
})

t.test('upper case in a username is folded to lower case', async (t) => {
  const h = await build(t)
  const res = await post(h, { username: 'MiXeD.Case_1-x', password: 'pw' })
  t.equal(res.statusCode, 200)
  t.equal(res.json().entities[0].username, 'mixed.case_1-x')
  const lower = await getUser(h, 'mixed.case_1-x')
  t.equal(lower.statusCode, 200)
  t.equal(lower.json().entities[0].uuid, res.json().entities[0].uuid)
})

t.test('registering an existing user singly is 400 duplicate_unique_property_exists', async (t) => {
  const h = await build(t)
  const application = await appUuid(h)
  await h.register('user1')
  for (const username of ['user1', 'USER1']) {
    const res = await post(h, { username, password: 'other' })
    t.equal(res.statusCode, 400, username)
    t.strictSame(res.json(), vendorError('duplicate_unique_property_exists',
      'org.apache.usergrid.persistence.exceptions.DuplicateUniquePropertyExistsException',
      `Application ${application} Entity user requires that property named username be unique, value of user1 exists`), username)
  }
})

t.test('a batch registration returns every entity and an empty data list', async (t) => {
  const h = await build(t)
  const application = await appUuid(h)
  const res = await post(h, [{ username: 'user1', password: '1' }, { username: 'User2', password: '2', nickname: 'two' }])
  t.equal(res.statusCode, 200)
  const body = res.json()
  const [a, b] = body.entities
  t.strictSame(body, usersEnvelope('post', application, [
    entity(a.uuid, 'user1'),
    entity(b.uuid, 'user2', { nickname: 'two' })
  ], body.duration, []))
  t.not(a.uuid, b.uuid)
  t.equal((await getUser(h, 'user2')).statusCode, 200)
})

t.test('a batch skips existing users and lists them in data', async (t) => {
  const h = await build(t)
  const application = await appUuid(h)
  await h.register('user3')
  const res = await post(h, [
    { username: 'user1', password: '1' },
    { username: 'USER3', password: '3' },
    { username: 'user4', password: '4' },
    { username: 'user4', password: '4' }
  ])
  t.equal(res.statusCode, 200)
  const body = res.json()
  t.strictSame(body, usersEnvelope('post', application, [
    entity(body.entities[0].uuid, 'user1'),
    entity(body.entities[1].uuid, 'user4')
  ], body.duration, [
    { username: 'user3', registerUserFailReason: 'the user3 already exists' },
    { username: 'user4', registerUserFailReason: 'the user4 already exists' }
  ]))
})

t.test('a batch of 60 is accepted and 61 is 400', async (t) => {
  const h = await build(t)
  const batch = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => ({ username: `${prefix}${i}`, password: 'pw' }))
  const ok = await post(h, batch(60, 'ok'))
  t.equal(ok.statusCode, 200)
  t.equal(ok.json().entities.length, 60)

  const res = await post(h, batch(61, 'no'))
  t.equal(res.statusCode, 400)
  t.strictSame(res.json(), illegalArgument('Request body array size[61] had almost reached or been greater than the upper range value[60]'))
  t.equal((await getUser(h, 'no0')).statusCode, 404, 'nothing of the refused batch was written')
})

t.test('an empty batch is 400', async (t) => {
  const h = await build(t)
  const res = await post(h, [])
  t.equal(res.statusCode, 400)
  t.strictSame(res.json(), illegalArgument('this is an invalid request.'))
})

t.test('invalid usernames are 400 illegal_argument', async (t) => {
  const h = await build(t)
  const cases: Array<[unknown, string]> = [
    [{ username: 'a b', password: 'pw' }, 'username [a b] is not legal'],
    [{ username: 'ab@c', password: 'pw' }, 'username [ab@c] is not legal'],
    [{ username: 'é', password: 'pw' }, 'username [é] is not legal'],
    [{ username: '', password: 'pw' }, 'username [] is not legal'],
    [{ password: 'pw' }, 'username [null] is not legal'],
    [{ username: 'x'.repeat(65), password: 'pw' }, 'USERNAME_TOO_LONG'],
    [[{ username: 'ok1', password: 'pw' }, { username: 'x'.repeat(65), password: 'pw' }], 'USERNAME_TOO_LONG']
  ]
  for (const [body, description] of cases) {
    const res = await post(h, body)
    t.equal(res.statusCode, 400, description)
    t.strictSame(res.json(), illegalArgument(description), description)
  }
  t.equal((await getUser(h, 'ok1')).statusCode, 404, 'one bad account rejects the whole batch')
})

t.test('a 64-byte username is accepted', async (t) => {
  const h = await build(t)
  const username = 'y'.repeat(64)
  const res = await post(h, { username, password: 'pw' })
  t.equal(res.statusCode, 200)
  t.equal(res.json().entities[0].username, username)
})

t.test('a missing password is 400', async (t) => {
  const h = await build(t)
  for (const body of [{ username: 'p1' }, { username: 'p1', password: '' }, [{ username: 'p1' }]]) {
    const res = await post(h, body)
    t.equal(res.statusCode, 400, JSON.stringify(body))
    t.strictSame(res.json(), illegalArgument('password or pin must provided'), JSON.stringify(body))
  }
  t.equal((await getUser(h, 'p1')).statusCode, 404)
})

t.test('a nickname over 100 characters is 400; 100 characters of any script are fine', async (t) => {
  const h = await build(t)
  const long = await post(h, { username: 'n1', password: 'pw', nickname: 'n'.repeat(101) })
  t.equal(long.statusCode, 400)
  t.strictSame(long.json(), illegalArgument('NICKNAME_TOO_LONG'))
  t.equal((await getUser(h, 'n1')).statusCode, 404)

  const wide = '昵'.repeat(100)
  const ok = await post(h, { username: 'n1', password: 'pw', nickname: wide })
  t.equal(ok.statusCode, 200)
  t.equal(ok.json().entities[0].nickname, wide)
})

t.test('a user registered later carries the clock of its registration', async (t) => {
  const h = await build(t)
  h.clock.advance(1000)
  const res = await post(h, { username: 'later', password: 'pw' })
  t.equal(res.json().timestamp, T0 + 1000)
  t.strictSame(res.json().entities[0], entity(res.json().entities[0].uuid, 'later', {}, T0 + 1000))
})

t.test('GET /users/{u} returns the user with count 1', async (t) => {
  const h = await build(t)
  const created = (await post(h, { username: 'user1', password: 'pw', nickname: 'testuser' })).json().entities[0]
  h.clock.advance(500)
  for (const name of ['user1', 'USER1']) {
    const res = await getUser(h, name)
    t.equal(res.statusCode, 200, name)
    const body = res.json()
    t.strictSame(body, {
      action: 'get',
      path: '/users',
      uri: `${BASE}/users/user1`,
      entities: [entity(created.uuid, 'user1', { nickname: 'testuser' })],
      timestamp: T0 + 500,
      duration: body.duration,
      count: 1
    }, name)
  }
})

t.test('GET of an unknown user is 404 service_resource_not_found', async (t) => {
  const h = await build(t)
  for (const name of ['ghost', 'not%20legal', 'x'.repeat(65)]) {
    const res = await getUser(h, name)
    t.equal(res.statusCode, 404, name)
    t.strictSame(res.json(), USER_NOT_FOUND, name)
  }
})

t.test('a push endpoint on an unknown user is 400 required_property_not_found, unlike GET /users/{u}', async (t) => {
  const h = await build(t)
  const res = await h.app.inject({ method: 'GET', url: h.path('/users/ghost/push/binding'), headers: h.auth })
  t.equal(res.statusCode, 400)
  t.strictSame(res.json(), vendorError('required_property_not_found',
    'org.apache.usergrid.persistence.exceptions.RequiredPropertyNotFoundException', 'Entity user requires a property named username'))
  t.equal((await getUser(h, 'ghost')).statusCode, 404, 'and the user was not created')
})

t.test('users are per app', async (t) => {
  const h = await build(t)
  await h.register('shared')
  const other = await h.app.inject({
    method: 'POST',
    url: `/${ORG}/other/token`,
    payload: { grant_type: 'client_credentials', client_id: 'c', client_secret: 's' }
  })
  const res = await h.app.inject({
    method: 'GET',
    url: `/${ORG}/other/users/shared`,
    headers: { authorization: `Bearer ${other.json().access_token}` }
  })
  t.equal(res.statusCode, 404)
  t.strictSame(res.json(), USER_NOT_FOUND)
})

t.test('DELETE /users/{u} returns the deleted entity, then the user is gone', async (t) => {
  const h = await build(t)
  const application = await appUuid(h)
  const created = (await post(h, { username: 'user1', password: 'pw', nickname: 'testuser' })).json().entities[0]
  const res = await deleteUser(h, 'USER1')
  t.equal(res.statusCode, 200)
  const body = res.json()
  t.strictSame(body, usersEnvelope('delete', application, [entity(created.uuid, 'user1', { nickname: 'testuser' })], body.duration))

  const after = await getUser(h, 'user1')
  t.equal(after.statusCode, 404)
  t.strictSame(after.json(), USER_NOT_FOUND)
  const again = await deleteUser(h, 'user1')
  t.equal(again.statusCode, 404)
  t.strictSame(again.json(), USER_NOT_FOUND)
})

t.test('DELETE returns the push fields the user had', async (t) => {
  const h = await build(t)
  const application = await appUuid(h)
  const created = (await post(h, { username: 'full', password: 'pw' })).json().entities[0]
  const put = await h.app.inject({
    method: 'PUT',
    url: h.path('/users/full'),
    headers: h.auth,
    payload: {
      nickname: 'Full',
      notification_display_style: 1,
      notification_no_disturbing: true,
      notification_no_disturbing_start: 22,
      notification_no_disturbing_end: 7,
      device_id: 'dev',
      device_token: 'tok',
      notifier_name: 'fcm'
    }
  })
  t.equal(put.statusCode, 200)
  const res = await deleteUser(h, 'full')
  t.strictSame(res.json(), usersEnvelope('delete', application, [entity(created.uuid, 'full', {
    notification_no_disturbing: true,
    notification_no_disturbing_start: 22,
    notification_no_disturbing_end: 7,
    notification_display_style: 1,
    nickname: 'Full',
    notifier_name: 'fcm',
    device_id: 'dev',
    device_token: 'tok'
  })], res.json().duration))
})

t.test('DELETE of an unknown user is 404', async (t) => {
  const h = await build(t)
  const res = await deleteUser(h, 'ghost')
  t.equal(res.statusCode, 404)
  t.strictSame(res.json(), USER_NOT_FOUND)
})

t.test('deleting a user removes its bindings, settings and tokens', async (t) => {
  const h = await build(t)
  await h.register('gone', 'kept')
  const binding = { device_id: 'd1', device_token: 't1', notifier_name: 'n1' }
  for (const u of ['gone', 'kept']) {
    const put = await h.app.inject({ method: 'PUT', url: h.path(`/users/${u}/push/binding`), headers: h.auth, payload: binding })
    t.equal(put.statusCode, 200)
  }
  const setting = await h.app.inject({
    method: 'PUT',
    url: h.path('/users/gone/notification/user/gone'),
    headers: h.auth,
    payload: { type: 'NONE' }
  })
  t.equal(setting.statusCode, 200)
  const settingBefore = await h.app.inject({ method: 'GET', url: h.path('/users/gone/notification/user/gone'), headers: h.auth })
  const tokenRes = await h.app.inject({ method: 'POST', url: h.path('/token'), payload: { grant_type: 'password', username: 'gone', password: 'pw' } })
  const userAuth = { authorization: `Bearer ${tokenRes.json().access_token}` }
  t.equal((await h.app.inject({ method: 'GET', url: h.path('/users/gone/push/binding'), headers: userAuth })).statusCode, 200)

  t.equal((await deleteUser(h, 'gone')).statusCode, 200)

  const stale = await h.app.inject({ method: 'GET', url: h.path('/users/gone/push/binding'), headers: userAuth })
  t.equal(stale.statusCode, 401, 'the deleted user token no longer authenticates')
  t.strictSame(stale.json(), vendorError('unauthorized', 'EasemobSecurityException', 'Unable to authenticate (OAuth)'))

  await h.register('gone')
  const bindings = await h.app.inject({ method: 'GET', url: h.path('/users/gone/push/binding'), headers: h.auth })
  t.strictSame(bindings.json().entities, [], 're-registering shows no old bindings')
  const settingAfter = await h.app.inject({ method: 'GET', url: h.path('/users/gone/notification/user/gone'), headers: h.auth })
  t.equal(settingBefore.json().data.type, 'NONE')
  t.equal(settingAfter.statusCode, 200)
  t.strictSame(settingAfter.json().data, { ...settingBefore.json().data, type: 'ALL' }, 'the old setting is gone')
  const entityAfter = (await getUser(h, 'gone')).json().entities[0]
  t.notOk('device_id' in entityAfter)

  const kept = await h.app.inject({ method: 'GET', url: h.path('/users/kept/push/binding'), headers: h.auth })
  t.strictSame(kept.json().entities, [binding], 'other users keep theirs')
  const stillUser = await h.app.inject({ method: 'GET', url: h.path('/users/gone/push/binding'), headers: userAuth })
  t.equal(stillUser.statusCode, 401, 'the old token does not come back with the name')
})

t.test('--auto-create-users makes GET and DELETE of an unknown user succeed', async (t) => {
  const h = await build(t, { args: ['--auto-create-users'] })
  const res = await getUser(h, 'Ghost')
  t.equal(res.statusCode, 200)
  const body = res.json()
  t.match(body.entities[0].uuid, UUID)
  t.strictSame(body, {
    action: 'get',
    path: '/users',
    uri: `${BASE}/users/ghost`,
    entities: [entity(body.entities[0].uuid, 'ghost')],
    timestamp: T0,
    duration: body.duration,
    count: 1
  })
  const again = await getUser(h, 'ghost')
  t.equal(again.json().entities[0].uuid, body.entities[0].uuid, 'created once, then found')

  const del = await deleteUser(h, 'phantom')
  t.equal(del.statusCode, 200)
  t.equal(del.json().entities[0].username, 'phantom')

  const illegal = await getUser(h, 'not%20legal')
  t.equal(illegal.statusCode, 404, 'an illegal name is never auto-created')
  t.strictSame(illegal.json(), USER_NOT_FOUND)
})

t.test('without --auto-create-users GET does not create the user', async (t) => {
  const h = await build(t)
  t.equal((await getUser(h, 'ghost')).statusCode, 404)
  const register = await post(h, { username: 'ghost', password: 'pw' })
  t.equal(register.statusCode, 200, 'the name is still free')
})
