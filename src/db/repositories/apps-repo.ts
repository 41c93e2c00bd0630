import { randomUUID } from 'node:crypto'
import { transaction, type Db } from '../database.js'

export interface AppRow {
  id: number
  org_name: string
  app_name: string
  uuid: string
  client_id: string
  client_secret: string
  created: number
}

export interface NewApp {
  org: string
  app: string
  clientId: string
  clientSecret: string
}

/*
 * Every vendor request finds its app by name, and apps change only through a few controls, so the
 * rows found are kept in memory per database (bench/README.md: the lookup was ≈ 6 % of a read).
 * Every statement that writes `apps`, here and in db/state.ts, empties the cache first; nothing is
 * cached while a transaction is open, so a rolled-back write can't leave a row that never was.
 * Unknown names aren't cached, so the cache holds at most the apps that exist.
 */
const caches = new WeakMap<Db, Map<string, AppRow>>()

function cacheOf (db: Db): Map<string, AppRow> {
  let cache = caches.get(db)
  if (cache === undefined) {
    cache = new Map()
    caches.set(db, cache)
  }
  return cache
}

/** Forgets the cached app rows of `db`: call before any write to `apps` outside this repo. */
export function invalidateAppCache (db: Db): void {
  caches.get(db)?.clear()
}

/** Apps (tenants) by `org/app` name. */
export function createAppsRepo (db: Db) {
  const cache = cacheOf(db)
  const byName = db.prepare<[string, string], AppRow>('SELECT * FROM apps WHERE org_name = ? AND app_name = ?')
  // Apps a reset moved into the trash (db/state.ts) are on their way out and aren't listed.
  const all = db.prepare<[], AppRow>("SELECT * FROM apps WHERE org_name <> '/trash' ORDER BY id")
  const insert = db.prepare<[string, string, string, string, string, number], AppRow>(
    'INSERT INTO apps (org_name, app_name, uuid, client_id, client_secret, created) VALUES (?, ?, ?, ?, ?, ?) RETURNING *')
  const rekey = db.prepare<[string, string, number], AppRow>(
    'UPDATE apps SET client_id = ?, client_secret = ? WHERE id = ? RETURNING *')
  const remove = db.prepare<[number]>('DELETE FROM apps WHERE id = ?')

  const find = (org: string, app: string): AppRow | undefined => {
    // The length prefix keeps `a/b` + `c` apart from `a` + `b/c` whatever the names hold.
    const key = `${org.length}:${org}/${app}`
    const hit = cache.get(key)
    if (hit !== undefined) return hit
    const row = byName.get(org, app)
    if (row !== undefined && !db.inTransaction) cache.set(key, Object.freeze(row))
    return row
  }

  return {
    find,
    list: (): AppRow[] => all.all(),
    create: (app: NewApp, now: number): AppRow => {
      cache.clear()
      return insert.get(app.org, app.app, randomUUID(), app.clientId, app.clientSecret, now) as AppRow
    },
    /** Creates the app, or gives an existing one new credentials (keeping its data and uuid). */
    upsert: transaction(db, (app: NewApp, now: number): AppRow => {
      cache.clear()
      const existing = find(app.org, app.app)
      return existing === undefined
        ? insert.get(app.org, app.app, randomUUID(), app.clientId, app.clientSecret, now) as AppRow
        : rekey.get(app.clientId, app.clientSecret, existing.id) as AppRow
    }),
    remove: (id: number): void => {
      cache.clear()
      remove.run(id)
    }
  }
}

export type AppsRepo = ReturnType<typeof createAppsRepo>
