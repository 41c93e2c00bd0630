import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { chmodSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import t, { type Test } from 'tap'
import { openDatabase } from '../../src/db/database.js'
import { migrate } from '../../src/db/migrate.js'
import { build } from '../helper.js'
import { run } from './server.js'

/**
 * The database file locked by another process, a read-only file, a folder that can't be made, a
 * full journal: one clear line on stderr, exit 1 (runtime) as src/server.ts maps it, and nothing
 * written to the file.
 */

t.setTimeout(240_000)

const sha = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex')

/** A migrated database holding one app, checkpointed and closed (no -wal left). */
function migratedDatabase (file: string): void {
  const db = openDatabase(file)
  migrate(db)
  db.exec("INSERT INTO apps (org_name, app_name, uuid, client_id, client_secret, created) VALUES ('keep', 'app', 'u-1', 'id', 'secret', 1)")
  db.close()
}

t.test('a database locked by another process: one line, exit 1, nothing written', async (t) => {
  const dir = t.testdir({})
  const file = join(dir, 'locked.db')
  // Another program's database in rollback-journal mode, mid-transaction with an exclusive lock.
  const holder = new Database(file)
  holder.exec('CREATE TABLE theirs (a)')
  holder.exec('BEGIN EXCLUSIVE')
  holder.exec('INSERT INTO theirs VALUES (1)')
  // The server waits its busy timeout (5 s) for the lock, then gives up.
  const r = await run(['--db', file, '--app', 'new#app:id:secret'])
  t.equal(r.code, 1)
  t.match(r.stderr, /^easemob-push-mock: cannot open database .*locked\.db: database is locked\n$/)
  holder.exec('ROLLBACK')
  t.equal(holder.pragma('user_version', { simple: true }), 0, 'no migration was applied')
  t.strictSame(holder.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all(), ['theirs'], 'no table was created')
  t.equal(holder.pragma('journal_mode', { simple: true }), 'delete', 'the journal mode is untouched')
  holder.close()
})

/**
 * Makes `path` unwritable for the server: a file mode, and where the tests run as root (which file
 * modes don't bind) the immutable attribute, which binds root too. False when neither is possible.
 */
function freeze (t: Test, path: string): boolean {
  chmodSync(path, 0o555)
  if (process.getuid?.() !== 0) return true
  if (spawnSync('chattr', ['+i', path]).status !== 0) return false
  // Lifted in the test body too: tap removes its test folder before teardowns registered later run.
  t.teardown(() => { spawnSync('chattr', ['-i', path]) })
  return true
}
const thaw = (path: string): void => { spawnSync('chattr', ['-i', path]) }

t.test('a read-only database file: one line, exit 1, the file unchanged', async (t) => {
  const dir = t.testdir({})
  const file = join(dir, 'readonly.db')
  migratedDatabase(file)
  const before = sha(file)
  if (!freeze(t, file)) {
    t.comment('running as root without chattr: nothing can make the file read-only')
    return
  }
  const r = await run(['--db', file, '--app', 'new#app:id:secret'])
  thaw(file)
  t.equal(r.code, 1)
  t.match(r.stderr, /^easemob-push-mock: cannot open database .*readonly\.db: .*readonly database\n$/)
  t.equal(sha(file), before, 'not a byte changed')
})

t.test('a folder that cannot be created: one line, exit 1', async (t) => {
  const dir = t.testdir({ locked: {} })
  const parent = join(dir, 'locked')
  if (!freeze(t, parent)) {
    t.comment('running as root without chattr: nothing can make the folder read-only')
    return
  }
  const r = await run(['--db', join(parent, 'missing', 'x.db')])
  thaw(parent)
  t.equal(r.code, 1)
  t.match(r.stderr, /^easemob-push-mock: cannot open database .*missing\/x\.db: .+\n$/)
  t.equal(r.stderr.split('\n').length, 2, 'one line')
})

t.test('a full journal keeps answering and stays at its size', async (t) => {
  const h = await build(t, { args: ['--journal-size', '5'] })
  await h.register('u1')
  const statuses = new Set<number>()
  for (let i = 0; i < 200; i++) {
    statuses.add((await h.app.inject({ method: 'PUT', url: h.path('/users/u1'), headers: h.auth, payload: { nickname: `n${i}` } })).statusCode)
  }
  t.strictSame([...statuses], [200], '200 writes past the journal size, all answered 200')
  const { requests } = (await h.app.inject({ method: 'GET', url: '/_mock/requests' })).json()
  t.equal(requests.length, 5, 'only the newest five are kept')
  t.strictSame(requests.map((r: { requestBody: { nickname: string } }) => r.requestBody.nickname), ['n195', 'n196', 'n197', 'n198', 'n199'])
  const user = await h.app.inject({ method: 'GET', url: h.path('/users/u1'), headers: h.auth })
  t.equal(user.json().entities[0].nickname, 'n199', 'every write went through')
})
