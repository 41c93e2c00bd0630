import Fastify, { LogController, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { Clock } from './clock.js'
import type { Config } from './config.js'
import type { Db } from './db/database.js'
import { appKeyOf } from './db/repositories/apps-repo.js'
import { checkDeclaredSize, registerBodyParser } from './http/body-parser.js'
import { isVendorPath } from './controls/index.js'
import { registerErrorHandling } from './http/error-handler.js'
import { lazyValidators } from './http/lazy-validators.js'
import { registerControlHooks } from './controls/hooks.js'
import { parseInstant } from './controls/instant.js'
import { registerOpenApi } from './http/openapi.js'
import { check, illegalArgument, serviceUnavailable } from './http/vendor-error.js'
import { deferRequestChildren, logCompleted } from './logger.js'
import { VERSION } from './version.js'
import { registerRoutes } from './routes/index.js'
import { createServices, type Services } from './services/index.js'
import { createPushCallback } from './services/push-callback.js'

/** One log line per request, after the response, with the app and status; nothing on arrival. */
class RequestLog extends LogController {
  override incomingRequest (): void {}

  override requestCompleted (_error: unknown, req: FastifyRequest, reply: FastifyReply): void {
    const app = req.mock?.app
    logCompleted(reply.log, {
      method: req.method,
      url: req.url,
      app: app === undefined ? undefined : appKeyOf(app),
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime)
    })
  }
}

export interface AppDeps {
  db: Db
  config: Config
  clock: Clock
  /** Built from the others unless the caller (the runtime) already made them. */
  services?: Services
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
    // Each route's validator is compiled when first needed, not all of them at start.
    schemaController: { compilersFactory: { buildValidator: lazyValidators() } },
    // Group ids and member names come as comma lists in one segment (up to 100 ids, a 4 KB URL).
    routerOptions: { maxParamLength: 4096 },
    // Fastify's own 503 for requests that arrive while closing is not the vendor's envelope; the
    // onRequest hook below answers them instead.
    return503OnClosing: false,
    // Failures before routing (a URL that doesn't decode) leave as the vendor's envelope too.
    frameworkErrors: (error, _req, reply: FastifyReply) => {
      const err = illegalArgument(`url is invalid: ${error.message}`)
      return reply.code(err.statusCode).send(err.toBody(deps.clock.now()))
    },
    ...options
  }).withTypeProvider<TypeBoxTypeProvider>()
  deferRequestChildren(app.log)

  const services = deps.services ?? createServices(deps.db, deps.config, deps.clock)
  if (deps.config.pushCallback !== null) {
    const callback = createPushCallback({ url: deps.config.pushCallback, log: app.log })
    services.delivery.subscribe(callback.listener)
    app.addHook('onClose', async () => { await callback.settle() })
  }
  registerBodyParser(app, deps.config.bodyLimit)
  registerErrorHandling(app, deps.config.bodyLimit)

  // Once closing, in-flight requests finish; every response ends its connection and a connection
  // that falls idle is dropped at once (an in-flight request's keep-alive socket would otherwise
  // hold the process open for the whole keep-alive timeout, 72 s, after SIGTERM).
  let closing = false
  app.addHook('preClose', async () => {
    closing = true
    app.server.keepAliveTimeout = 1
  })
  app.addHook('onSend', (req, reply, payload, done) => {
    if (closing) reply.header('connection', 'close')
    // For the journal (controls/hooks.ts): the payload as sent.
    req.mock.responseBody = payload
    done(null, payload)
  })

  app.decorateRequest('mock', null as never)
  const beforeVendor = deps.config.controls ? registerControlHooks(app, services) : undefined
  // Callback-style, as every per-request hook here: an async hook costs a promise and a microtask.
  app.addHook('onRequest', (req, _reply, done) => {
    req.mock = { now: deps.clock.now(), app: undefined, tokenUser: null, route: undefined, requestText: undefined, responseBody: undefined }
    // A request that arrives after shutdown began is refused before it can write anything.
    check(!closing, serviceUnavailable)
    const override = req.headers['x-mock-now']
    if (deps.config.controls && typeof override === 'string') {
      // One request seen at another time; the clock itself doesn't move (decisions.md §Clock).
      const at = parseInstant(override)
      check(at !== undefined, () => illegalArgument('X-Mock-Now must be epoch milliseconds or an ISO-8601 time'))
      req.mock.now = at
    }
    // The emulator's own paths have no bearer token to check first (http/body-parser.ts).
    if (!isVendorPath(req.url)) checkDeclaredSize(req, deps.config.bodyLimit)
    // Faults and rate limits (controls/hooks.ts), in this hook rather than one of their own.
    if (beforeVendor === undefined) done()
    else beforeVendor(req, done)
  })
  if (deps.config.controls) await registerOpenApi(app, VERSION)

  await app.register(registerRoutes, services)
  await app.ready()
  return app
}

export type App = Awaited<ReturnType<typeof buildApp>>
