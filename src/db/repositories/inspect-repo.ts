import type { Db } from '../database.js'
import type { TemplateRow } from './templates-repo.js'

export interface AppCounts { users: number, bindings: number, templates: number, groups: number }

export interface UserListRow { username: string, nickname: string | null, created: number, bindings: number }

export interface StoredSetting {
  chattype: string
  key: string
  type: string | null
  ignore_interval: string | null
  ignore_until: number | null
}

/** Read-only views for the emulator's UI: counts per app, a paged user search, a user's settings, an app's templates. */
export function createInspectRepo (db: Db) {
  const count = (sql: string) => db.prepare<[number], { n: number }>(sql)
  const users = count('SELECT COUNT(*) AS n FROM users WHERE app_id = ?')
  const bindings = count('SELECT COUNT(*) AS n FROM push_bindings b JOIN users u ON u.id = b.user_id WHERE u.app_id = ?')
  const templates = count('SELECT COUNT(*) AS n FROM templates WHERE app_id = ?')
  const groups = count('SELECT COUNT(*) AS n FROM chat_groups WHERE app_id = ?')
  // A search matches the start of a username (the unique index's order) or any part of a nickname.
  const where = "app_id = ? AND (username LIKE ? ESCAPE '\\' OR nickname LIKE ? ESCAPE '\\')"
  const matching = db.prepare<[number, string, string], { n: number }>(`SELECT COUNT(*) AS n FROM users WHERE ${where}`)
  const page = db.prepare<[number, string, string, number, number], UserListRow>(
    `SELECT username, nickname, created, (SELECT COUNT(*) FROM push_bindings b WHERE b.user_id = users.id) AS bindings
       FROM users WHERE ${where} ORDER BY username LIMIT ? OFFSET ?`)
  const settings = db.prepare<[number], StoredSetting>(
    'SELECT chattype, key, type, ignore_interval, ignore_until FROM notification_settings WHERE user_id = ? ORDER BY chattype DESC, key')
  const allTemplates = db.prepare<[number], TemplateRow>(
    'SELECT name, title_pattern, content_pattern, create_at, update_at FROM templates WHERE app_id = ? ORDER BY name')

  const one = (s: ReturnType<typeof count>, appId: number): number => (s.get(appId) as { n: number }).n
  return {
    counts: (appId: number): AppCounts => ({
      users: one(users, appId), bindings: one(bindings, appId), templates: one(templates, appId), groups: one(groups, appId)
    }),
    /** One page of the users whose username starts with, or nickname holds, `q` (any case), and how many match. */
    searchUsers (appId: number, q: string, offset: number, limit: number): { total: number, users: UserListRow[] } {
      const literal = q.replace(/[\\%_]/g, c => `\\${c}`)
      const args = [appId, `${literal}%`, `%${literal}%`] as const
      return { total: (matching.get(...args) as { n: number }).n, users: page.all(...args, limit, offset) }
    },
    settings: (userId: number): StoredSetting[] => settings.all(userId),
    templates: (appId: number): TemplateRow[] => allTemplates.all(appId)
  }
}

export type InspectRepo = ReturnType<typeof createInspectRepo>
