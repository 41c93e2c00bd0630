import t from 'tap'
import { readMigrations } from '../../src/db/migrate.js'
import { T0 } from '../helper.js'
import { outcome, services } from './services.js'

/** `services.control`: the `/_mock` controls' rules, through the service. */

const illegal = (description: string) => ({ status: 400, error: 'illegal_argument', description })
const noApp = (appKey: string) => ({ status: 404, error: 'organization_application_not_found', description: `no app ${appKey}` })

t.test('readiness: open, migrated to the latest version, seeded', async (t) => {
  const h = services(t)
  const latest = readMigrations().length
  const expected = { ready: true, database: 'open', schemaVersion: latest, latestSchemaVersion: latest, seeded: true }
  t.strictSame(h.s.control.readiness(), expected)
  t.strictSame(h.s.control.readiness(), expected, 'asked again')
  const seeding = services(t, ['--seed', 'examples/seed.json'])
  t.equal(seeding.s.control.readiness().ready, false, 'not before the seeds are in')
  h.s.db.close()
  t.strictSame(h.s.control.readiness(), { ...expected, ready: false, database: 'closed', schemaVersion: 0 })
})

t.test('the clock: set, advanced, real again; each refusal', async (t) => {
  const h = services(t)
  const steps: Array<[label: string, run: () => unknown, expected: unknown]> = [
    ['set by ISO', () => h.s.control.setClock('2024-01-02T00:00:00Z'), { ok: { now: 1704153600000, iso: '2024-01-02T00:00:00.000Z', frozen: true } }],
    ['set by ms', () => h.s.control.setClock(T0), { ok: { now: T0, iso: new Date(T0).toISOString(), frozen: true } }],
    ['set by nonsense', () => h.s.control.setClock('yesterday'), illegal('now must be epoch milliseconds or an ISO-8601 time')],
    ['advanced', () => h.s.control.advanceClock(1000), { ok: { now: T0 + 1000, iso: new Date(T0 + 1000).toISOString(), frozen: true } }],
    ['advanced back to 1970', () => h.s.control.advanceClock(-(T0 + 1000)), { ok: { now: 0, iso: '1970-01-01T00:00:00.000Z', frozen: true } }],
    ['before 1970', () => h.s.control.advanceClock(-1), illegal('ms would move the clock before 1970')],
    ['as it stands', () => h.s.control.clock(), { ok: { now: 0, iso: '1970-01-01T00:00:00.000Z', frozen: true } }],
    ['real again', () => h.s.control.realClock().frozen, { ok: false }]
  ]
  for (const [label, run, expected] of steps) t.strictSame(outcome(run), expected, label)
})

t.test('apps: created, re-keyed, removed; bad keys and unknown apps refused', async (t) => {
  const h = services(t)
  const steps: Array<[label: string, run: () => unknown, expected: unknown]> = [
    ['create', () => h.s.control.upsertApp({ appKey: 'a#b', clientId: 'id', clientSecret: 's' }).clientId, { ok: 'id' }],
    ['re-key', () => h.s.control.upsertApp({ appKey: 'a#b', clientId: 'id2', clientSecret: 's' }).clientId, { ok: 'id2' }],
    ['list', () => h.s.control.apps().map(a => a.appKey), { ok: ['hx#hxdemo', 'a#b'] }],
    ['bad key', () => h.s.control.upsertApp({ appKey: 'a/b', clientId: 'id', clientSecret: 's' }), illegal('app must look like org#app, got "a/b"')],
    ['remove', () => h.s.control.removeApp('a#b'), { ok: undefined }],
    ['remove again', () => h.s.control.removeApp('a#b'), noApp('a#b')],
    ['list after', () => h.s.control.apps().map(a => a.appKey), { ok: ['hx#hxdemo'] }]
  ]
  for (const [label, run, expected] of steps) t.strictSame(outcome(run), expected, label)
})

t.test('reset: one app, or everything but the configured apps', async (t) => {
  const h = services(t, ['--app', 'hx#hxdemo:id:secret'])
  h.users('alice')
  h.s.control.upsertApp({ appKey: 'x#y', clientId: 'id', clientSecret: 's' })
  h.s.control.addFault({ status: 500 })
  h.s.control.setClock(T0)
  t.strictSame(outcome(() => h.s.control.reset('no#app')), noApp('no#app'))
  t.ok(h.s.control.reset('hx#hxdemo') >= 0, 'answers the milliseconds it took')
  // The app's names move to a fresh row (db/state.ts): its users are gone from it.
  t.equal(h.s.users.find(h.s.apps.find('hx', 'hxdemo')?.id ?? h.appId, 'alice'), undefined, 'one app: its users go')
  t.equal(h.s.controls.faults.list().length, 1, 'one app: the faults stay')
  h.s.control.reset(undefined)
  t.strictSame(h.s.control.apps().map(a => a.appKey), ['hx#hxdemo'], 'everything: only the configured app stays')
  t.equal(h.s.controls.faults.list().length, 0)
  t.equal(h.s.control.clock().frozen, false, 'the clock is real again')
})

t.test('state: exported, imported only under its own appKey', async (t) => {
  const h = services(t)
  h.users('alice')
  // As PUT /_mock/state receives it: the exported document, through JSON.
  const doc = JSON.parse(JSON.stringify(h.s.control.exportState('hx#hxdemo'))) as Parameters<typeof h.s.control.importState>[1]
  t.strictSame(outcome(() => h.s.control.importState('other#app', doc)), illegal("app other#app does not match the document's appKey hx#hxdemo"))
  t.strictSame(outcome(() => h.s.control.importState(undefined, doc)), { ok: { imported: 'hx#hxdemo', users: 1, templates: 0, uuid: doc.uuid } })
  t.strictSame(outcome(() => h.s.control.importState('hx#hxdemo', { appKey: 'hx#hxdemo', clientId: 'id', clientSecret: 's' })),
    { ok: { imported: 'hx#hxdemo', users: 0, templates: 0, uuid: doc.uuid } }, 'no users or templates: 0 of each')
  t.strictSame(outcome(() => h.s.control.exportState('no#app')), noApp('no#app'))
})

t.test('the journal filter, fault defaults, presence', async (t) => {
  const h = services(t)
  h.s.controls.journal.record({ time: T0, app: 'hx#hxdemo', method: 'GET', url: '/hx/hxdemo/users', status: 404, durationMs: 1, requestBody: null, requestText: undefined, responseBody: '{}' })
  const filters: Array<[query: Record<string, string>, count: number]> = [[{}, 1], [{ status: '404' }, 1], [{ status: '200' }, 0], [{ method: 'PUT' }, 0]]
  for (const [query, count] of filters) t.equal(h.s.control.requests(query).length, count, JSON.stringify(query))

  t.match(h.s.control.addFault({}), { match: { method: undefined, path: undefined, app: undefined }, status: undefined, delayMs: 0, times: undefined, probability: 1, seed: 1 })
  const rule = h.s.control.addFault({ match: { path: '/hx/*' }, status: 429, delayMs: 5, times: 2, probability: 0.5, seed: 7 })
  t.match(rule, { match: { path: '/hx/*' }, status: 429, delayMs: 5, times: 2, probability: 0.5, seed: 7 })
  t.strictSame(outcome(() => h.s.control.removeFault(rule.id)), { ok: undefined })
  t.strictSame(outcome(() => h.s.control.removeFault(rule.id)), { status: 404, error: 'resource_not_found', description: `no fault rule ${rule.id}` })

  t.strictSame(h.s.control.setPresence('hx#hxdemo', 'Alice', true), { app: 'hx#hxdemo', username: 'alice', online: true })
  t.strictSame(h.s.control.presence('hx#hxdemo'), { app: 'hx#hxdemo', online: ['alice'] })
  t.strictSame(outcome(() => h.s.control.setPresence('no#app', 'alice', true)), noApp('no#app'))
  t.strictSame(outcome(() => h.s.control.presence('bad')), illegal('app must look like org#app, got "bad"'))
})
