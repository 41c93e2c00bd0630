import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import t from 'tap'
import { openDatabase } from '../../src/db/database.js'
import { migrate, MIGRATIONS_DIR, readMigrations } from '../../src/db/migrate.js'
import { appToken, ok, request, start, type Reply } from './server.js'

/**
 * One server process, three stories in a row: it opens a database written by the first migration
 * alone and upgrades it without losing data; many parallel clients write through it and no
 * acknowledged write is lost; SIGTERM under load lets in-flight requests finish and exits 0 with
 * the WAL checkpointed.
 */

t.setTimeout(240_000)

const CLIENTS = 16
const ROUNDS = 25
const DRAIN = 20

/** A database as the first release left it: migration 0001 only, with data written by its schema. */
function firstReleaseDatabase (dir: string): string {
  const first = readdirSync(MIGRATIONS_DIR).filter(f => f.endsWith('.sql')).sort()[0] as string
  const only = join(dir, 'first-migration')
  mkdirSync(only)
  copyFileSync(join(MIGRATIONS_DIR, first), join(only, first))
  const file = join(dir, 'old.db')
  const db = openDatabase(file)
  migrate(db, only)
  // Plain SQL against 0001's tables: merged migrations are never edited, so this stays valid.
  db.exec(`
    INSERT INTO apps (id, org_name, app_name, uuid, client_id, client_secret, created)
      VALUES (1, 'old', 'app', '0e4f5a4a-0000-4000-8000-000000000001', 'cid', 'secret', 1600000000000);
    INSERT INTO users (id, app_id, username, uuid, password_hash, created, modified, nickname,
        notification_display_style, notification_no_disturbing, notification_no_disturbing_start,
        notification_no_disturbing_end, language, template_name)
      VALUES (1, 1, 'alice', '0e4f5a4a-0000-4000-8000-0000000000a1', NULL, 1600000000000, 1600000001000, 'Old Alice',
        1, 1, 22, 7, 'fr', 'welcome');
    INSERT INTO tokens (token, app_id, user_id, expires_at) VALUES ('old-app-token', 1, NULL, NULL);
    INSERT INTO push_bindings (user_id, device_id, notifier_name, device_token, seq)
      VALUES (1, 'dev1', 'apns', 'tok1', 1), (1, 'dev2', 'fcm', 'tok2', 2);
    INSERT INTO notification_settings (user_id, chattype, key, type, ignore_interval, ignore_until)
      VALUES (1, 'user', 'alice', 'AT', '21:30-08:00', NULL), (1, 'chatgroup', 'g1', 'NONE', NULL, 4102444800000);
    INSERT INTO templates (app_id, name, title_pattern, content_pattern, create_at, update_at)
      VALUES (1, 'welcome', 'Hi {0}', '{$fromNickname}: {$msg}', 1600000000000, 1600000002000);
  `)
  t.equal(db.pragma('user_version', { simple: true }), 1, 'the fixture is at schema version 1')
  db.close()
  return file
}

t.test('upgrade, parallel writers and SIGTERM under load, on one server', async (t) => {
  const dir = t.testdir({})
  const file = firstReleaseDatabase(dir)
  const server = await start(['--db', file])
  t.teardown(() => { server.child.kill('SIGKILL') })
  const base = server.url
  const old = 'old-app-token'

  await t.test('a database of the first migration opens, migrates and keeps its data', async (t) => {
    const user = await ok(base, 'GET', '/old/app/users/alice', undefined, old)
    t.match(user.entities[0], {
      username: 'alice',
      nickname: 'Old Alice',
      notification_display_style: 1,
      notification_no_disturbing: true,
      notification_no_disturbing_start: 22,
      notification_no_disturbing_end: 7,
      created: 1600000000000
    })
    t.strictSame((await ok(base, 'GET', '/old/app/users/alice/push/binding', undefined, old)).entities, [
      { device_id: 'dev1', device_token: 'tok1', notifier_name: 'apns' },
      { device_id: 'dev2', device_token: 'tok2', notifier_name: 'fcm' }
    ])
    t.strictSame((await ok(base, 'GET', '/old/app/users/alice/notification/user/alice', undefined, old)).data,
      { type: 'AT', ignoreDuration: 0, ignoreInterval: '21:30-08:00' })
    t.strictSame((await ok(base, 'GET', '/old/app/users/alice/notification/chatgroup/g1', undefined, old)).data,
      { type: 'NONE', ignoreDuration: 4102444800000, ignoreInterval: '' })
    t.equal((await ok(base, 'GET', '/old/app/users/alice/notification/language', undefined, old)).data.language, 'fr')
    t.equal((await ok(base, 'GET', '/old/app/users/alice/notification/template', undefined, old)).data.templateName, 'welcome')
    t.match((await ok(base, 'GET', '/old/app/notification/template/welcome', undefined, old)).data,
      { name: 'welcome', title_pattern: 'Hi {0}', content_pattern: '{$fromNickname}: {$msg}', createAt: 1600000000000 })
    t.equal(await appToken(base, 'old', 'app', 'cid', 'secret') !== '', true, 'the stored credentials still issue tokens')
    const state = await ok(base, 'GET', '/_mock/state?app=old%23app')
    t.equal(state.uuid, '0e4f5a4a-0000-4000-8000-000000000001', 'the app keeps its uuid')

    // The server holds the file exclusively while it runs; the schema version is checked after it stops.
    const other = new Database(file, { readonly: true, timeout: 50 })
    t.throws(() => other.pragma('user_version'), /database is locked/, 'another process can\'t read the file under a running server')
    other.close()
  })

  await t.test('parallel clients on the same and on different users lose no acknowledged write', async (t) => {
    const token = await appToken(base, 'old', 'app', 'cid', 'secret')
    await ok(base, 'POST', '/old/app/users', [{ username: 'shared', password: 'p' },
      ...Array.from({ length: CLIENTS }, (_, i) => ({ username: `own${i}`, password: 'p' }))], token)
    const acked = { shared: [] as string[], nicknames: new Map<number, string>(), groups: new Map<string, string>() }
    await Promise.all(Array.from({ length: CLIENTS }, async (_, i) => {
      for (let r = 0; r < ROUNDS; r++) {
        // The same user: every client adds its own device.
        const device = `c${i}-r${r}`
        await ok(base, 'PUT', '/old/app/users/shared/push/binding', { device_id: device, device_token: `t-${device}`, notifier_name: 'n' }, token)
        acked.shared.push(device)
        // The same record of the same user: the merged setting of one conversation, from every client.
        await ok(base, 'PUT', '/old/app/users/shared/notification/chatgroup/common', { ignoreInterval: `${i % 24}:${r}-23:59` }, token)
        // Its own user: a nickname (last write wins) and one setting per round.
        const nickname = `n-${i}-${r}`
        await ok(base, 'PUT', `/old/app/users/own${i}`, { nickname }, token)
        acked.nicknames.set(i, nickname)
        const type = ['ALL', 'AT', 'NONE'][r % 3] as string
        await ok(base, 'PUT', `/old/app/users/own${i}/notification/chatgroup/g${r}`, { type }, token)
        acked.groups.set(`${i}/g${r}`, type)
      }
    }))
    t.equal(acked.shared.length, CLIENTS * ROUNDS)

    const shared = await ok(base, 'GET', '/old/app/users/shared/push/binding', undefined, token)
    t.strictSame(shared.entities.map((b: { device_id: string }) => b.device_id).sort(), [...acked.shared].sort(),
      'every acknowledged device of the shared user is stored, once')
    const common = await ok(base, 'GET', '/old/app/users/shared/notification/chatgroup/common', undefined, token)
    t.match(common.data.ignoreInterval, /^\d\d:\d\d-23:59$/, 'the shared record holds one whole write')
    let lost = 0
    for (let i = 0; i < CLIENTS; i++) {
      const user = await ok(base, 'GET', `/old/app/users/own${i}`, undefined, token)
      if (user.entities[0].nickname !== acked.nicknames.get(i)) lost++
      for (let r = 0; r < ROUNDS; r++) {
        const s = await ok(base, 'GET', `/old/app/users/own${i}/notification/chatgroup/g${r}`, undefined, token)
        if (s.data.type !== acked.groups.get(`${i}/g${r}`)) lost++
      }
    }
    t.equal(lost, 0, `every client's last nickname and all ${CLIENTS * ROUNDS} settings are as acknowledged`)
  })

  await t.test('SIGTERM lets in-flight requests finish, then exits 0 with the WAL checkpointed', async (t) => {
    const token = await appToken(base, 'old', 'app', 'cid', 'secret')
    // Held in the server for a while, so they are certainly in flight when the signal arrives.
    const rule = await request(base, 'POST', '/_mock/faults', { match: { method: 'PUT', path: '/old/app/users/shared/push/binding' }, delayMs: 1500, times: DRAIN })
    t.equal(rule.status, 201)
    const inFlight: Array<Promise<Reply>> = Array.from({ length: DRAIN }, (_, k) =>
      request(base, 'PUT', '/old/app/users/shared/push/binding', { device_id: `drain${k}`, device_token: 'x', notifier_name: 'n' }, token))
    // Wait until the server has received every one of them (the rule counts its hits).
    for (;;) {
      const { faults } = await ok(base, 'GET', '/_mock/faults')
      if (faults[0].hits === DRAIN) break
      await new Promise(resolve => setTimeout(resolve, 20))
    }
    server.child.kill('SIGTERM')
    const replies = await Promise.allSettled(inFlight)
    const failed = replies.filter(r => r.status === 'rejected').map(r => String((r as PromiseRejectedResult).reason?.cause ?? (r as PromiseRejectedResult).reason))
    t.strictSame(failed, [], 'no in-flight request lost its connection')
    t.strictSame(replies.map(r => r.status === 'fulfilled' ? r.value.status : 0), Array.from({ length: DRAIN }, () => 200), 'every one was answered 200')
    t.equal(await server.exited, 0, 'exit code 0')
    t.equal(server.stderr(), '', 'nothing on stderr')

    const wal = `${file}-wal`
    t.ok(!existsSync(wal) || statSync(wal).size === 0, 'the WAL was checkpointed into the database')
    const check = new Database(file, { readonly: true })
    t.equal(check.pragma('integrity_check', { simple: true }), 'ok')
    t.equal(check.pragma('user_version', { simple: true }), readMigrations().length, 'every later migration was applied')
    const drained = check.prepare("SELECT count(*) AS n FROM push_bindings WHERE device_id LIKE 'drain%'").get() as { n: number }
    t.equal(drained.n, DRAIN, 'their writes are in the database')
    check.close()
  })
})
