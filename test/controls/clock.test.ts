import t from 'tap'
import { APP, build, CLIENT_ID, CLIENT_SECRET, ORG, T0, call, vendor } from '../helper.js'

/** `/_mock/clock` and `X-Mock-Now` (decisions.md §Emulator controls): every time the emulator shows follows them. */

const ISO = '2022-03-20T12:00:00.000Z'
const ISO_MS = 1647777600000

const illegal = (description: string, timestamp = T0) => ({
  error: 'illegal_argument',
  exception: 'java.lang.IllegalArgumentException',
  timestamp,
  duration: 0,
  error_description: description
})

t.test('GET /_mock/clock shows the frozen instant', async (t) => {
  const h = await build(t)
  const res = await call(h, 'GET', '/_mock/clock')
  t.equal(res.status, 200)
  t.strictSame(res.body, { now: T0, iso: '2022-03-17T07:55:49.918Z', frozen: true })
})

t.test('PUT /_mock/clock freezes time at epoch ms, a string of digits or an ISO-8601 time', async (t) => {
  const h = await build(t)
  for (const [now, expected] of [[ISO_MS, ISO_MS], [ISO, ISO_MS], [String(T0 + 5), T0 + 5], ['2022-03-20', ISO_MS - 12 * 3600_000]] as const) {
    const res = await call(h, 'PUT', '/_mock/clock', { now })
    t.equal(res.status, 200, `now ${now}`)
    t.strictSame(res.body, { now: expected, iso: new Date(expected).toISOString(), frozen: true }, `now ${now}`)
    t.equal(h.clock.now(), expected)
  }
})

t.test('PUT /_mock/clock with a bad now answers 400 and leaves the clock', async (t) => {
  const h = await build(t)
  for (const now of ['yesterday', '2022-13-45T99:00:00Z', '17/03/2022', '']) {
    const res = await call(h, 'PUT', '/_mock/clock', { now })
    t.equal(res.status, 400, `now ${JSON.stringify(now)}`)
    t.equal(res.body.error, 'illegal_argument')
  }
  t.strictSame((await call(h, 'PUT', '/_mock/clock', { now: 'yesterday' })).body,
    illegal('now must be epoch milliseconds or an ISO-8601 time'))
  for (const payload of [{ now: -1 }, { now: 1.5 }, { now: true }, {}]) {
    const res = await call(h, 'PUT', '/_mock/clock', payload)
    t.equal(res.status, 400, JSON.stringify(payload))
    t.equal(res.body.error, 'illegal_argument')
  }
  t.equal(h.clock.now(), T0)
})

t.test('POST /_mock/clock/advance moves time forward (and back, not before 1970)', async (t) => {
  const h = await build(t)
  let res = await call(h, 'POST', '/_mock/clock/advance', { ms: 1500 })
  t.equal(res.status, 200)
  t.strictSame(res.body, { now: T0 + 1500, iso: new Date(T0 + 1500).toISOString(), frozen: true })
  res = await call(h, 'POST', '/_mock/clock/advance', { ms: -500 })
  t.equal(res.body.now, T0 + 1000)
  res = await call(h, 'POST', '/_mock/clock/advance', { ms: -(T0 + 1001) })
  t.equal(res.status, 400)
  t.strictSame(res.body, illegal('ms would move the clock before 1970', T0 + 1000))
  res = await call(h, 'POST', '/_mock/clock/advance', { ms: 'soon' })
  t.equal(res.status, 400)
  t.equal(h.clock.now(), T0 + 1000)
})

t.test('DELETE /_mock/clock returns to real time', async (t) => {
  const h = await build(t)
  const res = await call(h, 'DELETE', '/_mock/clock')
  t.equal(res.status, 200)
  t.equal(res.body.frozen, false)
  t.ok(res.body.now > T0, 'real time is after the frozen 2022 instant')
  t.equal(res.body.iso, new Date(res.body.now).toISOString())
  t.equal(h.clock.frozen, false)
  t.equal((await call(h, 'GET', '/_mock/clock')).body.frozen, false)
  // Advancing from real time freezes again.
  const advanced = await call(h, 'POST', '/_mock/clock/advance', { ms: 0 })
  t.equal(advanced.body.frozen, true)
})

t.test('envelope timestamps follow the clock', async (t) => {
  const h = await build(t)
  await h.register('u1')
  let res = await vendor(h, 'GET', '/users/u1/notification/language')
  t.equal(res.body.timestamp, T0)
  await call(h, 'POST', '/_mock/clock/advance', { ms: 60_000 })
  res = await vendor(h, 'GET', '/users/u1/notification/language')
  t.equal(res.body.timestamp, T0 + 60_000)
  await call(h, 'PUT', '/_mock/clock', { now: ISO })
  res = await vendor(h, 'GET', '/users/u1/push/binding')
  t.equal(res.body.timestamp, ISO_MS)
  res = await vendor(h, 'GET', '/users/nobody/push/binding')
  t.equal(res.status, 400)
  t.equal(res.body.timestamp, ISO_MS, 'error envelopes too')
})

t.test('ignoreDuration expires exactly at now + duration on the emulator clock', async (t) => {
  const h = await build(t)
  await h.register('u1')
  const put = await vendor(h, 'PUT', '/users/u1/notification/chatgroup/g1', { ignoreDuration: 3_600_000 })
  t.equal(put.status, 200)
  t.equal(put.body.data.ignoreDuration, T0 + 3_600_000)
  await call(h, 'POST', '/_mock/clock/advance', { ms: 3_599_999 })
  let res = await vendor(h, 'GET', '/users/u1/notification/chatgroup/g1')
  t.equal(res.body.data.ignoreDuration, T0 + 3_600_000, 'still running 1 ms before the expiry')
  await call(h, 'POST', '/_mock/clock/advance', { ms: 1 })
  res = await vendor(h, 'GET', '/users/u1/notification/chatgroup/g1')
  t.equal(res.body.data.ignoreDuration, 0, 'gone at the expiry')
  await call(h, 'PUT', '/_mock/clock', { now: T0 })
  res = await vendor(h, 'GET', '/users/u1/notification/chatgroup/g1')
  t.equal(res.body.data.ignoreDuration, T0 + 3_600_000, 'back in time it runs again')
})

t.test('token expiry follows the clock', async (t) => {
  const h = await build(t)
  const issued = await call(h, 'POST', `/${ORG}/${APP}/token`,
    { grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: CLIENT_SECRET, ttl: 10 })
  t.equal(issued.status, 200)
  const auth = { authorization: `Bearer ${issued.body.access_token as string}` }
  await h.register('u1')
  await call(h, 'POST', '/_mock/clock/advance', { ms: 9_999 })
  t.equal((await call(h, 'GET', h.path('/users/u1'), undefined, auth)).status, 200)
  await call(h, 'POST', '/_mock/clock/advance', { ms: 1 })
  const res = await call(h, 'GET', h.path('/users/u1'), undefined, auth)
  t.equal(res.status, 401)
  t.strictSame(res.body, {
    error: 'unauthorized',
    exception: 'EasemobSecurityException',
    timestamp: T0 + 10_000,
    duration: 0,
    error_description: 'Unable to authenticate due to expired access token'
  })
})

t.test('user created and modified follow the clock', async (t) => {
  const h = await build(t)
  await h.register('u1')
  await call(h, 'POST', '/_mock/clock/advance', { ms: 5_000 })
  const put = await vendor(h, 'PUT', '/users/u1', { nickname: 'Ann' })
  t.equal(put.status, 200)
  t.equal(put.body.entities[0].created, T0)
  t.equal(put.body.entities[0].modified, T0 + 5_000)
  const got = await vendor(h, 'GET', '/users/u1')
  t.match(got.body.entities[0], { created: T0, modified: T0 + 5_000, nickname: 'Ann' })
})

t.test('template createAt and updateAt follow the clock', async (t) => {
  const h = await build(t)
  const created = await vendor(h, 'POST', '/notification/template', { name: 'tpl', title_pattern: 't', content_pattern: 'c' })
  t.match(created.body.data, { createAt: T0, updateAt: T0 })
  await call(h, 'POST', '/_mock/clock/advance', { ms: 7_000 })
  const updated = await vendor(h, 'PUT', '/notification/template/tpl', { title_pattern: 't2', content_pattern: 'c' })
  t.equal(updated.status, 200)
  t.match(updated.body.data, { createAt: T0, updateAt: T0 + 7_000, title_pattern: 't2' })
})

t.test('X-Mock-Now changes what one request sees and writes, not the clock', async (t) => {
  const h = await build(t)
  await h.register('u1')
  const at = T0 + 86_400_000
  // epoch ms: the request's timestamp and what it writes
  const put = await vendor(h, 'PUT', '/users/u1/notification/chatgroup/g1', { ignoreDuration: 1000 }, { 'x-mock-now': String(at) })
  t.equal(put.status, 200)
  t.equal(put.body.timestamp, at)
  t.equal(put.body.data.ignoreDuration, at + 1000)
  // ISO: a template written three days later
  const tpl = await vendor(h, 'POST', '/notification/template', { name: 'iso', title_pattern: 't', content_pattern: 'c' }, { 'x-mock-now': ISO })
  t.equal(tpl.body.timestamp, ISO_MS)
  t.match(tpl.body.data, { createAt: ISO_MS, updateAt: ISO_MS })
  // The clock did not move…
  t.strictSame((await call(h, 'GET', '/_mock/clock')).body, { now: T0, iso: new Date(T0).toISOString(), frozen: true })
  // …and the next request without the header sees T0 again, with the write kept.
  const got = await vendor(h, 'GET', '/users/u1/notification/chatgroup/g1')
  t.equal(got.body.timestamp, T0)
  t.equal(got.body.data.ignoreDuration, at + 1000)
  // One request seen after that expiry reads it as gone.
  const later = await vendor(h, 'GET', '/users/u1/notification/chatgroup/g1', undefined, { 'x-mock-now': String(at + 1000) })
  t.equal(later.body.data.ignoreDuration, 0)
})

t.test('a bad X-Mock-Now answers 400', async (t) => {
  const h = await build(t)
  await h.register('u1')
  for (const value of ['tomorrow', '-5', '2022-02-30T25:00:00Z']) {
    const res = await vendor(h, 'GET', '/users/u1', undefined, { 'x-mock-now': value })
    t.equal(res.status, 400, value)
    t.strictSame(res.body, illegal('X-Mock-Now must be epoch milliseconds or an ISO-8601 time'), value)
  }
})

t.test('with --no-controls X-Mock-Now is ignored', async (t) => {
  const h = await build(t, { args: ['--no-controls'] })
  await h.register('u1')
  const res = await vendor(h, 'GET', '/users/u1', undefined, { 'x-mock-now': 'tomorrow' })
  t.equal(res.status, 200)
  t.equal(res.body.timestamp, T0)
})
