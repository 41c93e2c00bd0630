import type { Static } from 'typebox'
import { transaction, type Db } from '../db/database.js'
import type { UserRow, UsersRepo } from '../db/repositories/users-repo.js'
import { isValidNickname } from '../domain/nickname.js'
import { normalizeUsername } from '../domain/username.js'
import { check, duplicateUniqueProperty, illegalArgument } from '../http/vendor-error.js'
import type { NewUserBody } from '../schemas/users.js'

export const MAX_BATCH_REGISTER = 60

export interface RegisterResult {
  created: UserRow[]
  /** Batch only: accounts that already existed, skipped (ZH-NEW account_register_authorized_batch.md). */
  failed: Array<{ username: string, registerUserFailReason: string }>
}

type NewUser = Static<typeof NewUserBody>

/** Checks one account of a registration with the vendor's `illegal_argument` wording. */
function validAccount (u: NewUser): { username: string, password: string, nickname: string | undefined } {
  const name = normalizeUsername(u.username ?? '')
  check(name.ok, () => illegalArgument(name.ok || name.reason === 'illegal' ? `username [${u.username ?? 'null'}] is not legal` : 'USERNAME_TOO_LONG'))
  check(u.password !== undefined && u.password !== '', () => illegalArgument('password or pin must provided'))
  check(u.nickname === undefined || isValidNickname(u.nickname), () => illegalArgument('NICKNAME_TOO_LONG'))
  return { username: name.username, password: u.password, nickname: u.nickname }
}

/**
 * Registers one account (an existing name is a 400) or a batch of at most 60 (existing names are
 * skipped and reported, the rest are created), all in one transaction.
 */
export function createRegistration (db: Db, users: UsersRepo) {
  return transaction(db, (appId: number, appUuid: string, body: NewUser | NewUser[], now: number): RegisterResult => {
    if (!Array.isArray(body)) {
      const account = validAccount(body)
      check(users.find(appId, account.username) === undefined, () => duplicateUniqueProperty(
        `Application ${appUuid} Entity user requires that property named username be unique, value of ${account.username} exists`))
      return { created: [users.create(appId, account, now)], failed: [] }
    }
    check(body.length > 0, () => illegalArgument('this is an invalid request.'))
    check(body.length <= MAX_BATCH_REGISTER, () => illegalArgument(
      `Request body array size[${body.length}] had almost reached or been greater than the upper range value[${MAX_BATCH_REGISTER}]`))
    const accounts = body.map(validAccount)
    const result: RegisterResult = { created: [], failed: [] }
    for (const account of accounts) {
      if (users.find(appId, account.username) === undefined) result.created.push(users.create(appId, account, now))
      else result.failed.push({ username: account.username, registerUserFailReason: `the ${account.username} already exists` })
    }
    return result
  })
}
