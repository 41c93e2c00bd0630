import type { AddressInfo } from 'node:net'
import { createClock } from './clock.js'
import { ConfigError, loadConfig, type LogLevel } from './config.js'
import { parseInstant } from './controls/instant.js'
import { APP_NAME } from './domain/app-key.js'
import type { JournalEntry, JournalFilter } from './controls/journal.js'
import type { PushFilter, PushRecord } from './controls/pushes.js'
import type { AppState } from './db/state-types.js'
import { loadTls } from './https.js'
import { loggerOptions } from './logger.js'
import { createRuntime } from './runtime.js'

/** Options of `startMockServer`; every one has a default fit for a test suite. */
export interface MockServerOptions {
  /** The configured app, `org#app` (default `mock#test`). */
  appKey?: string
  /** Its client id (default `mock-client-id`). */
  clientId?: string
  /** Its client secret (default `mock-client-secret`). */
  clientSecret?: string
  /** SQLite file (default `:memory:`, a database of this server alone). */
  db?: string
  /** Address to listen on (default `127.0.0.1`). */
  host?: string
  /** TCP port (default 0: a free one). */
  port?: number
  /**
   * Also serve HTTPS on a free port, with a self-signed certificate for localhost and 127.0.0.1
   * made at start (default false); see `httpsUrl` and `tlsCert`.
   */
  https?: boolean
  /** pino level (default `silent`). */
  logLevel?: LogLevel
  /** Time zone of daily do-not-disturb windows (default `Asia/Shanghai`). */
  timezone?: string
  /** Unknown apps get 404 instead of being created on first token request (default false). */
  strictApps?: boolean
  /** Register unknown users on first touch (default false). */
  autoCreateUsers?: boolean
  /** Enforce the vendor's per-app call limits (default false). */
  rateLimits?: boolean
  /** Token lifetime in seconds when a token request sends no `ttl` (default 5184000; 0 = never expires). */
  tokenTtl?: number
  /** Requests the journal keeps (default 1000). */
  journalSize?: number
  /** Simulated push records kept (default 50000). */
  pushLogSize?: number
  /** POST each simulated push outcome to this URL, in the vendor's callback shape (default: none). */
  pushCallback?: string
  /** Largest accepted request body in bytes (default 1 MiB). */
  bodyLimit?: number
  /**
   * State loaded at start: seed file paths (as `--seed`) and state documents (the format of
   * `GET /_mock/state`), imported in order after the configured app.
   */
  seed?: string | AppState | ReadonlyArray<string | AppState>
  /** Start with the clock frozen at this instant (epoch ms, ISO-8601 or a Date); default: real time. */
  now?: number | string | Date
  /** Serve the interactive API page at `/docs` (default false: `/openapi.json` is always there). */
  docs?: boolean
}

/** An instant for the mock clock: epoch ms, ISO-8601 or a Date. */
export type Instant = number | string | Date

/** A running emulator in this process, with its own database, clock and journal. */
export interface MockServer {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  readonly url: string
  /** `https://127.0.0.1:PORT` with `https: true`: the same emulator over HTTPS. */
  readonly httpsUrl?: string
  /** With `https: true`, the generated certificate (PEM), for clients that verify it (`ca` in Node). */
  readonly tlsCert?: string
  /** `url` + `/{org}/{app}` of the configured app: the base URL the vendor's SDKs take. */
  readonly appUrl: string
  readonly appKey: string
  readonly orgName: string
  readonly appName: string
  readonly clientId: string
  readonly clientSecret: string
  /** The emulator clock: freeze it, move it, or return it to real time. */
  readonly clock: {
    now(): number
    set(at: Instant): void
    advance(ms: number): void
    real(): void
  }
  /** The journal of vendor requests, newest last (what `GET /_mock/requests` answers under `requests`). */
  requests(filter?: JournalFilter): JournalEntry[]
  /**
   * What the real service would have pushed for the messages sent so far, newest last (what
   * `GET /_mock/pushes` answers under `pushes`). `to` is a user id; `app` defaults to every app.
   */
  pushes(filter?: PushFilter): PushRecord[]
  /** Marks a user of the configured app online (no pushes) or offline again. */
  setOnline(username: string, online: boolean): void
  /** Everything back to a fresh start (`POST /_mock/reset`): the configured app and its keys stay. */
  reset(): Promise<void>
  /** Stops listening and closes the database; safe to call twice. */
  close(): Promise<void>
}

const DEFAULTS = { appKey: 'mock#test', clientId: 'mock-client-id', clientSecret: 'mock-client-secret' }

function toEpoch (at: Instant): number {
  const ms = parseInstant(at instanceof Date ? at.getTime() : at)
  if (ms === undefined) throw new TypeError(`not an instant (epoch ms, ISO-8601 or Date): ${String(at)}`)
  return ms
}

/** The app's keys, checked here so that an error names the option and never shows the secret. */
function checkCredentials (appKey: unknown, clientId: unknown, clientSecret: unknown): void {
  const [org = '', app = '', ...rest] = typeof appKey === 'string' ? appKey.split('#') : []
  if (rest.length > 0 || !APP_NAME.test(org) || !APP_NAME.test(app)) {
    throw new ConfigError(`appKey must look like org#app, got ${JSON.stringify(appKey)}`)
  }
  if (typeof clientId !== 'string' || !/^[^:]+$/.test(clientId)) {
    throw new ConfigError(`clientId must be a non-empty string without ":", got ${JSON.stringify(clientId)}`)
  }
  if (typeof clientSecret !== 'string' || clientSecret === '') throw new ConfigError('clientSecret must be a non-empty string')
}

/**
 * Starts an emulator in this process, by default on a free port of 127.0.0.1 with an in-memory
 * database, so that test suites (and parallel workers) each get their own. The flags go through
 * the CLI's own `loadConfig`, so a bad option fails the same way a bad flag does.
 */
export async function startMockServer (options: MockServerOptions = {}): Promise<MockServer> {
  const appKey = options.appKey ?? DEFAULTS.appKey
  const clientId = options.clientId ?? DEFAULTS.clientId
  const clientSecret = options.clientSecret ?? DEFAULTS.clientSecret
  checkCredentials(appKey, clientId, clientSecret)
  const seeds = options.seed === undefined ? [] : Array.isArray(options.seed) ? options.seed : [options.seed]
  // `--flag=value`, never `--flag value`: a value such as `-1` would otherwise read as a flag.
  const flag = (name: string, value: unknown): string[] => value === undefined ? [] : [`--${name}=${String(value)}`]
  const argv = [
    `--app=${appKey}:${clientId}:${clientSecret}`,
    ...flag('db', options.db ?? ':memory:'),
    ...flag('host', options.host ?? '127.0.0.1'),
    ...flag('port', options.port ?? 0),
    ...(options.https === true ? ['--https-port=0'] : []),
    ...flag('log-level', options.logLevel ?? 'silent'),
    ...flag('timezone', options.timezone),
    ...flag('token-ttl', options.tokenTtl),
    ...flag('journal-size', options.journalSize),
    ...flag('push-log-size', options.pushLogSize),
    ...flag('push-callback', options.pushCallback),
    ...flag('body-limit', options.bodyLimit),
    ...(options.strictApps === true ? ['--strict-apps'] : []),
    ...(options.autoCreateUsers === true ? ['--auto-create-users'] : []),
    ...(options.rateLimits === true ? ['--rate-limits'] : []),
    ...seeds.filter(s => typeof s === 'string').flatMap(file => flag('seed', file))
  ]
  // Never the process environment: a suite's PORT or DB_FILE must not leak into its mock.
  let result: ReturnType<typeof loadConfig>
  try {
    result = loadConfig(argv, {})
  } catch (err) {
    // The flags' checks, with each flag named as the option the caller wrote (`--log-level` → `logLevel`).
    throw new ConfigError((err as Error).message.replace(/--([a-z-]+)/g, (_, name: string) => name.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase())))
  }
  // `--help` is not among the flags built above.
  const config = (result as Extract<typeof result, { help: false }>).config
  const [orgName, appName] = appKey.split('#') as [string, string]

  // Frozen before the runtime exists, so seeded rows carry the chosen time too.
  const clock = createClock()
  if (options.now !== undefined) clock.set(toEpoch(options.now))
  const runtime = await createRuntime(config, { logger: loggerOptions(config.logLevel, false), docs: options.docs === true }, clock)
  const { app, services } = runtime
  let https: { port: number, cert: string } | undefined
  try {
    for (const doc of seeds.filter(s => typeof s !== 'string')) {
      // The route itself, so a document is checked exactly as `PUT /_mock/state` checks it.
      const res = await app.inject({ method: 'PUT', url: '/_mock/state', payload: doc as object })
      if (res.statusCode !== 200) {
        throw new Error(`seed document ${(doc as { appKey?: unknown }).appKey}: ${String(res.json().error_description)}`)
      }
    }
    await app.listen({ host: config.host, port: config.port })
    // Generated in memory and never written: the PEM is handed back as `tlsCert`.
    if (config.httpsPort !== null) {
      const tls = await loadTls(config, null)
      https = { port: await runtime.serveHttps(tls, config.httpsPort), cert: tls.cert }
    }
  } catch (err) {
    await runtime.close()
    throw err
  }
  const { port } = app.server.address() as AddressInfo
  const host = config.host.includes(':') ? `[${config.host}]` : config.host
  const url = `http://${host}:${port}`

  return {
    url,
    ...(https === undefined ? {} : { httpsUrl: `https://${host}:${https.port}`, tlsCert: https.cert }),
    appUrl: `${url}/${orgName}/${appName}`,
    appKey,
    orgName,
    appName,
    clientId,
    clientSecret,
    clock: {
      now: () => clock.now(),
      set: (at) => { clock.set(toEpoch(at)) },
      advance: (ms) => { clock.advance(ms) },
      real: () => { clock.real() }
    },
    requests: (filter) => services.controls.journal.list(filter),
    pushes: (filter) => services.controls.pushes.list(filter),
    setOnline: (username, online) => { services.controls.presence.set(appKey, username.toLowerCase(), online) },
    async reset () {
      // Through the route, so whatever `POST /_mock/reset` clears, this clears too.
      await app.inject({ method: 'POST', url: '/_mock/reset' })
    },
    close: () => runtime.close()
  }
}
