import type { Config } from '../config.js'
import type { UserKey, UserRow, UsersRepo } from '../db/repositories/users-repo.js'
import { normalizeUsername } from '../domain/username.js'
import { requiredPropertyNotFound, serviceResourceNotFound } from '../http/vendor-error.js'

/** Finding the user a path names, with the two vendor answers for "no such user". */
export function createUserLookup (users: UsersRepo, config: Pick<Config, 'autoCreateUsers'>) {
  // By one of the repository's lookups (the whole row, or just its key); with --auto-create-users
  // an unknown but valid name is registered on the spot.
  // Every stored name passed `normalizeUsername`, so a name found needs no check: only an unknown
  // name, about to be registered, is checked.
  const lookUp = <U extends UserKey>(byName: (appId: number, username: string) => U | undefined, appId: number, raw: string, now: number): U | UserRow | undefined => {
    const found = byName(appId, raw.toLowerCase())
    if (found !== undefined || !config.autoCreateUsers) return found
    const check = normalizeUsername(raw)
    return check.ok ? users.create(appId, { username: check.username }, now) : undefined
  }
  const find = (appId: number, raw: string, now: number): UserRow | undefined => lookUp(users.find, appId, raw, now)
  return {
    find,
    /** `forPush` for routes that need only the user's id and name (a cheaper lookup, users-repo.ts). */
    keyForPush (appId: number, raw: string, now: number): UserKey {
      const user = lookUp(users.findKey, appId, raw, now)
      if (user === undefined) throw requiredPropertyNotFound()
      return user
    },
    /** Push endpoints: an unknown user is the vendor's 400 `required_property_not_found` (push_error.md). */
    forPush (appId: number, raw: string, now: number): UserRow {
      const user = find(appId, raw, now)
      if (user === undefined) throw requiredPropertyNotFound()
      return user
    },
    /** Account endpoints (`GET`/`DELETE /users/{u}`): 404 `service_resource_not_found`. */
    forAccount (appId: number, raw: string, now: number): UserRow {
      const user = find(appId, raw, now)
      if (user === undefined) throw serviceResourceNotFound()
      return user
    }
  }
}

export type UserLookup = ReturnType<typeof createUserLookup>
