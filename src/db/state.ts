import { randomUUID } from 'node:crypto'
import { mergeGroupIgnores, readGroupIgnores } from '../domain/group-ignore.js'
import { returned, transaction, type Db } from './database.js'
import { appKeyOf, type AppRow } from './repositories/apps-repo.js'
import { invalidateRowCaches } from './row-cache.js'
import { ADD_MEMBER, DEFAULT_MAXUSERS, type GroupRow, type MemberParams } from './repositories/groups-repo.js'
import { hashPassword, type UserRow } from './repositories/users-repo.js'
import type { AppState } from './state-types.js'

export type { AppState, GroupState, TemplateState, UserState } from './state-types.js'

/** Trashed apps (see resetApp) live under an org no URL can name: a path segment can't hold "/". */
export const TRASH_ORG = '/trash'
/** Users deleted per sweep step: a step stays around a few milliseconds. */
const SWEEP_USERS = 500

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
  const groupRows = db.prepare<[number], GroupRow>('SELECT * FROM chat_groups WHERE app_id = ? ORDER BY id')
  const groupMembers = db.prepare<[number], { username: string, joined: number }>(
    `SELECT u.username, m.joined FROM chat_group_members m JOIN users u ON u.id = m.user_id
     WHERE m.group_ref = ? ORDER BY m.seq`)
  const insertUser = db.prepare(
    `INSERT INTO users (app_id, username, uuid, password_hash, created, modified, activated, nickname,
       notification_display_style, notification_no_disturbing, notification_no_disturbing_start,
       notification_no_disturbing_end, device_id, device_token, notifier_name, language, template_name, group_ignores)
     VALUES (@app_id, @username, @uuid, @password_hash, @created, @modified, @activated, @nickname,
       @notification_display_style, @notification_no_disturbing, @notification_no_disturbing_start,
       @notification_no_disturbing_end, @device_id, @device_token, @notifier_name, @language, @template_name, @group_ignores)`)
  // Per-user `seq` (see push-repo.ts): a table-wide MAX made an import quadratic in its bindings.
  const insertBinding = db.prepare<[number, string, string, string, number]>(
    `INSERT INTO push_bindings (user_id, device_id, notifier_name, device_token, seq)
     VALUES (?, ?, ?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM push_bindings WHERE user_id = ?))`)
  const insertSetting = db.prepare<[number, string, string, string | null, string | null, number | null]>(
    'INSERT INTO notification_settings (user_id, chattype, key, type, ignore_interval, ignore_until) VALUES (?, ?, ?, ?, ?, ?)')
  const insertGroup = db.prepare(
    `INSERT INTO chat_groups (app_id, group_id, name, description, public, maxusers, members_only, allowinvites, owner, avatar, custom, created)
     VALUES (@app_id, @group_id, @name, @description, @public, @maxusers, @members_only, @allowinvites, @owner, @avatar, @custom, @created)`)
  const insertMember = db.prepare<[MemberParams]>(ADD_MEMBER)
  const insertTemplate = db.prepare<[number, string, string, string, number, number]>(
    'INSERT INTO templates (app_id, name, title_pattern, content_pattern, create_at, update_at) VALUES (?, ?, ?, ?, ?, ?)')

  const userId = db.prepare<[number, string], { id: number }>('SELECT id FROM users WHERE app_id = ? AND username = ?')
  const identity = db.prepare<[string | null, number | null, number], AppRow>(
    'UPDATE apps SET uuid = COALESCE(?, uuid), created = COALESCE(?, created) WHERE id = ? RETURNING *')

  /*
   * A reset doesn't delete the app's rows while the caller waits: deleting 10,000 users with their
   * bindings and settings, and the WAL checkpoint it sets off, took ≈ 70–110 ms (docs/performance.md).
   * Instead the app's row is renamed into the trash and a fresh row takes over its identity (names,
   * uuid, credentials, app tokens), all in a few single-row statements; the trashed row keeps the
   * old users and templates, which nothing can reach any more because every lookup starts from the
   * app found by name, and `sweep` deletes them in small steps between requests. Foreign keys hold
   * throughout, and a sweep cut short by a stop resumes at the next start.
   */
  const appById = db.prepare<[number], AppRow>('SELECT * FROM apps WHERE id = ?')
  const placeholder = db.prepare<[string, string]>(
    `INSERT INTO apps (org_name, app_name, uuid, client_id, client_secret, created) VALUES ('${TRASH_ORG}', ?, ?, '', '', 0)`)
  const toTrash = db.prepare<[string, string, number]>(`UPDATE apps SET org_name = '${TRASH_ORG}', app_name = ?, uuid = ? WHERE id = ?`)
  const takeOver = db.prepare<[string, string, string, string, string, number, number]>(
    'UPDATE apps SET org_name = ?, app_name = ?, uuid = ?, client_id = ?, client_secret = ?, created = ? WHERE id = ?')
  const dropUserTokens = db.prepare<[number]>('DELETE FROM tokens WHERE app_id = ? AND user_id IS NOT NULL')
  const dropTokens = db.prepare<[number]>('DELETE FROM tokens WHERE app_id = ?')
  const moveAppTokens = db.prepare<[number, number]>('UPDATE tokens SET app_id = ? WHERE app_id = ?')
  const liveApps = db.prepare<[], { id: number }>(`SELECT id FROM apps WHERE org_name <> '${TRASH_ORG}'`)

  /** Moves `appId`'s data into the trash; returns the id the app has from now on. */
  const resetApp = (appId: number): number => {
    invalidateRowCaches(db)
    const app = appById.get(appId) as AppRow
    const fresh = Number(placeholder.run(randomUUID(), randomUUID()).lastInsertRowid)
    toTrash.run(randomUUID(), randomUUID(), appId)
    takeOver.run(app.org_name, app.app_name, app.uuid, app.client_id, app.client_secret, app.created, fresh)
    dropUserTokens.run(appId)
    moveAppTokens.run(fresh, appId)
    return fresh
  }
  const resetTx = transaction(db, resetApp)
  const resetAllTx = transaction(db, (keep: number[]): void => {
    invalidateRowCaches(db)
    const kept = new Set(keep)
    for (const { id } of liveApps.all()) {
      if (kept.has(id)) {
        resetApp(id)
      } else {
        dropTokens.run(id)
        toTrash.run(randomUUID(), randomUUID(), id)
      }
    }
  })

  const trashed = db.prepare<[], { id: number }>(`SELECT id FROM apps WHERE org_name = '${TRASH_ORG}' LIMIT 1`)
  // The same LIMIT subquery names the same users in all three statements of one transaction.
  const someUsers = 'SELECT id FROM users WHERE app_id = ? LIMIT ?'
  const clearUsers = [
    db.prepare<[number, number]>(`DELETE FROM chat_group_members WHERE user_id IN (${someUsers})`),
    db.prepare<[number, number]>(`DELETE FROM push_bindings WHERE user_id IN (${someUsers})`),
    db.prepare<[number, number]>(`DELETE FROM notification_settings WHERE user_id IN (${someUsers})`),
    db.prepare<[number, number]>(`DELETE FROM tokens WHERE user_id IN (${someUsers})`),
    db.prepare<[number, number]>(`DELETE FROM users WHERE id IN (${someUsers})`)
  ]
  const clearApp = [
    db.prepare<[number]>('DELETE FROM chat_group_members WHERE group_ref IN (SELECT id FROM chat_groups WHERE app_id = ?)'),
    db.prepare<[number]>('DELETE FROM chat_groups WHERE app_id = ?'),
    db.prepare<[number]>('DELETE FROM templates WHERE app_id = ?'),
    db.prepare<[number]>('DELETE FROM tokens WHERE app_id = ?'),
    db.prepare<[number]>('DELETE FROM apps WHERE id = ?')
  ]
  /** Deletes up to `users` trashed users (children first), or a trashed app once it is empty. */
  const sweepTx = transaction(db, (users: number): boolean => {
    const app = trashed.get()
    if (app === undefined) return false
    invalidateRowCaches(db)
    let gone = 0
    for (const s of clearUsers) gone = s.run(app.id, users).changes
    if (gone === 0) for (const s of clearApp) s.run(app.id)
    return true
  })
  /**
   * Each step deletes every child row explicitly, children first, so the per-row foreign-key
   * checks would find nothing: switching them off for the step makes it several times faster.
   * The pragma can't change inside a transaction, hence outside it.
   */
  const withoutForeignKeys = <R>(fn: () => R): R => {
    db.pragma('foreign_keys = OFF')
    try {
      return fn()
    } finally {
      db.pragma('foreign_keys = ON')
    }
  }
  const sweep = (users = SWEEP_USERS): boolean => withoutForeignKeys(() => sweepTx(users))
  let sweeping = false
  /** Sweeps step by step on the event loop, so requests between the steps wait a few ms at most. */
  const scheduleSweep = (): void => {
    if (sweeping) return
    sweeping = true
    const step = (): void => {
      if (db.open && sweep()) {
        setImmediate(step)
      } else {
        sweeping = false
      }
    }
    setImmediate(step)
  }
  // Trash left by a process that stopped mid-sweep.
  scheduleSweep()

  return {
    /** One app's users and templates go (user tokens too); returns the app's id from now on. */
    resetApp: (appId: number): number => {
      const fresh = resetTx(appId)
      scheduleSweep()
      return fresh
    },

    /** Everything: apps not in `keep` go with all their data; kept apps lose their data, not their keys. */
    resetAll: (keep: number[]): void => {
      resetAllTx(keep)
      scheduleSweep()
    },

    /** One step of deleting trashed data (`users` users at most); false once nothing is left. */
    sweep,

    export (app: AppRow): Required<AppState> {
      return {
        appKey: appKeyOf(app),
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
          groupIgnores: u.group_ignores === null ? null : readGroupIgnores(u.group_ignores),
          bindings: bindings.all(u.id),
          settings: settings.all(u.id).map(s => ({
            chattype: s.chattype, key: s.key, type: s.type, ignoreInterval: s.ignore_interval, ignoreUntil: s.ignore_until
          }))
        })),
        templates: templates.all(app.id).map(t => ({
          name: t.name, title_pattern: t.title_pattern, content_pattern: t.content_pattern, createAt: t.create_at, updateAt: t.update_at
        })),
        groups: groupRows.all(app.id).map(g => ({
          groupId: g.group_id,
          name: g.name,
          description: g.description,
          avatar: g.avatar,
          public: g.public === 1,
          maxusers: g.maxusers,
          membersonly: g.members_only === 1,
          allowinvites: g.allowinvites === 1,
          owner: g.owner,
          custom: g.custom,
          created: g.created,
          members: groupMembers.all(g.id)
        }))
      }
    },

    /** Replaces the state of `appId` with the document's identity, users and templates. */
    import: transaction(db, (oldId: number, state: AppState, now: number): AppRow => {
      const appId = resetApp(oldId)
      scheduleSweep()
      const app = returned(identity, state.uuid ?? null, state.created ?? null, appId)
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
          template_name: u.templateName ?? null,
          group_ignores: u.groupIgnores === undefined || u.groupIgnores === null ? null : mergeGroupIgnores(null, u.groupIgnores)
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
      for (const g of state.groups ?? []) {
        const created = g.created ?? now
        const owner = g.owner.toLowerCase()
        const { lastInsertRowid } = insertGroup.run({
          app_id: appId,
          group_id: g.groupId,
          name: g.name ?? '',
          description: g.description ?? '',
          public: g.public === false ? 0 : 1,
          maxusers: g.maxusers ?? DEFAULT_MAXUSERS,
          members_only: g.membersonly === true ? 1 : 0,
          allowinvites: g.allowinvites === true ? 1 : 0,
          owner,
          avatar: g.avatar ?? '',
          custom: g.custom ?? '',
          created
        })
        const members = (g.members ?? []).map(m => typeof m === 'string' ? { username: m, joined: created } : m)
        if (!members.some(m => m.username.toLowerCase() === owner)) members.unshift({ username: owner, joined: created })
        for (const m of members) {
          const user = (userId.get(appId, m.username.toLowerCase()) as { id: number }).id
          insertMember.run({ group: Number(lastInsertRowid), user, joined: m.joined })
        }
      }
      return app
    })
  }
}

export type StateStore = ReturnType<typeof createStateStore>
