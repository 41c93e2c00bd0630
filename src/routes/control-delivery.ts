import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { AppKeyQuery, PresenceBody, PushQuery, RequiredAppQuery } from '../schemas/control.js'
import type { Services } from '../services/index.js'

/**
 * `/_mock` delivery controls (decisions.md "Delivery simulation"): the pushes the real service
 * would have sent, and who counts as online.
 */
export const controlDeliveryRoutes: FastifyPluginAsyncTypebox<Services> = async (app, s) => {
  const { control } = s
  const { pushes } = s.controls

  app.get('/_mock/pushes', { schema: { querystring: PushQuery } }, async (req) => ({ pushes: pushes.list(req.query) }))

  app.delete('/_mock/pushes', { schema: { querystring: AppKeyQuery } }, async (req) => {
    pushes.clear(req.query.app)
    return { cleared: req.query.app ?? 'all' }
  })

  app.put('/_mock/presence', { schema: { body: PresenceBody } }, async (req) => control.setPresence(req.body.app, req.body.username, req.body.online))

  app.get('/_mock/presence', { schema: { querystring: RequiredAppQuery } }, async (req) => control.presence(req.query.app))
}
