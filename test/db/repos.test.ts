import t, { type Test } from 'tap'
import { openDatabase, type Db } from '../../src/db/database.js'
import { migrate } from '../../src/db/migrate.js'
import { createAppsRepo } from '../../src/db/repositories/apps-repo.js'
import { createPushRepo } from '../../src/db/repositories/push-repo.js'
import { createTemplatesRepo } from '../../src/db/repositories/templates-repo.js'
import { createTokensRepo } from '../../src/db/repositories/tokens-repo.js'
import { createUsersRepo, hashPassword, verifyPassword } from '../../src/db/repositories/users-repo.js'

const T0 = 1647503749918

/** A migrated `:memory:` database with one app, closed when the test ends. */
function setup (t: Test): { db: Db, appId: number } {
  const db = openDatabase(':memory:')
  t.teardown(() => db.close())
  migrate(db)
  const app = createAppsRepo(db).create({ org: 'hx', app: 'demo', clientId: 'id', clientSecret: 'secret' }, T0)
  return { db, appId: app.id }
}

const count = (db: Db, table: string): number =>
  (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n

t.test('hashPassword salts, and verifyPassword accepts only the right password', async (t) => {
  const a = hashPassword('pw')
  const b = hashPassword('pw')
  t.match(a, /^[0-9a-f]{16}:[0-9a-f]{64}$/)
  t.not(a, b, 'each hash has its own salt')
  t.equal(verifyPassword(a, 'pw'), true)
  t.equal(verifyPassword(b, 'pw'), true)
  t.equal(verifyPassword(a, 'PW'), false)
  t.equal(verifyPassword(a, ''), false)
  t.equal(verifyPassword(hashPassword(''), ''), true)
  t.equal(verifyPassword(hashPassword('密码'), '密码'), true)
})

t.test('verifyPassword refuses a missing or garbled hash instead of throwing', async (t) => {
  const good = hashPassword('pw')
  const [salt = '', digest = ''] = good.split(':')
  const cases: Array<[string | null, string]> = [
    [null, 'null: user created without a password'],
    ['', 'empty'],
    ['garbage', 'no separator'],
    [`${salt}:`, 'no digest'],
    [`:${digest}`, 'salt missing, so the digest does not match'],
    [`${salt}:zz`, 'digest not hex'],
    [`${salt}:${digest.slice(0, 62)}`, 'digest one byte short'],
    [`${salt}:${digest}00`, 'digest one byte long'],
    [`${salt}x:${digest}`, 'salt changed']
  ]
  for (const [stored, why] of cases) {
    t.equal(verifyPassword(stored, 'pw'), false, why)
  }
})

t.test('apps: create, find and list in creation order', async (t) => {
  const { db } = setup(t)
  const apps = createAppsRepo(db)
  const second = apps.create({ org: 'hx', app: 'other', clientId: 'c2', clientSecret: 's2' }, T0 + 1)
  t.match(second, { org_name: 'hx', app_name: 'other', client_id: 'c2', client_secret: 's2', created: T0 + 1 })
  t.match(second.uuid, /^[0-9a-f-]{36}$/)
  t.strictSame(apps.find('hx', 'other'), second)
  t.equal(apps.find('hx', 'missing'), undefined)
  t.equal(apps.find('HX', 'other'), undefined, 'names are case-sensitive')
  t.strictSame(apps.list().map(a => a.app_name), ['demo', 'other'])
})

t.test('apps: upsert creates a missing app', async (t) => {
  const { db } = setup(t)
  const apps = createAppsRepo(db)
  const created = apps.upsert({ org: 'o', app: 'new', clientId: 'c', clientSecret: 's' }, T0 + 5)
  t.match(created, { org_name: 'o', app_name: 'new', client_id: 'c', client_secret: 's', created: T0 + 5 })
  t.strictSame(apps.find('o', 'new'), created)
  t.equal(apps.list().length, 2)
})

t.test('apps: upsert of an existing app re-keys it and keeps its id, uuid, creation time and data', async (t) => {
  const { db, appId } = setup(t)
  const apps = createAppsRepo(db)
  const before = apps.find('hx', 'demo')
  createTemplatesRepo(db).create(appId, { name: 'default', title_pattern: 't', content_pattern: 'c' }, T0)
  const after = apps.upsert({ org: 'hx', app: 'demo', clientId: 'newId', clientSecret: 'newSecret' }, T0 + 1000)
  t.strictSame(after, { ...before, client_id: 'newId', client_secret: 'newSecret' })
  t.strictSame(apps.find('hx', 'demo'), after)
  t.equal(apps.list().length, 1)
  t.equal(count(db, 'templates'), 1, 'data kept')
})

t.test('apps: remove deletes the app and everything it owns', async (t) => {
  const { db, appId } = setup(t)
  const apps = createAppsRepo(db)
  const other = apps.create({ org: 'hx', app: 'other', clientId: 'c', clientSecret: 's' }, T0)
  const users = createUsersRepo(db)
  const u = users.create(appId, { username: 'u1' }, T0)
  const keep = users.create(other.id, { username: 'u1' }, T0)
  createTokensRepo(db).issue(appId, u.id, null)
  createPushRepo(db).bind(u.id, { device_id: 'd', device_token: 'tok', notifier_name: 'n' })
  createPushRepo(db).putSetting(u.id, 'user', 'u1', { type: 'NONE', ignore_interval: null, ignore_until: null })
  createTemplatesRepo(db).create(appId, { name: 'tpl', title_pattern: 't', content_pattern: 'c' }, T0)

  apps.remove(appId)
  t.equal(apps.find('hx', 'demo'), undefined)
  t.strictSame(apps.list().map(a => a.id), [other.id])
  for (const table of ['tokens', 'push_bindings', 'notification_settings', 'templates']) {
    t.equal(count(db, table), 0, `${table} emptied`)
  }
  t.strictSame(users.find(other.id, 'u1'), keep, 'the other app keeps its user')
  t.equal(count(db, 'users'), 1)
  apps.remove(appId) // removing again is harmless
  t.equal(apps.list().length, 1)
})

t.test('users: create with and without a password and nickname', async (t) => {
  const { db, appId } = setup(t)
  const users = createUsersRepo(db)
  const plain = users.create(appId, { username: 'a' }, T0)
  t.match(plain, { app_id: appId, username: 'a', password_hash: null, nickname: null, created: T0, modified: T0, activated: 1 })
  const full = users.create(appId, { username: 'b', password: 'pw', nickname: '环信' }, T0)
  t.equal(full.nickname, '环信')
  t.equal(verifyPassword(full.password_hash, 'pw'), true)
  t.not(full.uuid, plain.uuid)
  t.strictSame(users.find(appId, 'b'), full)
  t.equal(users.find(appId, 'c'), undefined)
  t.throws(() => users.create(appId, { username: 'a' }, T0), /UNIQUE/)
})

t.test('users: update sets only the given columns and modified, and null clears', async (t) => {
  const { db, appId } = setup(t)
  const users = createUsersRepo(db)
  const u = users.create(appId, { username: 'a', nickname: 'nick' }, T0)
  const first = users.update(u.id, { notification_no_disturbing: 1, notification_no_disturbing_start: 22, notification_no_disturbing_end: 7 }, T0 + 1)
  t.strictSame(first, {
    ...u,
    modified: T0 + 1,
    notification_no_disturbing: 1,
    notification_no_disturbing_start: 22,
    notification_no_disturbing_end: 7
  })
  const second = users.update(u.id, { nickname: null, language: 'zh' }, T0 + 2)
  t.strictSame(second, { ...first, nickname: null, language: 'zh', modified: T0 + 2 })
  // the same column set again reuses its statement and still binds the new values
  const third = users.update(u.id, { nickname: 'x', language: 'en' }, T0 + 3)
  t.strictSame(third, { ...second, nickname: 'x', language: 'en', modified: T0 + 3 })
  const touched = users.update(u.id, {}, T0 + 4)
  t.strictSame(touched, { ...third, modified: T0 + 4 }, 'an empty patch only touches modified')
  t.strictSame(users.find(appId, 'a'), touched)
})

t.test('users: remove deletes the user with its tokens, bindings and settings', async (t) => {
  const { db, appId } = setup(t)
  const users = createUsersRepo(db)
  const u = users.create(appId, { username: 'a' }, T0)
  const other = users.create(appId, { username: 'b' }, T0)
  const tokens = createTokensRepo(db)
  const push = createPushRepo(db)
  const userToken = tokens.issue(appId, u.id, null)
  const appToken = tokens.issue(appId, null, null)
  push.bind(u.id, { device_id: 'd', device_token: 'tok', notifier_name: 'n' })
  push.bind(other.id, { device_id: 'd', device_token: 'tok', notifier_name: 'n' })
  push.putSetting(u.id, 'user', 'a', { type: 'NONE', ignore_interval: null, ignore_until: null })

  users.remove(u.id)
  t.equal(users.find(appId, 'a'), undefined)
  t.equal(tokens.find(userToken), undefined)
  t.ok(tokens.find(appToken))
  t.strictSame(push.bindings(u.id), [])
  t.equal(push.setting(u.id, 'user', 'a'), undefined)
  t.equal(push.bindings(other.id).length, 1, 'other users untouched')
})

t.test('tokens: issue looks like the vendor\'s and find returns its owner', async (t) => {
  const { db, appId } = setup(t)
  const tokens = createTokensRepo(db)
  const u = createUsersRepo(db).create(appId, { username: 'alice' }, T0)
  const appToken = tokens.issue(appId, null, T0 + 1000)
  const userToken = tokens.issue(appId, u.id, null)
  t.match(appToken, /^YWMt[A-Za-z0-9_-]{64}$/)
  t.not(appToken, userToken)
  t.strictSame(tokens.find(appToken), { token: appToken, app_id: appId, user_id: null, expires_at: T0 + 1000, username: null })
  t.strictSame(tokens.find(userToken), { token: userToken, app_id: appId, user_id: u.id, expires_at: null, username: 'alice' })
  t.equal(tokens.find('YWMtnope'), undefined)
})

t.test('tokens: purgeExpired drops tokens expired at or before now and keeps the rest', async (t) => {
  const { db, appId } = setup(t)
  const tokens = createTokensRepo(db)
  const past = tokens.issue(appId, null, T0 - 1)
  const exact = tokens.issue(appId, null, T0)
  const future = tokens.issue(appId, null, T0 + 1)
  const forever = tokens.issue(appId, null, null)
  t.equal(tokens.purgeExpired(T0), 2)
  t.equal(tokens.find(past), undefined)
  t.equal(tokens.find(exact), undefined)
  t.ok(tokens.find(future))
  t.ok(tokens.find(forever))
  t.equal(tokens.purgeExpired(T0), 0, 'nothing left to purge')
  t.equal(tokens.purgeExpired(T0 + 1), 1)
  t.equal(tokens.purgeExpired(Number.MAX_SAFE_INTEGER), 0, 'a token without expiry is never purged')
  t.ok(tokens.find(forever))
})

t.test('templates: create refuses a taken name, per app', async (t) => {
  const { db, appId } = setup(t)
  const templates = createTemplatesRepo(db)
  const created = templates.create(appId, { name: 'tpl', title_pattern: 'T {0}', content_pattern: 'C {1}' }, T0)
  t.strictSame(created, { name: 'tpl', title_pattern: 'T {0}', content_pattern: 'C {1}', create_at: T0, update_at: T0 })
  t.equal(templates.create(appId, { name: 'tpl', title_pattern: 'x', content_pattern: 'y' }, T0 + 1), undefined)
  t.strictSame(templates.find(appId, 'tpl'), created, 'the original is unchanged')
  const other = createAppsRepo(db).create({ org: 'hx', app: 'other', clientId: 'c', clientSecret: 's' }, T0)
  t.ok(templates.create(other.id, { name: 'tpl', title_pattern: 'x', content_pattern: 'y' }, T0), 'another app may use the name')
})

t.test('templates: update changes the patterns and update_at', async (t) => {
  const { db, appId } = setup(t)
  const templates = createTemplatesRepo(db)
  templates.create(appId, { name: 'tpl', title_pattern: 'a', content_pattern: 'b' }, T0)
  t.strictSame(templates.update(appId, 'tpl', { title_pattern: 'c', content_pattern: 'd' }, T0 + 10),
    { name: 'tpl', title_pattern: 'c', content_pattern: 'd', create_at: T0, update_at: T0 + 10 })
})

t.test('templates: update and remove of a missing name return undefined and change nothing', async (t) => {
  const { db, appId } = setup(t)
  const templates = createTemplatesRepo(db)
  templates.create(appId, { name: 'keep', title_pattern: 'a', content_pattern: 'b' }, T0)
  t.equal(templates.update(appId, 'missing', { title_pattern: 'c', content_pattern: 'd' }, T0 + 1), undefined)
  t.equal(templates.find(appId, 'missing'), undefined, 'update does not create')
  t.equal(templates.remove(appId, 'missing'), undefined)
  t.strictSame(templates.find(appId, 'keep'), { name: 'keep', title_pattern: 'a', content_pattern: 'b', create_at: T0, update_at: T0 })
})

t.test('templates: remove returns the deleted template', async (t) => {
  const { db, appId } = setup(t)
  const templates = createTemplatesRepo(db)
  const created = templates.create(appId, { name: 'tpl', title_pattern: 'a', content_pattern: 'b' }, T0)
  t.strictSame(templates.remove(appId, 'tpl'), created)
  t.equal(templates.find(appId, 'tpl'), undefined)
  t.equal(templates.remove(appId, 'tpl'), undefined, 'a second remove finds nothing')
})

t.test('push: bind stores, replaces and lists a device\'s bindings in first-bound order', async (t) => {
  const { db, appId } = setup(t)
  const push = createPushRepo(db)
  const u = createUsersRepo(db).create(appId, { username: 'a' }, T0)
  t.strictSame(push.bind(u.id, { device_id: 'd1', device_token: 't1', notifier_name: 'n1' }),
    [{ device_id: 'd1', device_token: 't1', notifier_name: 'n1' }])
  push.bind(u.id, { device_id: 'd2', device_token: 't3', notifier_name: 'n1' })
  t.strictSame(push.bind(u.id, { device_id: 'd1', device_token: 't2', notifier_name: 'n2' }), [
    { device_id: 'd1', device_token: 't1', notifier_name: 'n1' },
    { device_id: 'd1', device_token: 't2', notifier_name: 'n2' }
  ])
  t.strictSame(push.bind(u.id, { device_id: 'd1', device_token: 'new', notifier_name: 'n1' }), [
    { device_id: 'd1', device_token: 'new', notifier_name: 'n1' },
    { device_id: 'd1', device_token: 't2', notifier_name: 'n2' }
  ], 'replacing a token keeps the binding\'s place')
  t.strictSame(push.bindings(u.id), [
    { device_id: 'd1', device_token: 'new', notifier_name: 'n1' },
    { device_id: 'd2', device_token: 't3', notifier_name: 'n1' },
    { device_id: 'd1', device_token: 't2', notifier_name: 'n2' }
  ])
})

t.test('push: an empty token unbinds one binding, an empty notifier unbinds the device', async (t) => {
  const { db, appId } = setup(t)
  const push = createPushRepo(db)
  const u = createUsersRepo(db).create(appId, { username: 'a' }, T0)
  push.bind(u.id, { device_id: 'd1', device_token: 't1', notifier_name: 'n1' })
  push.bind(u.id, { device_id: 'd1', device_token: 't2', notifier_name: 'n2' })
  push.bind(u.id, { device_id: 'd2', device_token: 't3', notifier_name: 'n1' })
  t.strictSame(push.bind(u.id, { device_id: 'd1', device_token: '', notifier_name: 'n1' }),
    [{ device_id: 'd1', device_token: 't2', notifier_name: 'n2' }])
  t.strictSame(push.bind(u.id, { device_id: 'd1', device_token: 'ignored', notifier_name: '' }), [])
  t.strictSame(push.bindings(u.id), [{ device_id: 'd2', device_token: 't3', notifier_name: 'n1' }])
  t.strictSame(push.bind(u.id, { device_id: 'd9', device_token: '', notifier_name: 'n1' }), [], 'unbinding nothing is fine')
})

t.test('push: settings are stored per chattype and key and replaced whole', async (t) => {
  const { db, appId } = setup(t)
  const push = createPushRepo(db)
  const u = createUsersRepo(db).create(appId, { username: 'a' }, T0)
  t.equal(push.setting(u.id, 'user', 'a'), undefined)
  push.putSetting(u.id, 'user', 'a', { type: 'AT', ignore_interval: '22:00-07:00', ignore_until: T0 + 1 })
  push.putSetting(u.id, 'chatgroup', 'a', { type: 'NONE', ignore_interval: null, ignore_until: null })
  t.strictSame(push.setting(u.id, 'user', 'a'), { type: 'AT', ignore_interval: '22:00-07:00', ignore_until: T0 + 1 })
  t.strictSame(push.setting(u.id, 'chatgroup', 'a'), { type: 'NONE', ignore_interval: null, ignore_until: null })
  push.putSetting(u.id, 'user', 'a', { type: null, ignore_interval: '', ignore_until: null })
  t.strictSame(push.setting(u.id, 'user', 'a'), { type: null, ignore_interval: '', ignore_until: null })
  t.equal(push.setting(u.id, 'user', 'b'), undefined)
})
