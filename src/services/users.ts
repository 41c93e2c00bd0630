import type { Config } from '../config.js'
import type { UserRow, UsersRepo } from '../db/repositories/users-repo.js'
import { normalizeUsername } from '../domain/username.js'
import { requiredPropertyNotFound, serviceResourceNotFound } from '../http/vendor-error.js'

/** Finding the user a path names, with the two vendor answers for "no such user". */
export function createUserLookup (users: UsersRepo, config: Pick<Config, 'autoCreateUsers'>) {
  const find = (appId: number, raw: string, now: number): UserRow | undefined => {
    const check = normalizeUsername(raw)
    if (!check.ok) return undefined
    return users.find(appId, check.username) ??
      (config.autoCreateUsers ? users.create(appId, { username: check.username }, now) : undefined)
  }
  return {
    find,
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
