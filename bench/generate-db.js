// Builds a large emulator database directly with SQL: the repo's migrations, one app
// (bench#app, client id/secret "id"/"secret") and N users with two push bindings each, in one
// transaction. `node bench/generate-db.js FILE [--users 1000000]` (after `npm run build`).
import { randomUUID } from 'node:crypto'
import { rmSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { pathToFileURL } from 'node:url'
import { openDatabase } from '../dist/db/database.js'
import { migrate } from '../dist/db/migrate.js'

export const BIG_APP = { org: 'bench', app: 'app', clientId: 'id', clientSecret: 'secret' }

/** Writes `file` afresh; returns the counts and the seconds it took. */
export function generateDb (file, users = 1_000_000) {
  const started = performance.now()
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true })
  const db = openDatabase(file)
  migrate(db)
  // Bulk load only: the file is thrown away if this process dies half-way.
  db.pragma('synchronous = OFF')
  db.pragma('cache_size = -200000')
  const now = Date.now()
  const insertApp = db.prepare('INSERT INTO apps (org_name, app_name, uuid, client_id, client_secret, created) VALUES (?, ?, ?, ?, ?, ?)')
  const insertUser = db.prepare(`INSERT INTO users (id, app_id, username, uuid, password_hash, created, modified, activated)
    VALUES (?, ?, ?, ?, NULL, ?, ?, 1)`)
  const insertBinding = db.prepare(`INSERT INTO push_bindings (user_id, device_id, notifier_name, device_token, seq)
    VALUES (?, ?, ?, ?, ?)`)
  db.transaction(() => {
    const appId = Number(insertApp.run(BIG_APP.org, BIG_APP.app, randomUUID(), BIG_APP.clientId, BIG_APP.clientSecret, now).lastInsertRowid)
    for (let i = 0; i < users; i++) {
      const id = i + 1
      insertUser.run(id, appId, `user${i}`, randomUUID(), now, now)
      insertBinding.run(id, `dev-${i}`, 'apns', `apns-token-${i}`, 1)
      insertBinding.run(id, `dev-${i}`, 'fcm', `fcm-token-${i}`, 2)
    }
  })()
  db.pragma('wal_checkpoint(TRUNCATE)')
  db.close()
  return { users, bindings: users * 2, seconds: (performance.now() - started) / 1000 }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { users: { type: 'string', default: '1000000' } } })
  const file = positionals[0]
  if (file === undefined) {
    process.stderr.write('usage: node bench/generate-db.js FILE [--users N]\n')
    process.exit(2)
  }
  const r = generateDb(file, Number(values.users))
  process.stdout.write(`${file}: ${r.users} users, ${r.bindings} bindings in ${r.seconds.toFixed(1)} s\n`)
}
