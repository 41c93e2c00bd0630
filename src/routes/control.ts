import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { AppKeyQuery, AppNamePath, AppStateSchema, ClockAdvance, ClockSet, NewAppBody, RequiredAppQuery } from '../schemas/control.js'
import type { Services } from '../services/index.js'

export const STATE_BODY_LIMIT = 512 * 1024 * 1024

/**
 * `/_mock` controls (decisions.md §Emulator controls; services/control.ts): health and readiness,
 * the clock, apps, reset and state export/import.
 */
export const controlRoutes: FastifyPluginAsyncTypebox<Services> = async (app, s) => {
  const control = s.control

  app.get('/_mock/health', async () => ({ status: 'ok' }))

  app.get('/_mock/ready', async (_req, reply) => {
    const readiness = control.readiness()
    return reply.code(readiness.ready ? 200 : 503).send(readiness)
  })

  app.get('/_mock/clock', async () => control.clock())

  app.put('/_mock/clock', { schema: { body: ClockSet } }, async (req) => control.setClock(req.body.now))

  app.post('/_mock/clock/advance', { schema: { body: ClockAdvance } }, async (req) => control.advanceClock(req.body.ms))

  app.delete('/_mock/clock', async () => control.realClock())

  app.get('/_mock/apps', async () => ({ apps: control.apps() }))

  app.post('/_mock/apps', { schema: { body: NewAppBody } }, async (req) => control.upsertApp(req.body))

  app.delete('/_mock/apps/:org/:app', { schema: { params: AppNamePath } }, async (req) => {
    const appKey = `${req.params.org}#${req.params.app}`
    control.removeApp(appKey)
    return { deleted: appKey }
  })

  app.post('/_mock/reset', { schema: { querystring: AppKeyQuery } }, async (req) => {
    const ms = control.reset(req.query.app)
    return { reset: req.query.app ?? 'all', ms }
  })

  app.get('/_mock/state', { schema: { querystring: RequiredAppQuery } }, async (req) => control.exportState(req.query.app))

  // A whole app's state is far bigger than any vendor request: its own limit.
  app.put('/_mock/state', { bodyLimit: STATE_BODY_LIMIT, schema: { querystring: AppKeyQuery, body: AppStateSchema } },
    async (req) => control.importState(req.query.app, req.body))
}
