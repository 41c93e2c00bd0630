import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto'
import { returned, type Db } from '../database.js'
import { createRowCache, invalidateRowCaches } from '../row-cache.js'

export interface UserRow {
  id: number
  app_id: number
  username: string
  uuid: string
  password_hash: string | null
  created: number
  modified: number
  activated: number
  nickname: string | null
  notification_display_style: number | null
  notification_no_disturbing: number | null
  notification_no_disturbing_start: number | null
  notification_no_disturbing_end: number | null
  device_id: string | null
  device_token: string | null
  notifier_name: string | null
  language: string | null
  template_name: string | null
  /** JSON object of group id → boolean (domain/group-ignore.ts). */
  group_ignores: string | null
}

/** Columns `PUT /users/{u}` may change; `null` clears one. */
export type UserPatch = Partial<Pick<UserRow,
  'nickname' | 'notification_display_style' | 'notification_no_disturbing' |
  'notification_no_disturbing_start' | 'notification_no_disturbing_end' |
  'device_id' | 'device_token' | 'notifier_name' | 'language' | 'template_name' | 'group_ignores'>>

const PATCHABLE: ReadonlyArray<keyof UserPatch> = [
  'nickname', 'notification_display_style', 'notification_no_disturbing',
  'notification_no_disturbing_start', 'notification_no_disturbing_end',
  'device_id', 'device_token', 'notifier_name', 'language', 'template_name', 'group_ignores'
]

export interface NewUser {
  username: string
  password?: string | undefined
  nickname?: string | undefined
}

/** A salted SHA-256 of the password: the emulator only ever compares passwords. */
export function hashPassword (password: string): string {
  const salt = randomBytes(8).toString('hex')
  return `${salt}:${createHash('sha256').update(salt + password).digest('hex')}`
}

export function verifyPassword (stored: string | null, password: string): boolean {
  if (stored === null) return false
  const [salt = '', digest = ''] = stored.split(':')
  const expected = Buffer.from(digest, 'hex')
  const given = createHash('sha256').update(salt + password).digest()
  return expected.length === given.length && timingSafeEqual(expected, given)
}

/** What identifies a user: enough for the push-setting and binding routes. */
export interface UserKey { id: number, username: string }

/** Users of an app, by lower-case username. */
export function createUsersRepo (db: Db) {
  const byName = db.prepare<[number, string], UserRow>('SELECT * FROM users WHERE app_id = ? AND username = ?')
  const insert = db.prepare<[number, string, string, string | null, number, number, string | null], UserRow>(
    `INSERT INTO users (app_id, username, uuid, password_hash, created, modified, nickname)
     VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING *`)
  const remove = db.prepare<[number]>('DELETE FROM users WHERE id = ?')
  // One statement per set of columns; prepared on first use and kept.
  const updates = new Map<string, ReturnType<Db['prepare']>>()

  // Most vendor requests name a user: found rows are kept (db/row-cache.ts); update and remove
  // empty the caches first (a removed user's tokens go with it).
  const cache = createRowCache<UserRow>(db)
  const find = (appId: number, username: string): UserRow | undefined => {
    const key = `${appId}/${username}`
    const hit = cache.get(key)
    if (hit !== undefined) return hit
    const row = byName.get(appId, username)
    return row === undefined ? undefined : cache.keep(key, row)
  }
  // The busiest routes (a setting read or write, a bind) need only the user's id and name, which
  // the `(app_id, username)` index holds by itself: on a miss this reads the index alone, where
  // `SELECT *` also descended the table (with a million users, nearly every lookup is a miss).
  const keyByName = db.prepare<[number, string], UserKey>('SELECT id, username FROM users WHERE app_id = ? AND username = ?')
  const keys = createRowCache<UserKey>(db)
  const findKey = (appId: number, username: string): UserKey | undefined => {
    const key = `${appId}/${username}`
    const hit = cache.get(key) ?? keys.get(key)
    if (hit !== undefined) return hit
    const row = keyByName.get(appId, username)
    return row === undefined ? undefined : keys.keep(key, row)
  }
  const create = (appId: number, user: NewUser, now: number): UserRow =>
    returned(insert, appId, user.username, randomUUID(), user.password === undefined ? null : hashPassword(user.password),
      now, now, user.nickname ?? null) as UserRow

  return {
    find,
    findKey,
    create,
    /** Sets the given columns and `modified`, returning the updated row. */
    update (id: number, patch: UserPatch, now: number): UserRow {
      const columns = PATCHABLE.filter(c => c in patch)
      const key = columns.join(',')
      let statement = updates.get(key)
      if (statement === undefined) {
        const sets = [...columns.map(c => `${c} = @${c}`), 'modified = @modified'].join(', ')
        statement = db.prepare(`UPDATE users SET ${sets} WHERE id = @id RETURNING *`)
        updates.set(key, statement)
      }
      invalidateRowCaches(db)
      const params: Record<string, unknown> = { id, modified: now }
      for (const c of columns) params[c] = patch[c]
      return returned(statement, params) as UserRow
    },
    remove: (id: number): void => {
      invalidateRowCaches(db)
      remove.run(id)
    }
  }
}

export type UsersRepo = ReturnType<typeof createUsersRepo>
