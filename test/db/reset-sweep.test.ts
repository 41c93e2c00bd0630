import type { Test } from 'tap'
import t from 'tap'
import { createClock } from '../../src/clock.js'
import { loadConfig } from '../../src/config.js'
import { openDatabase, type Db } from '../../src/db/database.js'
import { migrate } from '../../src/db/migrate.js'
import { createStateStore, TRASH_ORG } from '../../src/db/state.js'
import { createServices } from '../../src/services/index.js'

const T0 = 1647503749918

function setup (t: Test) {
  const result = loadConfig([], {})
  if (result.help) throw new Error('help')
  const db = openDatabase(':memory:')
  migrate(db)
  t.teardown(() => { if (db.open) db.close() })
  const s = createServices(db, { ...result.config, dbFile: ':memory:' }, createClock())
  const load = (appKey: string, users: number) => {
    const app = s.apps.upsert({ org: appKey.split('#')[0] as string, app: appKey.split('#')[1] as string, clientId: 'id', clientSecret: 'secret' }, T0)
    return s.state.import(app.id, {
      appKey,
      clientId: 'id',
      clientSecret: 'secret',
      users: Array.from({ length: users }, (_, i) => ({
        username: `u${i}`,
        bindings: [{ device_id: 'd', device_token: `t${i}`, notifier_name: 'apns' }],
        settings: [{ chattype: 'user', key: `u${i}`, type: 'NONE' }]
      })),
      templates: [{ name: 'tpl', title_pattern: 't', content_pattern: 'c' }]
    }, T0)
  }
  return { db, s, load }
}

const count = (db: Db, table: string): number => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n

/** Lets the scheduled sweep steps run to the end. */
async function swept (db: Db): Promise<void> {
  for (let i = 0; i < 10_000; i++) {
    if (count(db, `apps WHERE org_name = '${TRASH_ORG}'`) === 0) return
    await new Promise(resolve => setImmediate(resolve))
  }
  throw new Error('sweep did not finish')
}

t.test('a reset keeps the app (uuid, credentials, app tokens) and the sweep then deletes every old row', async (t) => {
  const { db, s, load } = setup(t)
  const before = load('o#a', 1200)
  const appToken = s.tokens.issue(before.id, null, null)
  const user = db.prepare('SELECT id FROM users WHERE username = ?').get('u1') as { id: number }
  const userToken = s.tokens.issue(before.id, user.id, null)
  await swept(db)

  const fresh = s.state.resetApp(before.id)
  t.not(fresh, before.id, 'the app continues under a new id')
  const after = s.apps.find('o', 'a')
  t.same(after, { ...before, id: fresh })
  t.same(s.apps.list().map(a => a.id), [fresh], 'the trashed row is not listed')
  t.equal(s.tokens.find(appToken)?.app_id, fresh, 'the app token stays')
  t.equal(s.tokens.find(userToken), undefined, 'user tokens go at once')
  t.equal(s.users.find(fresh, 'u1'), undefined, 'the old users are out of reach at once')

  await swept(db)
  for (const table of ['users', 'push_bindings', 'notification_settings', 'templates']) t.equal(count(db, table), 0, `${table} emptied`)
  t.equal(count(db, 'apps'), 1)
  t.same(db.pragma('foreign_key_check'), [])
})

t.test('the sweep works in steps of a bounded number of users', async (t) => {
  const { db, s, load } = setup(t)
  const app = load('o#a', 5)
  await swept(db)
  s.state.resetAll([app.id])
  // Take the steps here, before the scheduled ones run: 5 users in steps of 2, then the app row.
  const steps: boolean[] = []
  while (s.state.sweep(2)) steps.push(true)
  t.equal(steps.length, 4)
  t.equal(count(db, 'users'), 0)
  t.equal(s.state.sweep(), false, 'nothing left')
})

t.test('a full reset trashes the apps it does not keep, with their tokens', async (t) => {
  const { db, s, load } = setup(t)
  const kept = load('o#kept', 3)
  const gone = load('o#gone', 3)
  const token = s.tokens.issue(gone.id, null, null)
  s.state.resetAll([kept.id])
  t.same(s.apps.list().map(a => `${a.org_name}#${a.app_name}`), ['o#kept'])
  t.equal(s.tokens.find(token), undefined)
  await swept(db)
  t.equal(count(db, 'apps'), 1)
  t.equal(count(db, 'users'), 0)
})

t.test('trash left by a stopped process is swept when the store is created again', async (t) => {
  const { db, s, load } = setup(t)
  const app = load('o#a', 3)
  await swept(db)
  s.state.resetApp(app.id)
  // A second store on the same database, as at the next start, finds the trash and sweeps it.
  createStateStore(db)
  await swept(db)
  t.equal(count(db, 'users'), 0)
})

t.test('a sweep step scheduled before the database closed does nothing', async (t) => {
  const { db, s, load } = setup(t)
  const app = load('o#a', 3)
  s.state.resetApp(app.id)
  db.close()
  await new Promise(resolve => setImmediate(resolve))
  await new Promise(resolve => setImmediate(resolve))
  t.equal(db.open, false)
})

t.test('the sweep deletes a trashed app\'s groups and memberships too, leaving no dangling row', async (t) => {
  const { db, s, load } = setup(t)
  const app = load('o#g', 700) // more users than one sweep step takes
  const ids = db.prepare('SELECT id FROM users WHERE app_id = ? ORDER BY id').all(app.id) as Array<{ id: number }>
  const group = s.groups.create(app.id, {
    name: 'g', description: '', public: 1, maxusers: 1000, members_only: 0, allowinvites: 0, owner: 'u0', avatar: '', custom: ''
  }, ids.map(u => u.id), T0, () => '100000000000001')
  t.equal(s.groups.members(group).length, 700)
  await swept(db)

  s.state.resetApp(app.id)
  await swept(db)
  t.equal(count(db, 'chat_groups'), 0)
  t.equal(count(db, 'chat_group_members'), 0)
  t.equal(count(db, 'users'), 0)
  t.strictSame(db.pragma('foreign_key_check'), [], 'nothing points at a deleted row')
})
