import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { toUserEntity } from '../http/user-entity.js'
import { AppPath } from '../schemas/common.js'
import { TokenRequest } from '../schemas/token.js'
import type { Services } from '../services/index.js'

/**
 * `POST /{org}/{app}/token` (services/token.ts): an app token answers the app's uuid, a user
 * token the user entity.
 */
export const tokenRoutes: FastifyPluginAsyncTypebox<Services> = async (app, s) => {
  app.post('/:org_name/:app_name/token', {
    schema: { params: AppPath, body: TokenRequest }
  }, (req) => {
    const grant = s.tokenIssuer.issue(req.params.org_name, req.params.app_name, req.body, req.headers.authorization, req.mock.now)
    req.mock.app = grant.app
    if (grant.user === null) return { access_token: grant.token, expires_in: grant.ttl, application: grant.app.uuid }
    return { access_token: grant.token, expires_in: grant.ttl, user: toUserEntity(grant.user) }
  })
}
