import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { dataEnvelope, envelopeContext } from '../http/envelope.js'
import { appOf } from '../http/request-context.js'
import { AppPath } from '../schemas/common.js'
import { SendMessageRequest } from '../schemas/messages.js'
import type { Services } from '../services/index.js'

/**
 * The vendor's send API (services/messages.ts): answers message ids and runs the delivery
 * simulation. Nothing is delivered.
 */
export const messageRoutes: FastifyPluginAsyncTypebox<Services> = async (app, s) => {
  // The body is checked by the service, in the vendor's words; the schema only documents it.
  const options = { schema: { params: AppPath, body: SendMessageRequest }, attachValidation: true }

  app.post('/:org_name/:app_name/messages/users', options, (req, reply) => {
    const data = s.messaging.toUsers(appOf(req.mock), req.body, req.validationError === undefined, req.mock.now)
    return dataEnvelope(envelopeContext(req), data, '/messages/users')
  })

  app.post('/:org_name/:app_name/messages/chatgroups', options, (req, reply) => {
    const data = s.messaging.toGroups(appOf(req.mock), req.body, req.validationError === undefined, req.mock.now)
    return dataEnvelope(envelopeContext(req), data, '/messages/chatgroups')
  })
}
