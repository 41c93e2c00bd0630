import t from 'tap'
import { APP, build, ORG, type Harness, call, vendor, type Method } from '../helper.js'

/** `GET /_mock/coverage`: which documented outcomes of each vendor operation a suite has seen. */

const KEY = encodeURIComponent(`${ORG}#${APP}`)

interface Outcome { outcome: string, documented: boolean, count: number }
interface Operation { method: string, path: string, outcomes: Outcome[] }

async function coverage (h: Harness, query = `?app=${KEY}`): Promise<{ app: string, operations: Operation[], summary: any }> {
  const res = await call(h, 'GET', `/_mock/coverage${query}`)
  if (res.status !== 200) throw new Error(JSON.stringify(res.body))
  return res.body
}

/** The counted outcomes of one operation, as `{outcome: count}`. */
function counts (report: { operations: Operation[] }, method: string, path: string): Record<string, number> {
  const op = report.operations.find(o => o.method === method && o.path === path)
  if (op === undefined) throw new Error(`no operation ${method} ${path}`)
  return Object.fromEntries(op.outcomes.filter(o => o.count > 0).map(o => [o.outcome, o.count]))
}

const P = '/{org_name}/{app_name}'

const VENDOR_OPERATIONS = [
  `POST ${P}/token`,
  `POST ${P}/users`,
  `GET ${P}/users/{username}`,
  `PUT ${P}/users/{username}`,
  `DELETE ${P}/users/{username}`,
  `PUT ${P}/users/{username}/push/binding`,
  `GET ${P}/users/{username}/push/binding`,
  `PUT ${P}/users/{username}/notification/{chattype}/{key}`,
  `GET ${P}/users/{username}/notification/{chattype}/{key}`,
  `GET ${P}/users/{username}/notification`,
  `GET ${P}/users/{username}/notification/mute/type`,
  `PUT ${P}/users/{username}/notification/language`,
  `GET ${P}/users/{username}/notification/language`,
  `PUT ${P}/users/{username}/notification/template`,
  `GET ${P}/users/{username}/notification/template`,
  `POST ${P}/notification/template`,
  `GET ${P}/notification/template/{name}`,
  `PUT ${P}/notification/template/{name}`,
  `DELETE ${P}/notification/template/{name}`,
  `PUT ${P}/push/nickname`,
  `POST ${P}/messages/users`,
  `POST ${P}/messages/chatgroups`,
  `POST ${P}/chatgroups`,
  `GET ${P}/chatgroups/{group_id}`,
  `DELETE ${P}/chatgroups/{group_id}`,
  `GET ${P}/chatgroups/{group_id}/users`,
  `POST ${P}/chatgroups/{group_id}/users`,
  `POST ${P}/chatgroups/{group_id}/users/{username}`,
  `DELETE ${P}/chatgroups/{group_id}/users/{username}`
]

t.test('lists every vendor operation with its documented outcomes and counts', async (t) => {
  const h = await build(t)
  const report = await coverage(h)
  t.equal(report.app, `${ORG}#${APP}`)
  t.strictSame(report.operations.map(o => `${o.method} ${o.path}`).sort(), [...VENDOR_OPERATIONS].sort())
  // The same operations the OpenAPI document lists outside /_mock.
  const doc = (await call(h, 'GET', '/openapi.json')).body
  const fromDoc = Object.entries(doc.paths as Record<string, Record<string, unknown>>)
    .filter(([path]) => !path.startsWith('/_mock'))
    .flatMap(([path, methods]) => Object.keys(methods).map(m => `${m.toUpperCase()} ${path}`))
  t.strictSame(fromDoc.sort(), [...VENDOR_OPERATIONS].sort())
  for (const op of report.operations) {
    t.equal(op.outcomes[0]?.outcome, '200 ok', `${op.method} ${op.path} documents success first`)
    t.ok(op.outcomes.every(o => o.documented), `${op.method} ${op.path}: only documented outcomes before any call`)
    t.ok(op.outcomes.some(o => o.outcome === '429 reach_limit'), `${op.method} ${op.path} documents the rate limit`)
  }
  t.match(report.operations.find(o => o.path === `${P}/notification/template/{name}` && o.method === 'GET'), {
    outcomes: [
      { outcome: '200 ok', documented: true, count: 0 },
      { outcome: '401 unauthorized', documented: true, count: 0 },
      { outcome: '401 auth_bad_access_token', documented: true, count: 0 },
      { outcome: '404 organization_application_not_found', documented: true, count: 0 },
      { outcome: '429 reach_limit', documented: true, count: 0 },
      { outcome: '400 entity_not_found', documented: true, count: 0 }
    ]
  })
  // The harness's token request is the only call so far.
  t.strictSame(counts(report, 'POST', `${P}/token`), { '200 ok': 1 })
  const total = report.operations.reduce((n, o) => n + o.outcomes.length, 0)
  t.strictSame(report.summary, { outcomes: total, seen: 1, unseen: total - 1 })
})

t.test('a success and an error on one operation move its counts and the summary', async (t) => {
  const h = await build(t)
  const before = await coverage(h)
  const tpl = { name: 'a', title_pattern: 't', content_pattern: 'c' }
  t.equal((await vendor(h, 'POST', '/notification/template', tpl)).status, 200)
  t.equal((await vendor(h, 'POST', '/notification/template', tpl)).status, 400)
  t.equal((await vendor(h, 'POST', '/notification/template', tpl)).status, 400)
  t.equal((await call(h, 'POST', h.path('/notification/template'), tpl)).status, 401)
  const after = await coverage(h)
  t.strictSame(counts(after, 'POST', `${P}/notification/template`), {
    '200 ok': 1, '401 unauthorized': 1, '400 duplicate_unique_property_exists': 2
  })
  t.strictSame(after.summary, { outcomes: before.summary.outcomes, seen: before.summary.seen + 3, unseen: before.summary.unseen - 3 })
})

t.test('an undocumented outcome is listed with documented: false and kept out of the summary', async (t) => {
  const h = await build(t)
  await h.register('u1')
  const before = await coverage(h)
  await call(h, 'POST', '/_mock/faults', { match: { method: 'GET' }, status: 503, times: 2 })
  t.equal((await vendor(h, 'GET', '/users/u1')).status, 503)
  t.equal((await vendor(h, 'GET', '/users/u1')).status, 503)
  t.equal((await vendor(h, 'GET', '/users/u1')).status, 200)
  const after = await coverage(h)
  const op = after.operations.find(o => o.method === 'GET' && o.path === `${P}/users/{username}`) as Operation
  t.strictSame(op.outcomes.at(-1), { outcome: '503 service_unavailable', documented: false, count: 2 })
  t.equal(op.outcomes.filter(o => !o.documented).length, 1)
  t.strictSame(after.summary, { outcomes: before.summary.outcomes, seen: before.summary.seen + 1, unseen: before.summary.unseen - 1 })
})

t.test('unknown paths and HEAD requests are not operations', async (t) => {
  const h = await build(t)
  await h.register('u1')
  const before = await coverage(h)
  t.equal((await vendor(h, 'GET', '/no/such/thing')).status, 404)
  t.equal((await vendor(h, 'HEAD', '/users/u1')).status, 200)
  t.equal((await vendor(h, 'PATCH' as Method, '/users/u1')).status, 405)
  t.strictSame(await coverage(h), before)
})

t.test('other apps are counted apart; without ?app all apps are summed', async (t) => {
  const h = await build(t)
  const other = await call(h, 'POST', '/o/b/token', { grant_type: 'client_credentials', client_id: 'i', client_secret: 's' })
  await call(h, 'POST', '/o/b/token', { grant_type: 'client_credentials', client_id: 'i', client_secret: 'wrong' })
  await call(h, 'POST', '/o/b/users', { username: 'x', password: 'p' }, { authorization: `Bearer ${other.body.access_token as string}` })
  t.strictSame(counts(await coverage(h), 'POST', `${P}/token`), { '200 ok': 1 })
  t.strictSame(counts(await coverage(h), 'POST', `${P}/users`), {})
  const mine = await coverage(h, '?app=o%23b')
  t.equal(mine.app, 'o#b')
  t.strictSame(counts(mine, 'POST', `${P}/token`), { '200 ok': 1, '400 invalid_grant': 1 })
  t.strictSame(counts(mine, 'POST', `${P}/users`), { '200 ok': 1 })
  const all = await coverage(h, '')
  t.equal(all.app, 'all')
  t.strictSame(counts(all, 'POST', `${P}/token`), { '200 ok': 2, '400 invalid_grant': 1 })
  t.strictSame(counts(all, 'POST', `${P}/users`), { '200 ok': 1 })
  t.equal(all.summary.seen, 3)
  const none = await coverage(h, '?app=no%23such')
  t.equal(none.summary.seen, 0)
})

t.test('reset clears coverage: all of it, or one app\'s', async (t) => {
  const h = await build(t)
  await call(h, 'POST', '/o/b/token', { grant_type: 'client_credentials', client_id: 'i', client_secret: 's' })
  await call(h, 'POST', `/_mock/reset?app=${KEY}`)
  t.equal((await coverage(h)).summary.seen, 0)
  t.equal((await coverage(h, '?app=o%23b')).summary.seen, 1)
  await call(h, 'POST', '/_mock/reset')
  t.equal((await coverage(h, '')).summary.seen, 0)
})
