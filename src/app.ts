import Fastify, { type FastifyReply, type FastifyServerOptions } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { monotonic, type Clock } from './clock.js'
import type { Config } from './config.js'
import type { Db } from './db/database.js'
import { appKeyOf } from './db/repositories/apps-repo.js'
import { registerBodyParser } from './http/body-parser.js'
import { registerErrorHandling } from './http/error-handler.js'
import { lazyValidators } from './http/lazy-validators.js'
import { controlHooks } from './controls/hooks.js'
import { parseInstant } from './controls/instant.js'
import { registerOpenApi } from './http/openapi.js'
import { check, illegalArgument, serviceUnavailable } from './http/vendor-error.js'
import { createLogger, type LoggerOptions } from './logger.js'
import { VERSION } from './version.js'
import { registerRoutes } from './routes/index.js'
import { createServices, type Services } from './services/index.js'
import { keepTickEntry } from './tick-shape.js'
import { createPushCallback } from './services/push-callback.js'

export interface AppDeps {
  db: Db
  config: Config
  clock: Clock
  /** Built from the others unless the caller (the runtime) already made them. */
  services?: Services
}

/**
 * Fastify's options, but for the logger, which the app makes itself (`createLogger`, logger.ts):
 * pino's options, `true` for pino's defaults, or none.
 */
export type AppOptions = Omit<FastifyServerOptions, 'logger' | 'loggerInstance'> & {
  logger?: boolean | LoggerOptions | undefined
  /** Serve the interactive `/docs` page beside `/openapi.json` when the controls are on (default true). */
  docs?: boolean | undefined
}

/**
 * Builds a ready-to-inject emulator on an open, migrated database. Never reads the environment and
 * never listens: `cli.ts` and `startMockServer` do that.
 */
export async function buildApp (deps: AppDeps, options: AppOptions = {}) {
  const { logger: loggerSetting, docs = true, ...fastifyOptions } = options
  const log = createLogger(loggerSetting)
  const app = Fastify({
    bodyLimit: deps.config.bodyLimit,
    // Numbers-as-strings are accepted field by field (see domain/coerce.ts), never by blanket coercion
    // that would also turn a number into a string where the vendor wants text.
    ajv: { customOptions: { coerceTypes: false } },
    // Each route's validator is compiled when first needed: compiling all at start took an
    // in-process start from 35 to 80 ms of CPU on Node 24.22 (docs/performance.md).
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
    ...fastifyOptions,
    // The app's lines are its own (logger.ts, createLogger): Fastify logs nothing itself.
    logger: false
  }).withTypeProvider<TypeBoxTypeProvider>()
  if (log !== undefined) app.log = log

  const services = deps.services ?? createServices(deps.db, deps.config, deps.clock)
  if (deps.config.pushCallback !== null) {
    const callback = createPushCallback({ url: deps.config.pushCallback, log: app.log })
    services.delivery.subscribe(callback.listener)
    app.addHook('onClose', async () => { await callback.settle() })
  }
  // One nextTick entry kept alive while the app lives spares every request a V8 slow path after a
  // full collection: on Node 20.20, 22 % of read throughput (tick-shape.ts, docs/performance.md).
  const kept: { tick?: object } = { tick: keepTickEntry() }
  app.addHook('onClose', async () => { delete kept.tick })
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
  app.decorateRequest('mock', null as never)
  const controls = deps.config.controls ? controlHooks(services) : undefined
  // Each request is journaled, and logged, once its payload is final. Its duration runs to this point.
  app.addHook('onSend', (req, reply, payload, done) => {
    if (closing) reply.header('connection', 'close')
    req.mock.responseBody = payload
    const elapsed = monotonic() - req.mock.started
    controls?.answered(req, reply, elapsed)
    // One line a request, at debug: a test reads what was asked from the journal (`/_mock/requests`),
    // and a default run's output stays its own lines, warnings and errors.
    if (log?.isLevelEnabled('debug') === true) {
      const owner = req.mock.app
      log.debug({
        reqId: req.id,
        method: req.method,
        url: req.url,
        app: owner === undefined ? undefined : appKeyOf(owner),
        status: reply.statusCode,
        ms: Math.round(elapsed)
      }, 'request completed')
    }
    done(null, payload)
  })

  // Callback-style, as every per-request hook here: an async hook costs a promise and a microtask.
  app.addHook('onRequest', (req, _reply, done) => {
    req.mock = { now: deps.clock.now(), started: monotonic(), app: undefined, tokenUser: null, route: undefined, requestText: undefined, responseBody: undefined }
    // A request that arrives after shutdown began is refused before it can write anything.
    check(!closing, serviceUnavailable)
    const override = req.headers['x-mock-now']
    if (deps.config.controls && typeof override === 'string') {
      // One request seen at another time; the clock itself doesn't move (decisions.md §Clock).
      const at = parseInstant(override)
      check(at !== undefined, () => illegalArgument('X-Mock-Now must be epoch milliseconds or an ISO-8601 time'))
      req.mock.now = at
    }
    // Faults and rate limits (controls/hooks.ts), in this hook rather than one of their own.
    if (controls === undefined) done()
    else controls.beforeRequest(req, done)
  })
  if (deps.config.controls) await registerOpenApi(app, VERSION, docs)

  await app.register(registerRoutes, services)
  await app.ready()
  return app
}

export type App = Awaited<ReturnType<typeof buildApp>>
