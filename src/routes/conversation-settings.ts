import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { cursorEnvelope, dataEnvelope, envelopeContext } from '../http/envelope.js'
import { appOf } from '../http/request-context.js'
import { UserPath } from '../schemas/common.js'
import { ConversationListQuery, RemindTypeQuery } from '../schemas/push.js'
import type { Services } from '../services/index.js'

/**
 * Settings of many conversations in one read, the paths the vendor's client SDKs call (web SDK
 * `getSilentModeForConversations` and `getSilentModeRemindTypeConversations`; decided rows in
 * docs/fidelity.md).
 */
export const conversationSettingRoutes: FastifyPluginAsyncTypebox<Services> = async (app, s) => {
  app.get('/:org_name/:app_name/users/:username/notification', {
    schema: { params: UserPath, querystring: ConversationListQuery }
  }, (req, reply) => {
    const data = s.conversations.many(appOf(req.mock).id, req.params.username, req.query, req.mock.now)
    return dataEnvelope(envelopeContext(req), data, '/users')
  })

  app.get('/:org_name/:app_name/users/:username/notification/mute/type', {
    schema: { params: UserPath, querystring: RemindTypeQuery }
  }, (req, reply) => {
    const page = s.conversations.remindTypes(appOf(req.mock).id, req.params.username, req.query, req.mock.now)
    return cursorEnvelope(envelopeContext(req), page.entries, page.cursor)
  })
}
