import t from 'tap'
import { APP, build, call, ORG, T0, vendor } from '../helper.js'

/**
 * The client SDKs' two reads in the emulator's own views: /openapi.json, /_mock/coverage, the
 * journal, --rate-limits and /_mock/faults.
 */

const KEY = encodeURIComponent(`${ORG}#${APP}`)
const MANY = '/users/{username}/notification'
const REMIND = '/users/{username}/notification/mute/type'

t.test('/openapi.json documents both GETs with their query parameters, and the group block on PUT users/{u}', async (t) => {
  const h = await build(t)
  const doc = (await h.app.inject('/openapi.json')).json()
  const params = (path: string) => (doc.paths[`/{org_name}/{app_name}${path}`].get.parameters as Array<{ in: string, name: string }>)
    .filter(p => p.in === 'query').map(p => p.name).sort()
  t.strictSame(params(MANY), ['group', 'user'])
  t.strictSame(params(REMIND), ['cursor', 'limit'])
  t.ok(doc.paths[`/{org_name}/{app_name}${MANY}`].get.security, 'a bearer token is required')
  const put = doc.paths['/{org_name}/{app_name}/users/{username}'].put.requestBody.content['application/json'].schema
  // OpenAPI 3.0 has no patternProperties: @fastify/swagger shows them as additionalProperties.
  t.match(put.additionalProperties.description, /blockGroupMessages/, 'notification_ignore_<groupId> is documented')
  t.ok(put.properties.entities, 'and the entities wrapper the web SDK sends it in')
})

t.test('/_mock/coverage counts both operations and their outcomes', async (t) => {
  const h = await build(t)
  await h.register('alice')
  await vendor(h, 'GET', '/users/alice/notification?user=a')
  await vendor(h, 'GET', '/users/nobody/notification')
  await vendor(h, 'GET', '/users/alice/notification/mute/type?limit=0')
  const report = (await call(h, 'GET', `/_mock/coverage?app=${KEY}`)).body
  const outcomes = (path: string) => Object.fromEntries(
    (report.operations.find((o: { method: string, path: string }) => o.method === 'GET' && o.path === `/{org_name}/{app_name}${path}`).outcomes as Array<{ outcome: string, count: number, documented: boolean }>)
      .filter(o => o.count > 0).map(o => [o.outcome, [o.count, o.documented]]))
  t.strictSame(outcomes(MANY), { '200 ok': [1, true], '400 required_property_not_found': [1, true] })
  t.strictSame(outcomes(REMIND), { '400 illegal_argument': [1, true] })
})

t.test('the journal records both GETs with their query', async (t) => {
  const h = await build(t)
  await h.register('alice')
  await vendor(h, 'GET', '/users/alice/notification?user=a,b&_v=1')
  await vendor(h, 'GET', '/users/alice/notification/mute/type?limit=5')
  const requests = (await call(h, 'GET', `/_mock/requests?app=${KEY}&method=GET&path=/${ORG}/${APP}/users/alice/notification*`)).body.requests
  t.match(requests, [
    { method: 'GET', path: `/${ORG}/${APP}/users/alice/notification`, query: { user: 'a,b', _v: '1' }, status: 200 },
    { method: 'GET', path: `/${ORG}/${APP}/users/alice/notification/mute/type`, query: { limit: '5' }, status: 200, responseBody: { data: [] } }
  ])
})

t.test('--rate-limits: 100 calls a second to each GET, then 429', async (t) => {
  const h = await build(t, { args: ['--rate-limits'] })
  await h.register('alice')
  h.clock.set(1647503750000)
  for (const rest of ['/users/alice/notification?user=a', '/users/alice/notification/mute/type']) {
    const statuses = new Set<number>()
    for (let i = 0; i < 100; i++) statuses.add((await vendor(h, 'GET', rest)).status)
    t.strictSame([...statuses], [200], rest)
    const over = await vendor(h, 'GET', rest)
    t.equal(over.status, 429)
    t.equal(over.body.error, 'reach_limit')
  }
})

t.test('/_mock/faults match the new paths', async (t) => {
  const h = await build(t)
  await h.register('alice')
  const rule = await call(h, 'POST', '/_mock/faults', { match: { method: 'GET', path: `/${ORG}/${APP}/users/*/notification/mute/type` }, status: 503, times: 1 })
  t.equal(rule.status, 201)
  const faulted = await vendor(h, 'GET', '/users/alice/notification/mute/type?limit=1')
  t.equal(faulted.status, 503)
  t.match(faulted.body, { timestamp: T0, duration: 0 })
  t.equal((await vendor(h, 'GET', '/users/alice/notification?user=a')).status, 200, 'the sibling path is not matched')
  t.equal((await vendor(h, 'GET', '/users/alice/notification/mute/type?limit=1')).status, 200, 'times: 1')
})
