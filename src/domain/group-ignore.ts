import { toBoolean } from './coerce.js'

/**
 * The legacy per-group push block on the user entity (push doc, user entity table:
 * `notification_ignore_{groupId}`, Bool, "push blocked for group"), which the web SDK's
 * `blockGroupMessages` sends through `PUT /users/{u}`. Decided rows in docs/fidelity.md.
 */
export const GROUP_IGNORE_PREFIX = 'notification_ignore_'

/** Longest group id accepted after the prefix (the vendor's own ids are 15–18 digits). */
export const MAX_GROUP_ID = 64

export type GroupIgnores = Record<string, boolean>

/**
 * The `notification_ignore_<groupId>` fields of some objects (a body, and the objects of its
 * `entities`, where the web SDK puts them), in order: each group id with its boolean, or the first
 * bad field's name (an empty or over-long id, or a value that is not a boolean).
 */
export function groupIgnoresIn (objects: ReadonlyArray<Readonly<Record<string, unknown>>>): { ok: true, changes: GroupIgnores } | { ok: false, field: string } {
  const changes: GroupIgnores = Object.create(null) as GroupIgnores
  for (const object of objects) {
    for (const [field, value] of Object.entries(object)) {
      if (!field.startsWith(GROUP_IGNORE_PREFIX)) continue
      const groupId = field.slice(GROUP_IGNORE_PREFIX.length)
      const on = toBoolean(value)
      if (groupId === '' || [...groupId].length > MAX_GROUP_ID || on === undefined) return { ok: false, field }
      changes[groupId] = on
    }
  }
  return { ok: true, changes }
}

/** The stored object (JSON text or NULL) read back; group ids in the order first set. */
export function readGroupIgnores (stored: string | null): GroupIgnores {
  return stored === null ? {} : JSON.parse(stored) as GroupIgnores
}

/** The stored object with `changes` applied: a later value for a group replaces the earlier one. */
export function mergeGroupIgnores (stored: string | null, changes: GroupIgnores): string {
  // A null-prototype object, so a group id such as `__proto__` is an ordinary key.
  const merged: GroupIgnores = Object.assign(Object.create(null) as GroupIgnores, readGroupIgnores(stored), changes)
  return JSON.stringify(merged)
}

/** Whether the user blocked pushes of this group. */
export function isGroupIgnored (stored: string | null, groupId: string): boolean {
  if (stored === null) return false
  const ignores = readGroupIgnores(stored)
  return Object.hasOwn(ignores, groupId) && ignores[groupId] === true
}
