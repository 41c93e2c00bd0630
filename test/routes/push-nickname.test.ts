import t, { type Test } from 'tap'
import { APP, build, ORG, T0, type Harness } from '../helper.js'

/** PUT /push/nickname: batch push nicknames (easemob-reference.md §1.4; decisions.md §Users). */

interface Res { status: number, body: any }

async function setup (t: Test): Promise<Harness & {
  batch(body: unknown): Promise<Res>
  nickname(user: string): Promise<string | undefined>
}> {
  const h = await build(t)
  await h.register('user1', 'user2')
  return {
    ...h,
    async batch (payload) {
      const res = await h.app.inject({ method: 'PUT', url: h.path('/push/nickname'), headers: h.auth, payload: payload as object })
      return { status: res.statusCode, body: res.json() }
    },
    async nickname (user) {
      const res = await h.app.inject({ method: 'GET', url: h.path(`/users/${user}`), headers: h.auth })
      return res.json().entities[0].nickname
    }
  }
}

const illegal = (description: string) => ({
  error: 'illegal_argument',
  exception: 'java.lang.IllegalArgumentException',
  timestamp: T0,
  duration: 0,
  error_description: description
})

t.test('two users in one call: the /push envelope, then GET /users shows the nicknames', async (t) => {
  const h = await setup(t)
  const res = await h.batch([
    { username: 'user1', push_nickname: '推送昵称-1' },
    { username: 'user2', push_nickname: '推送昵称-2' }
  ])
  t.equal(res.status, 200)
  t.strictSame(res.body, {
    path: '/push',
    uri: `http://localhost:80/${ORG}/${APP}/push`,
    timestamp: T0,
    organization: ORG,
    application: res.body.application,
    action: 'put',
    entities: [
      { push_nickname: '推送昵称-1', username: 'user1' },
      { push_nickname: '推送昵称-2', username: 'user2' }
    ],
    duration: res.body.duration,
    applicationName: APP
  })
  t.type(res.body.application, 'string')
  t.equal(await h.nickname('user1'), '推送昵称-1')
  t.equal(await h.nickname('user2'), '推送昵称-2')
})

t.test('the batch sets the same nickname PUT /users/{u} sets, and touches modified', async (t) => {
  const h = await setup(t)
  await h.app.inject({ method: 'PUT', url: h.path('/users/user1'), headers: h.auth, payload: { nickname: 'before' } })
  h.clock.advance(1000)
  await h.batch([{ username: 'user1', push_nickname: 'after' }])
  const res = await h.app.inject({ method: 'GET', url: h.path('/users/user1'), headers: h.auth })
  t.equal(res.json().entities[0].nickname, 'after')
  t.equal(res.json().entities[0].modified, T0 + 1000)
  // "" clears the nickname, as on PUT /users/{u}.
  const cleared = await h.batch([{ username: 'user1', push_nickname: '' }])
  t.strictSame(cleared.body.entities, [{ push_nickname: '', username: 'user1' }])
  t.equal(await h.nickname('user1'), undefined)
})

t.test('usernames are case-insensitive and answered in lower case', async (t) => {
  const h = await setup(t)
  const res = await h.batch([{ username: 'USER1', push_nickname: 'big' }])
  t.equal(res.status, 200)
  t.strictSame(res.body.entities, [{ push_nickname: 'big', username: 'user1' }])
  t.equal(await h.nickname('user1'), 'big')
})

t.test('an empty array is 400 illegal empty request body', async (t) => {
  const h = await setup(t)
  const res = await h.batch([])
  t.equal(res.status, 400)
  t.strictSame(res.body, illegal('put user push nicknames illegal empty request body'))
})

t.test('50 users are accepted, 51 are 400 exceeds the limit', async (t) => {
  const h = await setup(t)
  const names = Array.from({ length: 51 }, (_, i) => `u${i}`)
  await h.register(...names)
  const items = names.map(username => ({ username, push_nickname: `nick-${username}` }))
  const over = await h.batch(items)
  t.equal(over.status, 400)
  t.strictSame(over.body, illegal('put user push nicknames exceeds the limit'))
  t.equal(await h.nickname('u0'), undefined, 'nothing written')
  const ok = await h.batch(items.slice(0, 50))
  t.equal(ok.status, 200)
  t.equal(ok.body.entities.length, 50)
  t.equal(await h.nickname('u49'), 'nick-u49')
  t.equal(await h.nickname('u50'), undefined)
})

t.test('a nickname over 100 characters is 400 naming the user, and nothing is written', async (t) => {
  const h = await setup(t)
  const ok = await h.batch([{ username: 'user1', push_nickname: '昵'.repeat(100) }])
  t.equal(ok.status, 200)
  const res = await h.batch([
    { username: 'user2', push_nickname: 'fine' },
    { username: 'user1', push_nickname: '😀'.repeat(101) }
  ])
  t.equal(res.status, 400)
  t.strictSame(res.body, illegal('user1 push nickname length exceeds the limit'))
  t.equal(await h.nickname('user2'), undefined)
  t.equal(await h.nickname('user1'), '昵'.repeat(100))
})

t.test('one unknown user rejects the whole batch and writes nothing', async (t) => {
  const h = await setup(t)
  const res = await h.batch([
    { username: 'user1', push_nickname: 'one' },
    { username: 'nobody', push_nickname: 'ghost' },
    { username: 'user2', push_nickname: 'two' }
  ])
  t.equal(res.status, 400)
  t.strictSame(res.body, {
    error: 'required_property_not_found',
    exception: 'org.apache.usergrid.persistence.exceptions.RequiredPropertyNotFoundException',
    timestamp: T0,
    duration: 0,
    error_description: 'Entity user requires a property named username'
  })
  t.equal(await h.nickname('user1'), undefined, 'the user before the unknown one was rolled back')
  t.equal(await h.nickname('user2'), undefined)
})

t.test('a body that is not an array of {username, push_nickname} is 400', async (t) => {
  const h = await setup(t)
  for (const [body, field] of [
    [{ username: 'user1', push_nickname: 'x' }, 'body'],
    [[{ username: 'user1' }], 'push_nickname'],
    [[{ push_nickname: 'x' }], 'username'],
    [[{ username: 'user1', push_nickname: 3 }], 'push_nickname']
  ] as const) {
    const res = await h.batch(body)
    t.equal(res.status, 400, JSON.stringify(body))
    t.equal(res.body.error, 'illegal_argument')
    t.equal(res.body.error_description, `parameters is invalid : ${field}`)
  }
})
