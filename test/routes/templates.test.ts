import t, { type Test } from 'tap'
import { APP, build, ORG, T0, type Harness, invalid } from '../helper.js'

/** …/notification/template[/{name}] (push doc §创建/查询/删除离线推送模板; decisions.md). */

interface Res { status: number, body: any }

async function setup (t: Test): Promise<Harness & {
  send(method: 'GET' | 'PUT' | 'POST' | 'DELETE', rest: string, body?: unknown): Promise<Res>
}> {
  const h = await build(t)
  return {
    ...h,
    async send (method, rest, payload) {
      const res = await h.app.inject({ method, url: h.path(rest), headers: h.auth, ...(payload === undefined ? {} : { payload: payload as object }) })
      return { status: res.statusCode, body: res.json() }
    }
  }
}

const TEMPLATE = { name: 'test7', title_pattern: '你好,{0}', content_pattern: '推送测试,{0}' }

const notExist = (name: string, timestamp = T0) => ({
  error: 'entity_not_found',
  exception: 'EntityNotFoundException',
  timestamp,
  duration: 0,
  error_description: `${name} template is not exist`
})

t.test('create answers the template with createAt = updateAt = now, without a path field', async (t) => {
  const h = await setup(t)
  const res = await h.send('POST', '/notification/template', TEMPLATE)
  t.equal(res.status, 200)
  t.strictSame(res.body, {
    uri: `http://localhost:80/${ORG}/${APP}/notification/template`,
    timestamp: T0,
    organization: ORG,
    application: res.body.application,
    action: 'post',
    data: { name: 'test7', createAt: T0, updateAt: T0, title_pattern: '你好,{0}', content_pattern: '推送测试,{0}' },
    duration: res.body.duration,
    applicationName: APP
  })
  t.type(res.body.application, 'string')
})

t.test('GET answers the stored template', async (t) => {
  const h = await setup(t)
  await h.send('POST', '/notification/template', TEMPLATE)
  h.clock.advance(500)
  const res = await h.send('GET', '/notification/template/test7')
  t.equal(res.status, 200)
  t.equal(res.body.action, 'get')
  t.equal(res.body.timestamp, T0 + 500)
  t.equal(res.body.uri, `http://localhost:80/${ORG}/${APP}/notification/template/test7`)
  t.strictSame(res.body.data, { name: 'test7', createAt: T0, updateAt: T0, title_pattern: '你好,{0}', content_pattern: '推送测试,{0}' })
})

t.test('creating an existing name is 400 duplicate_unique_property_exists and keeps the first', async (t) => {
  const h = await setup(t)
  await h.send('POST', '/notification/template', TEMPLATE)
  const res = await h.send('POST', '/notification/template', { ...TEMPLATE, title_pattern: 'other' })
  t.equal(res.status, 400)
  t.equal(res.body.error, 'duplicate_unique_property_exists')
  t.equal(res.body.exception, 'org.apache.usergrid.persistence.exceptions.DuplicateUniquePropertyExistsException')
  t.match(res.body.error_description, /test7/)
  t.strictSame(Object.keys(res.body), ['error', 'exception', 'timestamp', 'duration', 'error_description'])
  t.equal((await h.send('GET', '/notification/template/test7')).body.data.title_pattern, '你好,{0}')
})

t.test('names are 1–64 characters of A-Z a-z 0-9', async (t) => {
  const h = await setup(t)
  for (const name of ['a', 'A1b2C3', 'x'.repeat(64), 'default', 'detail']) {
    const res = await h.send('POST', '/notification/template', { ...TEMPLATE, name })
    t.equal(res.status, 200, name)
    t.equal(res.body.data.name, name)
  }
  for (const name of ['x'.repeat(65), 'a-b', '', 'a b', 'a_b', '模板', 'a.b']) {
    const res = await h.send('POST', '/notification/template', { ...TEMPLATE, name })
    t.equal(res.status, 400, JSON.stringify(name))
    t.strictSame(res.body, invalid('name'))
  }
  t.equal((await h.send('GET', `/notification/template/${'x'.repeat(65)}`)).status, 400, 'the long name was not stored')
})

t.test('create without a field is 400 naming it', async (t) => {
  const h = await setup(t)
  for (const field of ['name', 'title_pattern', 'content_pattern'] as const) {
    const body: Record<string, string> = { ...TEMPLATE }
    delete body[field]
    const res = await h.send('POST', '/notification/template', body)
    t.equal(res.status, 400, field)
    t.strictSame(res.body, invalid(field))
  }
})

t.test('GET, PUT and DELETE of a missing template are 400 entity_not_found', async (t) => {
  const h = await setup(t)
  for (const [method, body] of [['GET', undefined], ['DELETE', undefined], ['PUT', { title_pattern: 'a', content_pattern: 'b' }]] as const) {
    const res = await h.send(method, '/notification/template/nope', body)
    t.equal(res.status, 400, method)
    t.strictSame(res.body, notExist('nope'))
  }
  // PUT did not create it.
  t.equal((await h.send('GET', '/notification/template/nope')).status, 400)
})

t.test('PUT changes the patterns; updateAt follows the clock, createAt stays', async (t) => {
  const h = await setup(t)
  await h.send('POST', '/notification/template', TEMPLATE)
  h.clock.advance(60_000)
  const res = await h.send('PUT', '/notification/template/test7', { title_pattern: '新标题 {0}', content_pattern: '{$fromNickname}: {$msg}' })
  t.equal(res.status, 200)
  t.equal(res.body.action, 'put')
  t.equal(res.body.timestamp, T0 + 60_000)
  t.notOk('path' in res.body)
  const expected = { name: 'test7', createAt: T0, updateAt: T0 + 60_000, title_pattern: '新标题 {0}', content_pattern: '{$fromNickname}: {$msg}' }
  t.strictSame(res.body.data, expected)
  t.strictSame((await h.send('GET', '/notification/template/test7')).body.data, expected)
})

t.test('PUT without the patterns is 400', async (t) => {
  const h = await setup(t)
  await h.send('POST', '/notification/template', TEMPLATE)
  const res = await h.send('PUT', '/notification/template/test7', { title_pattern: 'only' })
  t.equal(res.status, 400)
  t.strictSame(res.body, invalid('content_pattern'))
  t.equal((await h.send('GET', '/notification/template/test7')).body.data.title_pattern, '你好,{0}')
})

t.test('DELETE answers the deleted template; it is gone afterwards', async (t) => {
  const h = await setup(t)
  await h.send('POST', '/notification/template', TEMPLATE)
  await h.send('POST', '/notification/template', { ...TEMPLATE, name: 'keep' })
  h.clock.advance(10)
  const res = await h.send('DELETE', '/notification/template/test7')
  t.equal(res.status, 200)
  t.equal(res.body.action, 'delete')
  t.equal(res.body.timestamp, T0 + 10)
  t.strictSame(res.body.data, { name: 'test7', createAt: T0, updateAt: T0, title_pattern: '你好,{0}', content_pattern: '推送测试,{0}' })
  t.strictSame((await h.send('GET', '/notification/template/test7')).body, notExist('test7', T0 + 10))
  t.strictSame((await h.send('DELETE', '/notification/template/test7')).body, notExist('test7', T0 + 10))
  t.equal((await h.send('GET', '/notification/template/keep')).status, 200, 'other templates stay')
  // The name is free again.
  t.equal((await h.send('POST', '/notification/template', TEMPLATE)).status, 200)
})
