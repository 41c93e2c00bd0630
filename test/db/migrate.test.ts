import { readdirSync } from 'node:fs'
import t from 'tap'
import { openDatabase, type Db } from '../../src/db/database.js'
import { migrate, MigrationError, MIGRATIONS_DIR, readMigrations } from '../../src/db/migrate.js'

const LATEST = readdirSync(MIGRATIONS_DIR).filter(f => f.endsWith('.sql')).length

function memoryDb (t: { teardown: (fn: () => void) => void }): Db {
  const db = openDatabase(':memory:')
  t.teardown(() => db.close())
  return db
}

const version = (db: Db): number => db.pragma('user_version', { simple: true }) as number

const tables = (db: Db): string[] =>
  db.prepare<[], { name: string }>("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").all().map(r => r.name)

t.test('a fresh database is brought to the latest version', async (t) => {
  const db = memoryDb(t)
  t.ok(LATEST >= 1, 'the project ships at least one migration')
  t.equal(version(db), 0)
  t.equal(migrate(db), LATEST)
  t.equal(version(db), LATEST)
  t.strictSame(tables(db), ['apps', 'chat_group_members', 'chat_groups', 'notification_settings', 'push_bindings', 'templates', 'tokens', 'users'])
})

t.test('running the migrations again changes nothing', async (t) => {
  const db = memoryDb(t)
  migrate(db)
  db.prepare("INSERT INTO apps (org_name, app_name, uuid, client_id, client_secret, created) VALUES ('o', 'a', 'u', 'c', 's', 1)").run()
  const schema = db.prepare('SELECT sql FROM sqlite_schema ORDER BY name').all()
  t.equal(migrate(db), LATEST)
  t.equal(version(db), LATEST)
  t.strictSame(db.prepare('SELECT sql FROM sqlite_schema ORDER BY name').all(), schema)
  t.strictSame(db.prepare('SELECT count(*) AS n FROM apps').get(), { n: 1 }, 'data survives')
})

t.test('a database written by a newer emulator is refused', async (t) => {
  const db = memoryDb(t)
  db.pragma(`user_version = ${LATEST + 1}`)
  t.throws(() => migrate(db), { name: 'MigrationError', message: /newer/ })
  t.throws(() => migrate(db), MigrationError)
  t.equal(version(db), LATEST + 1, 'version untouched')
  t.strictSame(tables(db), [], 'nothing applied')
})

t.test('only migrations above the current version are applied, in order', async (t) => {
  const dir = t.testdir({
    '0001_a.sql': 'CREATE TABLE a (x INTEGER) STRICT;',
    '0002_b.sql': 'CREATE TABLE b (x INTEGER) STRICT; INSERT INTO a VALUES (2);',
    'README.md': 'not a migration'
  })
  const db = memoryDb(t)
  db.exec('CREATE TABLE a (x INTEGER) STRICT')
  db.pragma('user_version = 1')
  t.equal(migrate(db, dir), 2)
  t.equal(version(db), 2)
  t.strictSame(tables(db), ['a', 'b'])
  t.strictSame(db.prepare('SELECT x FROM a').all(), [{ x: 2 }])
})

t.test('readMigrations lists .sql files by number with their text', async (t) => {
  const dir = t.testdir({
    '0002_second.sql': 'SELECT 2;',
    '0001_first.sql': 'SELECT 1;',
    'notes.txt': 'ignored'
  })
  t.strictSame(readMigrations(dir), [
    { version: 1, name: '0001_first.sql', sql: 'SELECT 1;' },
    { version: 2, name: '0002_second.sql', sql: 'SELECT 2;' }
  ])
})

t.test('a folder with no migrations is refused', async (t) => {
  const cases: Array<[string, Record<string, string>]> = [
    ['empty', {}],
    ['only other files', { 'README.md': '# hi', '0001_a.sql.bak': 'SELECT 1;' }]
  ]
  for (const [why, files] of cases) {
    const dir = t.testdir(files)
    const db = openDatabase(':memory:')
    t.throws(() => migrate(db, dir), { name: 'MigrationError', message: /^no migrations in / }, why)
    t.equal(version(db), 0)
    db.close()
  }
})

t.test('numbers with a gap or without a number are refused before anything runs', async (t) => {
  const cases: Array<[string, Record<string, string>, RegExp]> = [
    ['gap', { '0001_a.sql': 'CREATE TABLE a (x INTEGER);', '0003_c.sql': 'CREATE TABLE c (x INTEGER);' }, /0003_c\.sql is out of sequence: expected number 2/],
    ['not starting at 1', { '0002_b.sql': 'CREATE TABLE b (x INTEGER);' }, /0002_b\.sql .*expected number 1/],
    ['duplicate number', { '0001_a.sql': 'CREATE TABLE a (x INTEGER);', '0001_b.sql': 'CREATE TABLE b (x INTEGER);' }, /0001_b\.sql .*expected number 2/],
    ['no number', { '0001_a.sql': 'CREATE TABLE a (x INTEGER);', 'b.sql': 'CREATE TABLE b (x INTEGER);' }, /b\.sql .*expected number 2/],
    ['number without underscore', { '0001.sql': 'CREATE TABLE a (x INTEGER);' }, /0001\.sql .*expected number 1/]
  ]
  for (const [why, files, message] of cases) {
    const dir = t.testdir(files)
    const db = openDatabase(':memory:')
    t.throws(() => migrate(db, dir), { name: 'MigrationError', message }, why)
    t.equal(version(db), 0, `${why}: version untouched`)
    t.strictSame(tables(db), [], `${why}: no table created`)
    db.close()
  }
})

t.test('a migration with bad SQL rolls back entirely and stops', async (t) => {
  const dir = t.testdir({
    '0001_a.sql': 'CREATE TABLE a (x INTEGER) STRICT;',
    '0002_b.sql': 'CREATE TABLE b (x INTEGER) STRICT;\nINSERT INTO a VALUES (1);\nINSERT INTO missing VALUES (1);',
    '0003_c.sql': 'CREATE TABLE c (x INTEGER) STRICT;'
  })
  const db = memoryDb(t)
  t.throws(() => migrate(db, dir), /no such table: missing/)
  t.equal(version(db), 1, 'the good migration before it stays applied')
  t.strictSame(tables(db), ['a'], 'no partial table from the failed one, nothing after it')
  t.strictSame(db.prepare('SELECT x FROM a').all(), [], 'no partial row from the failed one')
  t.equal(db.inTransaction, false)
})

t.test('a failed migration can be retried once fixed', async (t) => {
  const db = memoryDb(t)
  const broken = t.testdir({
    '0001_a.sql': 'CREATE TABLE a (x INTEGER) STRICT;',
    '0002_b.sql': 'CREATE TABLE b (x INTEGER) STRICT; THIS IS NOT SQL;'
  })
  t.throws(() => migrate(db, broken))
  t.equal(version(db), 1)
  const fixed = t.testdir({
    '0001_a.sql': 'CREATE TABLE a (x INTEGER) STRICT;',
    '0002_b.sql': 'CREATE TABLE b (x INTEGER) STRICT;'
  })
  t.equal(migrate(db, fixed), 2)
  t.equal(version(db), 2)
  t.strictSame(tables(db), ['a', 'b'])
})

t.test('MigrationError is an Error named MigrationError', async (t) => {
  const err = new MigrationError('x')
  t.type(err, Error)
  t.equal(err.name, 'MigrationError')
  t.equal(err.message, 'x')
})
