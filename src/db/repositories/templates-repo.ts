import { transaction, type Db } from '../database.js'

export interface TemplateRow {
  name: string
  title_pattern: string
  content_pattern: string
  create_at: number
  update_at: number
}

/** An app's push templates by name. */
export function createTemplatesRepo (db: Db) {
  const byName = db.prepare<[number, string], TemplateRow>(
    'SELECT name, title_pattern, content_pattern, create_at, update_at FROM templates WHERE app_id = ? AND name = ?')
  const insert = db.prepare<[number, string, string, string, number, number]>(
    'INSERT INTO templates (app_id, name, title_pattern, content_pattern, create_at, update_at) VALUES (?, ?, ?, ?, ?, ?)')
  const update = db.prepare<[string, string, number, number, string]>(
    'UPDATE templates SET title_pattern = ?, content_pattern = ?, update_at = ? WHERE app_id = ? AND name = ?')
  const remove = db.prepare<[number, string]>('DELETE FROM templates WHERE app_id = ? AND name = ?')

  const find = (appId: number, name: string): TemplateRow | undefined => byName.get(appId, name)
  return {
    find,
    /** Creates a template; undefined if the name is taken. */
    create: transaction(db, (appId: number, t: Omit<TemplateRow, 'create_at' | 'update_at'>, now: number): TemplateRow | undefined => {
      if (find(appId, t.name) !== undefined) return undefined
      insert.run(appId, t.name, t.title_pattern, t.content_pattern, now, now)
      return find(appId, t.name)
    }),
    /** Changes the patterns; undefined if there is no such template. */
    update: transaction(db, (appId: number, name: string, patterns: Pick<TemplateRow, 'title_pattern' | 'content_pattern'>, now: number): TemplateRow | undefined => {
      update.run(patterns.title_pattern, patterns.content_pattern, now, appId, name)
      return find(appId, name)
    }),
    /** Deletes and returns a template; undefined if there is none. */
    remove: transaction(db, (appId: number, name: string): TemplateRow | undefined => {
      const existing = find(appId, name)
      if (existing !== undefined) remove.run(appId, name)
      return existing
    })
  }
}

export type TemplatesRepo = ReturnType<typeof createTemplatesRepo>
