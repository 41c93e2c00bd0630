import type { Static } from 'typebox'
import { transaction } from '../db/database.js'
import { appKeyOf, type AppRow, type AppsRepo } from '../db/repositories/apps-repo.js'
import { APP_KEY } from '../domain/app-key.js'
import { normalizeUsername } from '../domain/username.js'
import { check, illegalArgument } from '../http/vendor-error.js'
import type { AppStateSchema } from '../schemas/control.js'
import type { Db } from '../db/database.js'
import type { StateStore } from '../db/state.js'

/**
 * Whether two items share a key. A list of one can't, and most users have one binding and one
 * setting: a set for each made ≈ 6 MB of garbage in a 10,000-user import (docs/performance.md).
 */
function repeats<T> (items: readonly T[] | undefined, keyOf: (item: T) => string): boolean {
  if (items === undefined || items.length < 2) return false
  return new Set(items.map(keyOf)).size !== items.length
}

/** Creates or re-keys the document's app and replaces its state; shared by `PUT /_mock/state` and `--seed`. */
export function importState (s: { db: Db, apps: AppsRepo, state: StateStore }, doc: Static<typeof AppStateSchema>, now: number): AppRow {
  const m = APP_KEY.exec(doc.appKey)
  check(m !== null, () => illegalArgument(`appKey must look like org#app, got "${doc.appKey}"`))
  const seen = new Set<string>()
  for (const u of doc.users ?? []) {
    const name = normalizeUsername(u.username)
    check(name.ok, () => illegalArgument(`username [${u.username}] is not legal`))
    check(!seen.has(name.username), () => illegalArgument(`username ${name.username} appears twice`))
    seen.add(name.username)
    // A repeated table key would fail inside the import as a 500.
    check(!repeats(u.bindings, b => `${b.device_id}\n${b.notifier_name}`), () => illegalArgument(`user ${name.username} has a binding twice`))
    check(!repeats(u.settings, x => `${x.chattype}\n${x.key}`), () => illegalArgument(`user ${name.username} has a setting twice`))
  }
  const names = new Set<string>()
  for (const t of doc.templates ?? []) {
    check(!names.has(t.name), () => illegalArgument(`template ${t.name} appears twice`))
    names.add(t.name)
  }
  const groups = new Set<string>()
  for (const g of doc.groups ?? []) {
    check(!groups.has(g.groupId), () => illegalArgument(`group ${g.groupId} appears twice`))
    groups.add(g.groupId)
    for (const member of [g.owner, ...(g.members ?? []).map(m => typeof m === 'string' ? m : m.username)]) {
      check(seen.has(member.toLowerCase()), () => illegalArgument(`group ${g.groupId} member ${member} is not a user of the document`))
    }
  }
  const uuid = doc.uuid
  if (uuid !== undefined) {
    // apps.uuid is unique: another app's uuid would fail inside the import as a 500.
    const owner = s.apps.list().find(a => a.uuid === uuid)
    const ownerKey = owner === undefined ? doc.appKey : appKeyOf(owner)
    check(ownerKey === doc.appKey, () => illegalArgument(`uuid ${uuid} belongs to app ${ownerKey}`))
  }
  // One transaction, so the app is neither created nor re-keyed when its state can't be written.
  return transaction(s.db, () => {
    const row = s.apps.upsert({ org: m[1] as string, app: m[2] as string, clientId: doc.clientId, clientSecret: doc.clientSecret }, now)
    return s.state.import(row.id, doc, now)
  })()
}
