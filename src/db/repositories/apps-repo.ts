import { randomUUID } from 'node:crypto'
import { returned, transaction, type Db } from '../database.js'
import { createRowCache, invalidateRowCaches } from '../row-cache.js'

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

/** An app's `org#app` key, as the controls name apps. */
export function appKeyOf (app: AppRow): string {
  return `${app.org_name}#${app.app_name}`
}

/** Apps (tenants) by `org/app` name. */
export function createAppsRepo (db: Db) {
  // Found rows are kept (db/row-cache.ts); every write here empties the caches first.
  const cache = createRowCache<AppRow>(db)
  const byName = db.prepare<[string, string], AppRow>('SELECT * FROM apps WHERE org_name = ? AND app_name = ?')
  // Apps a reset moved into the trash (db/state.ts) are on their way out and aren't listed.
  const all = db.prepare<[], AppRow>("SELECT * FROM apps WHERE org_name <> '/trash' ORDER BY id")
  const insert = db.prepare<[string, string, string, string, string, number], AppRow>(
    'INSERT INTO apps (org_name, app_name, uuid, client_id, client_secret, created) VALUES (?, ?, ?, ?, ?, ?) RETURNING *')
  const rekey = db.prepare<[string, string, number], AppRow>(
    'UPDATE apps SET client_id = ?, client_secret = ? WHERE id = ? RETURNING *')
  const remove = db.prepare<[number]>('DELETE FROM apps WHERE id = ?')

  // The length prefix keeps `a/b` + `c` apart from `a` + `b/c` whatever the names hold.
  const appKey = (org: string, app: string): string => `${org.length}:${org}/${app}`
  const loadApp = (org: string, app: string): AppRow | undefined => byName.get(org, app)
  const find = (org: string, app: string): AppRow | undefined => cache.find(org, app, appKey, loadApp)

  return {
    find,
    list: (): AppRow[] => all.all(),
    create: (app: NewApp, now: number): AppRow => {
      invalidateRowCaches(db)
      return returned(insert, app.org, app.app, randomUUID(), app.clientId, app.clientSecret, now)
    },
    /** Creates the app, or gives an existing one new credentials (keeping its data and uuid). */
    upsert: transaction(db, (app: NewApp, now: number): AppRow => {
      invalidateRowCaches(db)
      const existing = find(app.org, app.app)
      return existing === undefined
        ? returned(insert, app.org, app.app, randomUUID(), app.clientId, app.clientSecret, now)
        : returned(rekey, app.clientId, app.clientSecret, existing.id)
    }),
    remove: (id: number): void => {
      invalidateRowCaches(db)
      remove.run(id)
    }
  }
}

export type AppsRepo = ReturnType<typeof createAppsRepo>
