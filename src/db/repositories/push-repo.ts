import type { Db } from '../database.js'
import { bindingAction } from '../../domain/push-binding.js'

export interface Binding {
  device_id: string
  device_token: string
  notifier_name: string
}

export interface SettingRow {
  type: string | null
  ignore_interval: string | null
  ignore_until: number | null
}

const binding = (r: [string, string, string]): Binding => ({ device_id: r[0], device_token: r[1], notifier_name: r[2] })

/** Push bindings and per-conversation notification settings of users. */
export function createPushRepo (db: Db) {
  // Every row here comes as an array (`raw`) and is made into an object in JavaScript: better-sqlite3
  // builds a row object a column at a time through V8's slow paths. The setting row as better-sqlite3's
  // object instead, Node 24.22: read 0.92 and 0.94 of the req/s, 5–8 % more CPU a read (bench A/B,
  // docs/performance.md).
  const ofDevice = db.prepare<[number, string], [string, string, string]>(
    'SELECT device_id, device_token, notifier_name FROM push_bindings WHERE user_id = ? AND device_id = ? ORDER BY seq').raw(true)
  const ofUser = db.prepare<[number], [string, string, string]>(
    'SELECT device_id, device_token, notifier_name FROM push_bindings WHERE user_id = ? ORDER BY seq').raw(true)
  // `seq` orders one user's bindings only, so the next one is found on the primary key's user_id
  // prefix; a table-wide MAX(seq) scanned every binding of every user on each bind.
  const upsertBinding = db.prepare<[number, string, string, string, number]>(
    `INSERT INTO push_bindings (user_id, device_id, notifier_name, device_token, seq)
     VALUES (?, ?, ?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM push_bindings WHERE user_id = ?))
     ON CONFLICT (user_id, device_id, notifier_name) DO UPDATE SET device_token = excluded.device_token`)
  const removeOne = db.prepare<[number, string, string]>(
    'DELETE FROM push_bindings WHERE user_id = ? AND device_id = ? AND notifier_name = ?')
  const removeDevice = db.prepare<[number, string]>('DELETE FROM push_bindings WHERE user_id = ? AND device_id = ?')

  const setting = db.prepare<[number, string, string], [string | null, string | null, number | null]>(
    'SELECT type, ignore_interval, ignore_until FROM notification_settings WHERE user_id = ? AND chattype = ? AND key = ?').raw(true)
  const putSetting = db.prepare<[number, string, string, string | null, string | null, number | null]>(
    `INSERT INTO notification_settings (user_id, chattype, key, type, ignore_interval, ignore_until) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (user_id, chattype, key) DO UPDATE
     SET type = excluded.type, ignore_interval = excluded.ignore_interval, ignore_until = excluded.ignore_until`)

  // Conversations with a remind type, in (chattype, key) order from just after a position; the
  // user's app-wide setting (`user/{self}`) is not a conversation. The primary key serves the order.
  const remindTypes = db.prepare<[number, string, string, string, number], [string, string, string]>(
    `SELECT chattype, key, type FROM notification_settings
     WHERE user_id = ? AND (chattype, key) > (?, ?) AND type IS NOT NULL AND type <> 'DEFAULT'
       AND NOT (chattype = 'user' AND key = ?)
     ORDER BY chattype, key LIMIT ?`).raw(true)

  return {
    /** Binds or unbinds one device, as `bindingAction` decides (domain/push-binding.ts). Returns the device's rest.
     */
    bind: (userId: number, b: Binding): Binding[] => {
      // One write then a read, synchronously: nothing runs in between and the write is atomic on
      // its own, so no transaction (its BEGIN and COMMIT were two more statements per bind).
      const action = bindingAction(b)
      if (action === 'unbind_device') removeDevice.run(userId, b.device_id)
      else if (action === 'unbind_one') removeOne.run(userId, b.device_id, b.notifier_name)
      else upsertBinding.run(userId, b.device_id, b.notifier_name, b.device_token, userId)
      return ofDevice.all(userId, b.device_id).map(binding)
    },
    bindings: (userId: number): Binding[] => ofUser.all(userId).map(binding),
    setting: (userId: number, chattype: string, key: string): SettingRow | undefined => {
      const row = setting.get(userId, chattype, key)
      return row === undefined ? undefined : { type: row[0], ignore_interval: row[1], ignore_until: row[2] }
    },
    /** Up to `limit` conversations with a remind type set, after `(chattype, key)` in list order. */
    remindTypes: (userId: number, self: string, after: { chattype: string, key: string }, limit: number) =>
      remindTypes.all(userId, after.chattype, after.key, self, limit).map(r => ({ chattype: r[0], key: r[1], type: r[2] })),
    putSetting: (userId: number, chattype: string, key: string, row: SettingRow): void => {
      putSetting.run(userId, chattype, key, row.type, row.ignore_interval, row.ignore_until)
    }
  }
}

export type PushRepo = ReturnType<typeof createPushRepo>
