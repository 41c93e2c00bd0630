import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { AppRow } from '../db/repositories/apps-repo.js'
import { verifyPassword, type UserRow } from '../db/repositories/users-repo.js'
import { toBoolean, toInteger } from '../domain/coerce.js'
import { normalizeUsername } from '../domain/username.js'
import { readBearer } from '../http/auth.js'
import { toUserEntity } from '../http/user-entity.js'
import {
  applicationNotFound, badAccessToken, check, illegalArgument, invalidGrant, invalidParameter
} from '../http/vendor-error.js'
import { APP_KEY } from '../domain/app-key.js'
import { AppPath } from '../schemas/common.js'
import { TokenRequest } from '../schemas/token.js'
import type { Services } from '../services/index.js'

/**
 * `POST /{org}/{app}/token`: app tokens by client credentials (with trust-on-first-use apps), user
 * tokens by password or by `inherit` from an app token (decisions.md §Identity).
 */
export const tokenRoutes: FastifyPluginAsyncTypebox<Services> = async (app, s) => {
  app.post('/:org_name/:app_name/token', {
    schema: { params: AppPath, body: TokenRequest }
  }, (req) => {
    const { org_name: org, app_name: name } = req.params
    const body = req.body
    const now = req.mock.now
    const ttl = body.ttl === undefined ? s.config.tokenTtl : toInteger(body.ttl)
    check(ttl !== undefined && ttl >= 0, () => invalidParameter('ttl'))
    const expiresAt = ttl === 0 ? null : now + ttl * 1000
    const knownApp = (): AppRow => {
      const found = s.apps.find(org, name)
      check(found !== undefined, () => applicationNotFound(org, name, 'token'))
      return found
    }
    const userToken = (target: AppRow, user: UserRow) => {
      req.mock.app = target
      return { access_token: s.tokens.issue(target.id, user.id, expiresAt), expires_in: ttl, user: toUserEntity(user) }
    }

    switch (body.grant_type) {
      case 'client_credentials': {
        check(body.client_id !== undefined && body.client_id !== '', () => illegalArgument('client_id must be provided.'))
        check(body.client_secret !== undefined && body.client_secret !== '', () => illegalArgument('client_secret must be provided'))
        let target = s.apps.find(org, name)
        if (target === undefined) {
          // Only names an appkey can hold: an app named "a/b" or "x\n" could never be exported,
          // reset or removed by its appkey, nor configured with --app.
          check(!s.config.strictApps && APP_KEY.test(`${org}#${name}`), () => applicationNotFound(org, name, 'token'))
          target = s.apps.create({ org, app: name, clientId: body.client_id, clientSecret: body.client_secret }, now)
        }
        check(target.client_id === body.client_id, () => invalidGrant('client_id does not match'))
        check(target.client_secret === body.client_secret, () => invalidGrant('client_secret does not match'))
        req.mock.app = target
        return { access_token: s.tokens.issue(target.id, null, expiresAt), expires_in: ttl, application: target.uuid }
      }
      case 'password': {
        const target = knownApp()
        check(body.username !== undefined && body.username !== '', () => illegalArgument('username must be provided'))
        check(body.password !== undefined && body.password !== '', () => illegalArgument('password or pin must provided'))
        const user = s.lookup.find(target.id, body.username, now)
        check(user !== undefined, () => invalidGrant('user not found', 404))
        check(verifyPassword(user.password_hash, body.password), () => invalidGrant('invalid password'))
        return userToken(target, user)
      }
      case 'inherit': {
        const target = knownApp()
        const grant = readBearer(req.headers.authorization, s.tokens, now)
        check(grant.appId === target.id && grant.userId === null, () => badAccessToken())
        const raw = body.username ?? ''
        const name = normalizeUsername(raw)
        check(name.ok, () => illegalArgument(name.ok || name.reason === 'illegal' ? `username [${raw}] is not legal` : 'USERNAME_TOO_LONG'))
        const autoCreate = body.autoCreateUser === undefined ? false : toBoolean(body.autoCreateUser)
        check(autoCreate !== undefined, () => invalidParameter('autoCreateUser'))
        const user = s.users.find(target.id, name.username) ??
          (autoCreate ? s.users.create(target.id, { username: name.username }, now) : undefined)
        check(user !== undefined, () => invalidGrant('user not found', 404))
        return userToken(target, user)
      }
      case undefined:
      case '':
        throw illegalArgument('grant_type must be provided.')
      default:
        throw illegalArgument(`unsupported grant_type: ${body.grant_type}`)
    }
  })
}
