import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { readMigrations } from '../db/migrate.js'
import type { Services } from '../services/index.js'

/** `/_mock` liveness and readiness (decisions.md §Emulator controls). */
export const controlRoutes: FastifyPluginAsyncTypebox<Services> = async (app, s) => {
  const latest = readMigrations().length

  app.get('/_mock/health', async () => ({ status: 'ok' }))

  app.get('/_mock/ready', async (_req, reply) => {
    const open = s.db.open
    const version = open ? s.db.pragma('user_version', { simple: true }) as number : 0
    const ready = open && version === latest
    return reply.code(ready ? 200 : 503).send({ ready, database: open ? 'open' : 'closed', schemaVersion: version, latestSchemaVersion: latest })
  })
}
