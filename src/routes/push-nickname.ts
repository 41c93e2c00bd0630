import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { envelopeContext, pushEnvelope } from '../http/envelope.js'
import { appOf } from '../http/request-context.js'
import { AppPath } from '../schemas/common.js'
import { PushNicknameRequest } from '../schemas/users.js'
import type { Services } from '../services/index.js'

/** `PUT /push/nickname`: up to 50 push nicknames in one call (services/accounts.ts). */
export const pushNicknameRoutes: FastifyPluginAsyncTypebox<Services> = async (app, s) => {
  app.put('/:org_name/:app_name/push/nickname', {
    schema: { params: AppPath, body: PushNicknameRequest }
  }, (req, reply) => {
    const entities = s.accounts.setNicknames(appOf(req.mock).id, req.body, req.mock.now)
    return pushEnvelope(envelopeContext(req), entities)
  })
}
