import type { Static } from 'typebox'
import type { Config } from '../config.js'
import type { AppRow, AppsRepo } from '../db/repositories/apps-repo.js'
import type { TokensRepo } from '../db/repositories/tokens-repo.js'
import { verifyPassword, type UserRow, type UsersRepo } from '../db/repositories/users-repo.js'
import { APP_KEY } from '../domain/app-key.js'
import { toBoolean, toInteger } from '../domain/coerce.js'
import { tokenExpiry } from '../domain/token.js'
import { normalizeUsername } from '../domain/username.js'
import { readBearer } from '../http/auth.js'
import {
  applicationNotFound, badAccessToken, check, illegalArgument, invalidGrant, invalidParameter
} from '../http/vendor-error.js'
import type { TokenRequest } from '../schemas/token.js'
import type { UserLookup } from './users.js'

/** A token issued: for the app, or for one of its users. */
export interface TokenGrant { app: AppRow, token: string, ttl: number, user: UserRow | null }

interface TokenDeps {
  config: Pick<Config, 'tokenTtl' | 'strictApps'>
  apps: AppsRepo
  tokens: TokensRepo
  users: UsersRepo
  lookup: UserLookup
}

/**
 * `POST /{org}/{app}/token`: app tokens by client credentials (with trust-on-first-use apps), user
 * tokens by password or by `inherit` from an app token (decisions.md §Identity).
 */
export function createTokenIssuer ({ config, apps, tokens, users, lookup }: TokenDeps) {
  return {
    /** Checks the request (the `ttl` first, then the grant's own fields) and issues its token. */
    issue (org: string, name: string, body: Static<typeof TokenRequest>, authorization: string | undefined, now: number): TokenGrant {
      const ttl = body.ttl === undefined ? config.tokenTtl : toInteger(body.ttl)
      check(ttl !== undefined && ttl >= 0, () => invalidParameter('ttl'))
      const expiresAt = tokenExpiry(now, ttl)
      const knownApp = (): AppRow => {
        const found = apps.find(org, name)
        check(found !== undefined, () => applicationNotFound(org, name, 'token'))
        return found
      }
      const forUser = (app: AppRow, user: UserRow): TokenGrant => ({ app, token: tokens.issue(app.id, user.id, expiresAt), ttl, user })

      switch (body.grant_type) {
        case 'client_credentials': {
          check(body.client_id !== undefined && body.client_id !== '', () => illegalArgument('client_id must be provided.'))
          check(body.client_secret !== undefined && body.client_secret !== '', () => illegalArgument('client_secret must be provided'))
          let app = apps.find(org, name)
          if (app === undefined) {
            // Only names an appkey can hold: an app named "a/b" or "x\n" could never be exported,
            // reset or removed by its appkey, nor configured with --app.
            check(!config.strictApps && APP_KEY.test(`${org}#${name}`), () => applicationNotFound(org, name, 'token'))
            app = apps.create({ org, app: name, clientId: body.client_id, clientSecret: body.client_secret }, now)
          }
          check(app.client_id === body.client_id, () => invalidGrant('client_id does not match'))
          check(app.client_secret === body.client_secret, () => invalidGrant('client_secret does not match'))
          return { app, token: tokens.issue(app.id, null, expiresAt), ttl, user: null }
        }
        case 'password': {
          const app = knownApp()
          check(body.username !== undefined && body.username !== '', () => illegalArgument('username must be provided'))
          check(body.password !== undefined && body.password !== '', () => illegalArgument('password or pin must provided'))
          const user = lookup.find(app.id, body.username, now)
          check(user !== undefined, () => invalidGrant('user not found', 404))
          check(verifyPassword(user.password_hash, body.password), () => invalidGrant('invalid password'))
          return forUser(app, user)
        }
        case 'inherit': {
          const app = knownApp()
          const grant = readBearer(authorization, tokens, now)
          check(grant.appId === app.id && grant.userId === null, () => badAccessToken())
          const raw = body.username ?? ''
          const username = normalizeUsername(raw)
          check(username.ok, () => illegalArgument(username.ok || username.reason === 'illegal' ? `username [${raw}] is not legal` : 'USERNAME_TOO_LONG'))
          const autoCreate = body.autoCreateUser === undefined ? false : toBoolean(body.autoCreateUser)
          check(autoCreate !== undefined, () => invalidParameter('autoCreateUser'))
          const user = users.find(app.id, username.username) ??
            (autoCreate ? users.create(app.id, { username: username.username }, now) : undefined)
          check(user !== undefined, () => invalidGrant('user not found', 404))
          return forUser(app, user)
        }
        case undefined:
        case '':
          throw illegalArgument('grant_type must be provided.')
        default:
          throw illegalArgument(`unsupported grant_type: ${body.grant_type}`)
      }
    }
  }
}

export type TokenIssuer = ReturnType<typeof createTokenIssuer>
