import { randomUUID } from 'node:crypto'
import { transaction, type Db } from './database.js'
import type { AppRow } from './repositories/apps-repo.js'
import { hashPassword, type UserRow } from './repositories/users-repo.js'

/**
 * One app's whole state as JSON: what `GET /_mock/state` exports, `PUT /_mock/state` and `--seed`
 * import. Export → import → export gives the same document. In a hand-written seed only
 * `appKey`, `clientId`, `clientSecret` and each user's `username` are required.
 */
export interface AppState {
  appKey: string
  clientId: string
  clientSecret: string
  uuid?: string
  created?: number
  users?: UserState[]
  templates?: TemplateState[]
}

export interface UserState {
  username: string
  uuid?: string
  /** A plain password (seeds); `passwordHash` is what an export carries. */
  password?: string
  passwordHash?: string | null
  created?: number
  modified?: number
  activated?: boolean
  nickname?: string | null
  notification_display_style?: number | null
  notification_no_disturbing?: boolean | null
  notification_no_disturbing_start?: number | null
  notification_no_disturbing_end?: number | null
  device_id?: string | null
  device_token?: string | null
  notifier_name?: string | null
  language?: string | null
  templateName?: string | null
  bindings?: Array<{ device_id: string, device_token: string, notifier_name: string }>
  settings?: Array<{ chattype: string, key: string, type?: string | null, ignoreInterval?: string | null, ignoreUntil?: number | null }>
}

export interface TemplateState {
  name: string
  title_pattern: string
  content_pattern: string
  createAt?: number
  updateAt?: number
}

const toBool = (v: number | null): boolean | null => v === null ? null : v === 1
const fromBool = (v: boolean | null | undefined): number | null => v === undefined || v === null ? null : v ? 1 : 0

/** Reset, export and import of app state, each in one transaction. */
export function createStateStore (db: Db) {
  const users = db.prepare<[number], UserRow>('SELECT * FROM users WHERE app_id = ? ORDER BY id')
  const bindings = db.prepare<[number], { device_id: string, device_token: string, notifier_name: string }>(
    'SELECT device_id, device_token, notifier_name FROM push_bindings WHERE user_id = ? ORDER BY seq')
  const settings = db.prepare<[number], { chattype: string, key: string, type: string | null, ignore_interval: string | null, ignore_until: number | null }>(
    'SELECT chattype, key, type, ignore_interval, ignore_until FROM notification_settings WHERE user_id = ? ORDER BY chattype, key')
  const templates = db.prepare<[number], { name: string, title_pattern: string, content_pattern: string, create_at: number, update_at: number }>(
    'SELECT name, title_pattern, content_pattern, create_at, update_at FROM templates WHERE app_id = ? ORDER BY name')
  const clearApp = [
    // Children first: with them gone, the users' ON DELETE CASCADE has nothing left to chase.
    db.prepare<[number]>('DELETE FROM push_bindings WHERE user_id IN (SELECT id FROM users WHERE app_id = ?)'),
    db.prepare<[number]>('DELETE FROM notification_settings WHERE user_id IN (SELECT id FROM users WHERE app_id = ?)'),
    db.prepare<[number]>('DELETE FROM tokens WHERE app_id = ? AND user_id IS NOT NULL'),
    db.prepare<[number]>('DELETE FROM users WHERE app_id = ?'),
    db.prepare<[number]>('DELETE FROM templates WHERE app_id = ?')
  ]
  const insertUser = db.prepare(
    `INSERT INTO users (app_id, username, uuid, password_hash, created, modified, activated, nickname,
       notification_display_style, notification_no_disturbing, notification_no_disturbing_start,
       notification_no_disturbing_end, device_id, device_token, notifier_name, language, template_name)
     VALUES (@app_id, @username, @uuid, @password_hash, @created, @modified, @activated, @nickname,
       @notification_display_style, @notification_no_disturbing, @notification_no_disturbing_start,
       @notification_no_disturbing_end, @device_id, @device_token, @notifier_name, @language, @template_name)`)
  // Per-user `seq` (see push-repo.ts): a table-wide MAX made an import quadratic in its bindings.
  const insertBinding = db.prepare<[number, string, string, string, number]>(
    `INSERT INTO push_bindings (user_id, device_id, notifier_name, device_token, seq)
     VALUES (?, ?, ?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM push_bindings WHERE user_id = ?))`)
  const insertSetting = db.prepare<[number, string, string, string | null, string | null, number | null]>(
    'INSERT INTO notification_settings (user_id, chattype, key, type, ignore_interval, ignore_until) VALUES (?, ?, ?, ?, ?, ?)')
  const insertTemplate = db.prepare<[number, string, string, string, number, number]>(
    'INSERT INTO templates (app_id, name, title_pattern, content_pattern, create_at, update_at) VALUES (?, ?, ?, ?, ?, ?)')

  const identity = db.prepare<[string | null, number | null, number], AppRow>(
    'UPDATE apps SET uuid = COALESCE(?, uuid), created = COALESCE(?, created) WHERE id = ? RETURNING *')

  const resetApp = (appId: number): void => { for (const s of clearApp) s.run(appId) }
  const allApps = db.prepare<[], { id: number }>('SELECT id FROM apps')
  const dropApp = [
    db.prepare<[number]>('DELETE FROM tokens WHERE app_id = ?'),
    db.prepare<[number]>('DELETE FROM apps WHERE id = ?')
  ]
  const resetTx = transaction(db, resetApp)
  const resetAllTx = transaction(db, (keep: number[]): void => {
    const kept = new Set(keep)
    for (const { id } of allApps.all()) {
      resetApp(id)
      if (!kept.has(id)) for (const s of dropApp) s.run(id)
    }
  })
  /**
   * Resets delete every child row explicitly, children first, so the per-row foreign-key checks
   * would find nothing: switching them off for the reset makes it several times faster
   * (see bench/reset.js). The pragma can't change inside a transaction, hence outside it.
   */
  const withoutForeignKeys = (fn: () => void): void => {
    db.pragma('foreign_keys = OFF')
    try {
      fn()
    } finally {
      db.pragma('foreign_keys = ON')
    }
  }

  return {
    resetApp: (appId: number): void => { withoutForeignKeys(() => { resetTx(appId) }) },

    /** Everything: apps not in `keep` go with all their data; kept apps lose their data, not their keys. */
    resetAll: (keep: number[]): void => { withoutForeignKeys(() => { resetAllTx(keep) }) },

    export (app: AppRow): Required<AppState> {
      return {
        appKey: `${app.org_name}#${app.app_name}`,
        clientId: app.client_id,
        clientSecret: app.client_secret,
        uuid: app.uuid,
        created: app.created,
        users: users.all(app.id).map(u => ({
          username: u.username,
          uuid: u.uuid,
          passwordHash: u.password_hash,
          created: u.created,
          modified: u.modified,
          activated: u.activated === 1,
          nickname: u.nickname,
          notification_display_style: u.notification_display_style,
          notification_no_disturbing: toBool(u.notification_no_disturbing),
          notification_no_disturbing_start: u.notification_no_disturbing_start,
          notification_no_disturbing_end: u.notification_no_disturbing_end,
          device_id: u.device_id,
          device_token: u.device_token,
          notifier_name: u.notifier_name,
          language: u.language,
          templateName: u.template_name,
          bindings: bindings.all(u.id),
          settings: settings.all(u.id).map(s => ({
            chattype: s.chattype, key: s.key, type: s.type, ignoreInterval: s.ignore_interval, ignoreUntil: s.ignore_until
          }))
        })),
        templates: templates.all(app.id).map(t => ({
          name: t.name, title_pattern: t.title_pattern, content_pattern: t.content_pattern, createAt: t.create_at, updateAt: t.update_at
        }))
      }
    },

    /** Replaces the state of `appId` with the document's identity, users and templates. */
    import: transaction(db, (appId: number, state: AppState, now: number): AppRow => {
      resetApp(appId)
      const app = identity.get(state.uuid ?? null, state.created ?? null, appId) as AppRow
      for (const u of state.users ?? []) {
        const { lastInsertRowid } = insertUser.run({
          app_id: appId,
          username: u.username.toLowerCase(),
          uuid: u.uuid ?? randomUUID(),
          password_hash: u.passwordHash ?? (u.password === undefined ? null : hashPassword(u.password)),
          created: u.created ?? now,
          modified: u.modified ?? u.created ?? now,
          activated: u.activated === false ? 0 : 1,
          nickname: u.nickname ?? null,
          notification_display_style: u.notification_display_style ?? null,
          notification_no_disturbing: fromBool(u.notification_no_disturbing),
          notification_no_disturbing_start: u.notification_no_disturbing_start ?? null,
          notification_no_disturbing_end: u.notification_no_disturbing_end ?? null,
          device_id: u.device_id ?? null,
          device_token: u.device_token ?? null,
          notifier_name: u.notifier_name ?? null,
          language: u.language ?? null,
          template_name: u.templateName ?? null
        })
        const userId = Number(lastInsertRowid)
        for (const b of u.bindings ?? []) insertBinding.run(userId, b.device_id, b.notifier_name, b.device_token, userId)
        for (const s of u.settings ?? []) {
          insertSetting.run(userId, s.chattype, s.key, s.type ?? null, s.ignoreInterval ?? null, s.ignoreUntil ?? null)
        }
      }
      for (const t of state.templates ?? []) {
        insertTemplate.run(appId, t.name, t.title_pattern, t.content_pattern, t.createAt ?? now, t.updateAt ?? t.createAt ?? now)
      }
      return app
    })
  }
}

export type StateStore = ReturnType<typeof createStateStore>
