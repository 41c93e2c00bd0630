import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { appKeyOf } from '../db/repositories/apps-repo.js'
import { AppKeyQuery, PresenceBody, PushQuery, RequiredAppQuery } from '../schemas/control.js'
import { createAppFinder } from '../services/app-key.js'
import type { Services } from '../services/index.js'

/**
 * `/_mock` delivery controls (decisions.md "Delivery simulation"): the pushes the real service
 * would have sent, and who counts as online.
 */
export const controlDeliveryRoutes: FastifyPluginAsyncTypebox<Services> = async (app, s) => {
  const { pushes, presence } = s.controls
  const { findApp } = createAppFinder(s.apps)
  const keyOf = (appKey: string): string => {
    const row = findApp(appKey)
    return appKeyOf(row)
  }

  app.get('/_mock/pushes', { schema: { querystring: PushQuery } }, async (req) => ({ pushes: pushes.list(req.query) }))

  app.delete('/_mock/pushes', { schema: { querystring: AppKeyQuery } }, async (req) => {
    pushes.clear(req.query.app)
    return { cleared: req.query.app ?? 'all' }
  })

  app.put('/_mock/presence', { schema: { body: PresenceBody } }, async (req) => {
    const appKey = keyOf(req.body.app)
    const username = req.body.username.toLowerCase()
    presence.set(appKey, username, req.body.online)
    return { app: appKey, username, online: req.body.online }
  })

  app.get('/_mock/presence', { schema: { querystring: RequiredAppQuery } }, async (req) => {
    const appKey = keyOf(req.query.app)
    return { app: appKey, online: presence.online(appKey) }
  })
}
