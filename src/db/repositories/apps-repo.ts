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

/** Apps (tenants) by `org/app` name. */
export function createAppsRepo (db: Db) {
  const byName = db.prepare<[string, string], AppRow>('SELECT * FROM apps WHERE org_name = ? AND app_name = ?')
  // Apps a reset moved into the trash (db/state.ts) are on their way out and aren't listed.
  const all = db.prepare<[], AppRow>("SELECT * FROM apps WHERE org_name <> '/trash' ORDER BY id")
  const insert = db.prepare<[string, string, string, string, string, number], AppRow>(
    'INSERT INTO apps (org_name, app_name, uuid, client_id, client_secret, created) VALUES (?, ?, ?, ?, ?, ?) RETURNING *')
  const rekey = db.prepare<[string, string, number], AppRow>(
    'UPDATE apps SET client_id = ?, client_secret = ? WHERE id = ? RETURNING *')
  const remove = db.prepare<[number]>('DELETE FROM apps WHERE id = ?')

  const find = (org: string, app: string): AppRow | undefined => byName.get(org, app)

  return {
    find,
    list: (): AppRow[] => all.all(),
    create: (app: NewApp, now: number): AppRow =>
      insert.get(app.org, app.app, randomUUID(), app.clientId, app.clientSecret, now) as AppRow,
    /** Creates the app, or gives an existing one new credentials (keeping its data and uuid). */
    upsert: transaction(db, (app: NewApp, now: number): AppRow => {
      const existing = find(app.org, app.app)
      return existing === undefined
        ? insert.get(app.org, app.app, randomUUID(), app.clientId, app.clientSecret, now) as AppRow
        : rekey.get(app.clientId, app.clientSecret, existing.id) as AppRow
    }),
    remove: (id: number): void => { remove.run(id) }
  }
}

export type AppsRepo = ReturnType<typeof createAppsRepo>
