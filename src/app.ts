import Fastify, { LogController, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { Clock } from './clock.js'
import type { Config } from './config.js'
import type { Db } from './db/database.js'
import { registerBodyParser } from './http/body-parser.js'
import { registerErrorHandling } from './http/error-handler.js'
import { registerRoutes } from './routes/index.js'
import { createServices } from './services/index.js'

/** One log line per request, after the response, with the app and status; nothing on arrival. */
class RequestLog extends LogController {
  override incomingRequest (): void {}

  override requestCompleted (_error: unknown, req: FastifyRequest, reply: FastifyReply): void {
    const app = req.mock?.app
    reply.log.info({
      method: req.method,
      url: req.url,
      app: app === undefined ? undefined : `${app.org_name}#${app.app_name}`,
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime)
    }, 'request completed')
  }
}

export interface AppDeps {
  db: Db
  config: Config
  clock: Clock
}

/**
 * Builds a ready-to-inject emulator on an open, migrated database. Never reads the environment and
 * never listens: `server.ts` and `startMockServer` do that.
 */
export async function buildApp (deps: AppDeps, options: FastifyServerOptions = {}) {
  const app = Fastify({
    bodyLimit: deps.config.bodyLimit,
    logController: new RequestLog(),
    // Numbers-as-strings are accepted field by field (see domain/coerce.ts), never by blanket coercion
    // that would also turn a number into a string where the vendor wants text.
    ajv: { customOptions: { coerceTypes: false } },
    ...options
  }).withTypeProvider<TypeBoxTypeProvider>()

  const services = createServices(deps.db, deps.config, deps.clock)
  registerBodyParser(app, deps.config.bodyLimit)
  registerErrorHandling(app, deps.clock, deps.config.bodyLimit)

  app.decorateRequest('mock', null as never)
  app.addHook('onRequest', async (req) => {
    req.mock = { now: deps.clock.now(), app: undefined, tokenUser: null }
  })

  await app.register(registerRoutes, services)
  await app.ready()
  return app
}

export type App = Awaited<ReturnType<typeof buildApp>>
