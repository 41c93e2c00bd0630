import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { RequiredAppQuery } from '../schemas/control.js'
import { InspectUserPath, TraceQuery, UserSearchQuery } from '../schemas/inspect.js'
import { createAppFinder } from '../services/app-key.js'
import type { Services } from '../services/index.js'

/**
 * `/_mock` views the UI reads and the vendor API lacks: counts per app, a paged user search, a
 * user's whole push state with its do-not-disturb day, an app's templates, an app token and the
 * decision trace of a push.
 */
export const controlInspectRoutes: FastifyPluginAsyncTypebox<Services> = async (app, s) => {
  const { inspect } = s
  const { findApp } = createAppFinder(s.apps)

  app.get('/_mock/overview', async () => inspect.overview())

  app.get('/_mock/users', { schema: { querystring: UserSearchQuery } }, async (req) => {
    const { app: appKey, q, offset, limit } = req.query
    return inspect.users(findApp(appKey), q ?? '', Number(offset ?? 0), Number(limit ?? 50))
  })

  app.get('/_mock/users/:org/:app/:username', { schema: { params: InspectUserPath } }, async (req) =>
    inspect.user(findApp(`${req.params.org}#${req.params.app}`), req.params.username))

  app.get('/_mock/templates', { schema: { querystring: RequiredAppQuery } }, async (req) => inspect.templates(findApp(req.query.app)))

  app.post('/_mock/token', { schema: { querystring: RequiredAppQuery } }, async (req) => inspect.token(findApp(req.query.app)))

  app.get('/_mock/pushes/trace', { schema: { querystring: TraceQuery } }, async (req) => {
    const { app: appKey, msg_id: msgId, to } = req.query
    return { pushes: inspect.trace(findApp(appKey), msgId, to) }
  })
}
