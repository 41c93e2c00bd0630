import { spawnSync } from 'node:child_process'
import { chmodSync, existsSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import t from 'tap'
import { DatabaseOpenError, openDatabase, PAGE_CACHE_KIB, returned, transaction } from '../../src/db/database.js'
import { migrate } from '../../src/db/migrate.js'

/** The error `openDatabase(file)` throws; fails the test if it is not a DatabaseOpenError. */
function openError (file: string): DatabaseOpenError {
  let caught: unknown
  try {
    openDatabase(file).close()
  } catch (err) {
    caught = err
  }
  if (!(caught instanceof DatabaseOpenError)) throw new Error(`expected DatabaseOpenError for ${file}, got ${String(caught)}`)
  return caught
}

t.test('a file database is created in a missing folder, in WAL mode', async (t) => {
  const dir = t.testdir({})
  const file = join(dir, 'nested', 'deeper', 'mock.db')
  const db = openDatabase(file)
  t.teardown(() => db.close())
  t.ok(statSync(join(dir, 'nested', 'deeper')).isDirectory(), 'folder created')
  t.ok(existsSync(file), 'file created')
  t.equal(db.pragma('journal_mode', { simple: true }), 'wal')
  t.equal(db.pragma('synchronous', { simple: true }), 1, 'NORMAL')
  t.equal(db.pragma('foreign_keys', { simple: true }), 1)
  t.equal(db.pragma('busy_timeout', { simple: true }), 5000)
  t.equal(db.pragma('locking_mode', { simple: true }), 'exclusive')
  t.equal(db.pragma('cache_size', { simple: true }), -PAGE_CACHE_KIB, 'a page cache in KiB')
})

t.test('the file is held exclusively while open: a second opener is refused, then let in after close', async (t) => {
  const file = join(t.testdir({}), 'owned.db')
  const first = openDatabase(file)
  migrate(first)
  const other = new Database(file, { readonly: true, timeout: 50 })
  t.throws(() => other.pragma('user_version'), /database is locked/, 'not even a reader gets in')
  other.close()
  first.close()
  const second = openDatabase(file)
  t.teardown(() => second.close())
  t.ok(second.pragma('user_version', { simple: true }) as number > 0, 'the next opener finds the migrated file')
})

t.test('a file database keeps its data across reopen', async (t) => {
  const file = join(t.testdir({}), 'mock.db')
  const first = openDatabase(file)
  migrate(first)
  first.prepare("INSERT INTO apps (org_name, app_name, uuid, client_id, client_secret, created) VALUES ('o', 'a', 'u', 'c', 's', 1)").run()
  first.close()
  const second = openDatabase(file)
  t.teardown(() => second.close())
  t.strictSame(second.prepare('SELECT org_name, app_name FROM apps').all(), [{ org_name: 'o', app_name: 'a' }])
})

t.test('an in-memory database enforces foreign keys', async (t) => {
  const db = openDatabase(':memory:')
  t.teardown(() => db.close())
  t.equal(db.pragma('foreign_keys', { simple: true }), 1)
  t.equal(db.pragma('journal_mode', { simple: true }), 'memory', 'WAL does not apply to :memory:')
  migrate(db)
  t.throws(
    () => db.prepare("INSERT INTO users (app_id, username, uuid, created, modified) VALUES (99, 'u', 'x', 1, 1)").run(),
    /FOREIGN KEY constraint failed/
  )
})

t.test('a path under a regular file cannot be opened', async (t) => {
  const dir = t.testdir({ 'plain.txt': 'not a folder' })
  const file = join(dir, 'plain.txt', 'mock.db')
  const err = openError(file)
  t.equal(err.name, 'DatabaseOpenError')
  t.ok(err.message.startsWith(`cannot open database ${file}: `), err.message)
  t.notMatch(err.message, /\n/)
})

t.test('a directory cannot be opened as a database', async (t) => {
  const dir = t.testdir({ sub: {} })
  const file = join(dir, 'sub')
  const err = openError(file)
  t.ok(err.message.startsWith(`cannot open database ${file}: `), err.message)
  t.notMatch(err.message, /\n/)
})

t.test('a file that is not SQLite cannot be opened', async (t) => {
  const dir = t.testdir({ 'junk.db': 'this is not a database file, just some text that is long enough'.repeat(20) })
  const err = openError(join(dir, 'junk.db'))
  t.match(err.message, /^cannot open database .*junk\.db: .*not a database/)
  t.notMatch(err.message, /\n/)
})

t.test('transaction returns the result and commits', async (t) => {
  const db = openDatabase(':memory:')
  t.teardown(() => db.close())
  db.exec('CREATE TABLE x (n INTEGER)')
  const add = transaction(db, (a: number, b: number): number => {
    db.prepare('INSERT INTO x VALUES (?)').run(a)
    db.prepare('INSERT INTO x VALUES (?)').run(b)
    return a + b
  })
  t.equal(add(1, 2), 3)
  t.strictSame(db.prepare('SELECT n FROM x ORDER BY n').all(), [{ n: 1 }, { n: 2 }])
})

t.test('transaction rolls back every write when the function throws', async (t) => {
  const db = openDatabase(':memory:')
  t.teardown(() => db.close())
  db.exec('CREATE TABLE x (n INTEGER)')
  const failing = transaction(db, (n: number): void => {
    db.prepare('INSERT INTO x VALUES (?)').run(n)
    throw new Error('boom')
  })
  t.throws(() => failing(1), /boom/)
  t.strictSame(db.prepare('SELECT n FROM x').all(), [])
})

t.test('returned: the RETURNING row, and a run of such writes keeps the WAL checkpointed', async (t) => {
  const file = join(t.testdir({}), 'wal.db')
  const db = openDatabase(file)
  t.teardown(() => db.close())
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER NOT NULL, pad TEXT NOT NULL)')
  const upsert = db.prepare<[number, number, string], { id: number, n: number }>(
    'INSERT INTO t (id, n, pad) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET n = t.n + excluded.n RETURNING id, n')
  t.strictSame(returned(upsert, 1, 5, ''), { id: 1, n: 5 })
  t.strictSame(returned(upsert, 1, 2, ''), { id: 1, n: 7 }, 'the row after the write')
  // Each write dirties a page; SQLite checkpoints every 1,000 pages and then starts the WAL over,
  // unless a statement is still open when its commit checkpoints (what `.get()` leaves).
  for (let i = 0; i < 3000; i++) returned(upsert, i % 50, 1, 'x'.repeat(3000))
  const pages = statSync(`${file}-wal`).size / 4096
  t.ok(pages < 1500, `the WAL holds ${Math.round(pages)} pages, not one per write`)
})

t.test('DatabaseOpenError is an Error named DatabaseOpenError', async (t) => {
  const err = new DatabaseOpenError('x')
  t.type(err, Error)
  t.equal(err.name, 'DatabaseOpenError')
})

t.test('a file it may only read fails to open, naming the file, and is not changed', async (t) => {
  const dir = t.testdir({})
  const file = join(dir, 'readonly.db')
  openDatabase(file).close()
  const before = readFileSync(file)
  chmodSync(file, 0o444)
  // File modes don't bind root; the immutable attribute does, where the file system has it.
  if (process.getuid?.() === 0 && spawnSync('chattr', ['+i', file]).status !== 0) {
    t.comment('root without chattr')
    return
  }
  let err: DatabaseOpenError
  try {
    err = openError(file)
  } finally {
    spawnSync('chattr', ['-i', file])
  }
  t.match(err.message, /^cannot open database .*readonly\.db: attempt to write a readonly database$/)
  t.strictSame(readFileSync(file), before)
})
