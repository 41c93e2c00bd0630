import type { Db } from '../database.js'

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

/** Push bindings and per-conversation notification settings of users. */
export function createPushRepo (db: Db) {
  const ofDevice = db.prepare<[number, string], Binding>(
    'SELECT device_id, device_token, notifier_name FROM push_bindings WHERE user_id = ? AND device_id = ? ORDER BY seq')
  const ofUser = db.prepare<[number], Binding>(
    'SELECT device_id, device_token, notifier_name FROM push_bindings WHERE user_id = ? ORDER BY seq')
  // `seq` orders one user's bindings only, so the next one is found on the primary key's user_id
  // prefix; a table-wide MAX(seq) scanned every binding of every user on each bind.
  const upsertBinding = db.prepare<[number, string, string, string, number]>(
    `INSERT INTO push_bindings (user_id, device_id, notifier_name, device_token, seq)
     VALUES (?, ?, ?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM push_bindings WHERE user_id = ?))
     ON CONFLICT (user_id, device_id, notifier_name) DO UPDATE SET device_token = excluded.device_token`)
  const removeOne = db.prepare<[number, string, string]>(
    'DELETE FROM push_bindings WHERE user_id = ? AND device_id = ? AND notifier_name = ?')
  const removeDevice = db.prepare<[number, string]>('DELETE FROM push_bindings WHERE user_id = ? AND device_id = ?')

  const setting = db.prepare<[number, string, string], SettingRow>(
    'SELECT type, ignore_interval, ignore_until FROM notification_settings WHERE user_id = ? AND chattype = ? AND key = ?')
  // Each column changes only when its flag is set, and the row as it now stands comes back: one
  // statement where a read, a merge and a write were two (bench --big write).
  const mergeSetting = db.prepare<[number, string, string, string | null, string | null, number | null, number, number, number], SettingRow>(
    `INSERT INTO notification_settings (user_id, chattype, key, type, ignore_interval, ignore_until) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (user_id, chattype, key) DO UPDATE SET
       type = iif(?, excluded.type, type),
       ignore_interval = iif(?, excluded.ignore_interval, ignore_interval),
       ignore_until = iif(?, excluded.ignore_until, ignore_until)
     RETURNING type, ignore_interval, ignore_until`)

  return {
    /**
     * Binds or unbinds one device (push doc §绑定和解绑推送信息): an empty `notifier_name` drops every
     * binding of the device, an empty `device_token` drops that one binding. Returns the device's rest.
     */
    bind: (userId: number, b: Binding): Binding[] => {
      // One write then a read, synchronously: nothing runs in between and the write is atomic on
      // its own, so no transaction (its BEGIN and COMMIT were two more statements per bind).
      if (b.notifier_name === '') removeDevice.run(userId, b.device_id)
      else if (b.device_token === '') removeOne.run(userId, b.device_id, b.notifier_name)
      else upsertBinding.run(userId, b.device_id, b.notifier_name, b.device_token, userId)
      return ofDevice.all(userId, b.device_id)
    },
    bindings: (userId: number): Binding[] => ofUser.all(userId),
    setting: (userId: number, chattype: string, key: string): SettingRow | undefined => setting.get(userId, chattype, key),
    /**
     * Sets the columns `change` gives (null clears one) on the setting, created empty if there is
     * none, and returns the setting as it now stands.
     */
    mergeSetting: (userId: number, chattype: string, key: string, change: Partial<SettingRow>): SettingRow =>
      mergeSetting.get(userId, chattype, key, change.type ?? null, change.ignore_interval ?? null, change.ignore_until ?? null,
        change.type === undefined ? 0 : 1, change.ignore_interval === undefined ? 0 : 1, change.ignore_until === undefined ? 0 : 1) as SettingRow
  }
}

export type PushRepo = ReturnType<typeof createPushRepo>
