import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { parseInstant } from '../controls/instant.js'
import { readMigrations } from '../db/migrate.js'
import { appKeyOf, type AppRow } from '../db/repositories/apps-repo.js'
import { check, illegalArgument } from '../http/vendor-error.js'
import { AppKeyQuery, AppNamePath, AppStateSchema, ClockAdvance, ClockSet, NewAppBody, RequiredAppQuery } from '../schemas/control.js'
import { createAppFinder } from '../services/app-key.js'
import { importState } from '../services/import-state.js'
import type { Services } from '../services/index.js'

export const STATE_BODY_LIMIT = 512 * 1024 * 1024

const appView = (a: AppRow) => ({ appKey: appKeyOf(a), clientId: a.client_id, uuid: a.uuid, created: a.created })

/**
 * `/_mock` controls (decisions.md §Emulator controls): health and readiness, the clock, apps,
 * reset and state export/import.
 */
export const controlRoutes: FastifyPluginAsyncTypebox<Services> = async (app, s) => {
  const latest = readMigrations().length
  const { clock, controls } = s

  const { splitKey, findApp } = createAppFinder(s.apps)
  const clockView = () => {
    const now = clock.now()
    return { now, iso: new Date(now).toISOString(), frozen: clock.frozen }
  }

  app.get('/_mock/health', async () => ({ status: 'ok' }))

  app.get('/_mock/ready', async (_req, reply) => {
    const open = s.db.open
    const version = open ? s.db.pragma('user_version', { simple: true }) as number : 0
    const ready = open && version === latest && controls.seeded
    return reply.code(ready ? 200 : 503).send({
      ready, database: open ? 'open' : 'closed', schemaVersion: version, latestSchemaVersion: latest, seeded: controls.seeded
    })
  })

  app.get('/_mock/clock', async () => clockView())

  app.put('/_mock/clock', { schema: { body: ClockSet } }, async (req) => {
    const at = parseInstant(req.body.now)
    check(at !== undefined, () => illegalArgument('now must be epoch milliseconds or an ISO-8601 time'))
    clock.set(at)
    return clockView()
  })

  app.post('/_mock/clock/advance', { schema: { body: ClockAdvance } }, async (req) => {
    check(clock.now() + req.body.ms >= 0, () => illegalArgument('ms would move the clock before 1970'))
    clock.advance(req.body.ms)
    return clockView()
  })

  app.delete('/_mock/clock', async () => {
    clock.real()
    return clockView()
  })

  app.get('/_mock/apps', async () => ({ apps: s.apps.list().map(appView) }))

  app.post('/_mock/apps', { schema: { body: NewAppBody } }, async (req) => {
    const [org, name] = splitKey(req.body.appKey)
    return appView(s.apps.upsert({ org, app: name, clientId: req.body.clientId, clientSecret: req.body.clientSecret }, clock.now()))
  })

  app.delete('/_mock/apps/:org/:app', { schema: { params: AppNamePath } }, async (req) => {
    const appKey = `${req.params.org}#${req.params.app}`
    const target = findApp(appKey)
    s.apps.remove(target.id)
    controls.forget(appKey)
    return { deleted: appKey }
  })

  app.post('/_mock/reset', { schema: { querystring: AppKeyQuery } }, async (req) => {
    const started = process.hrtime.bigint()
    const appKey = req.query.app
    if (appKey === undefined) {
      const keep = s.config.apps.map(a => s.apps.find(a.org, a.app)?.id).filter(id => id !== undefined)
      s.state.resetAll(keep)
      controls.forget()
      controls.faults.remove()
      controls.limiter.clear()
      clock.real()
    } else {
      s.state.resetApp(findApp(appKey).id)
      controls.forget(appKey)
    }
    return { reset: appKey ?? 'all', ms: Number(process.hrtime.bigint() - started) / 1e6 }
  })

  app.get('/_mock/state', { schema: { querystring: RequiredAppQuery } }, async (req) => s.state.export(findApp(req.query.app)))

  // A whole app's state is far bigger than any vendor request: its own limit.
  app.put('/_mock/state', { bodyLimit: STATE_BODY_LIMIT, schema: { querystring: AppKeyQuery, body: AppStateSchema } }, async (req) => {
    const doc = req.body
    check(req.query.app === undefined || req.query.app === doc.appKey,
      () => illegalArgument(`app ${String(req.query.app)} does not match the document's appKey ${doc.appKey}`))
    const imported = importState(s, doc, clock.now())
    return { imported: doc.appKey, users: doc.users?.length ?? 0, templates: doc.templates?.length ?? 0, uuid: imported.uuid }
  })
}
