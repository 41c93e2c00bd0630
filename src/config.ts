import { parseArgs } from 'node:util'
import { APP_NAME } from './domain/app-key.js'

export interface AppCredentials {
  org: string
  app: string
  clientId: string
  clientSecret: string
}

export interface Config {
  host: string
  port: number
  /** A second listener, HTTPS, serving the same app (0 picks a free port); null: none. */
  httpsPort: number | null
  /** PEM files of the HTTPS certificate and its key; both null: a self-signed one made at start. */
  tlsCert: string | null
  tlsKey: string | null
  dbFile: string
  logLevel: LogLevel
  apps: AppCredentials[]
  strictApps: boolean
  autoCreateUsers: boolean
  timezone: string
  /** Default app/user token lifetime in seconds when a token request sends no `ttl` (0 = never). */
  tokenTtl: number
  bodyLimit: number
  /** Serve `/_mock`, `/openapi.json` and `/docs`; off, the emulator shows only the vendor's API. */
  controls: boolean
  /** Requests the journal keeps (the oldest are dropped); 0 turns it off. */
  journalSize: number
  /** Enforce the vendor's per-app call limits (easemob-reference.md §5). */
  rateLimits: boolean
  /** State files (`GET /_mock/state` documents) loaded at start. */
  seeds: string[]
  /** Simulated push records kept for `GET /_mock/pushes` (the oldest are dropped); 0 turns it off. */
  pushLogSize: number
  /** Where each simulated push outcome is posted, in the vendor's offline-push callback shape. */
  pushCallback: string | null
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const
export type LogLevel = typeof LOG_LEVELS[number]

/** A bad flag or variable: the process prints `message` on one line and exits non-zero. */
export class ConfigError extends Error {
  constructor (message: string) {
    super(message)
    this.name = 'ConfigError'
  }
}

interface Option {
  flag: string
  env?: string
  value?: string
  fallback: string
  help: string
}

/** Where daily do-not-disturb windows are reckoned unless --timezone says otherwise (the vendor's own zone). */
const DEFAULT_TIMEZONE = 'Asia/Shanghai'

/** Every flag, its variable and default: the source of `--help` and of the README's table. */
export const OPTIONS: readonly Option[] = [
  { flag: 'port', env: 'PORT', value: 'N', fallback: '8080', help: 'TCP port (0 picks a free one)' },
  { flag: 'https-port', env: 'HTTPS_PORT', value: 'N', fallback: '', help: 'also serve HTTPS on this port (0 picks a free one)' },
  { flag: 'tls-cert', env: 'TLS_CERT', value: 'FILE', fallback: '', help: 'PEM certificate for HTTPS (default: a self-signed one for localhost, made at start)' },
  { flag: 'tls-key', env: 'TLS_KEY', value: 'FILE', fallback: '', help: 'PEM private key of --tls-cert' },
  { flag: 'host', env: 'HOST', value: 'ADDR', fallback: '127.0.0.1', help: 'address to listen on' },
  { flag: 'db', env: 'DB_FILE', value: 'FILE', fallback: './data/easemob-push-mock.db', help: 'SQLite file, or :memory:' },
  { flag: 'log-level', env: 'LOG_LEVEL', value: 'LEVEL', fallback: 'info', help: LOG_LEVELS.join('|') },
  { flag: 'app', env: 'EASEMOB_APPS', value: 'org#app:id:secret', fallback: '', help: 'configure an app (repeatable; the variable takes a comma-separated list)' },
  { flag: 'strict-apps', fallback: 'off', help: 'unknown apps get 404 instead of being created on first token request' },
  { flag: 'auto-create-users', fallback: 'off', help: 'register unknown users on first touch' },
  { flag: 'timezone', env: 'PUSH_TIMEZONE', value: 'IANA', fallback: DEFAULT_TIMEZONE, help: 'time zone of daily do-not-disturb windows' },
  { flag: 'token-ttl', env: 'TOKEN_TTL', value: 'SECONDS', fallback: '5184000', help: 'token lifetime when the request sends no ttl (0 = never expires)' },
  { flag: 'body-limit', env: 'BODY_LIMIT', value: 'BYTES', fallback: '1048576', help: 'largest accepted request body' },
  { flag: 'seed', env: 'SEED_FILE', value: 'FILE', fallback: '', help: 'load app state from a JSON file at start (repeatable)' },
  { flag: 'journal-size', env: 'JOURNAL_SIZE', value: 'N', fallback: '1000', help: 'requests kept in the journal (0 = off)' },
  { flag: 'push-log-size', env: 'PUSH_LOG_SIZE', value: 'N', fallback: '50000', help: 'simulated push records kept for /_mock/pushes (0 = off)' },
  { flag: 'push-callback', env: 'PUSH_CALLBACK', value: 'URL', fallback: '', help: "POST each simulated push outcome here, in the vendor's callback shape" },
  { flag: 'rate-limits', fallback: 'off', help: "enforce the vendor's per-app call limits (429 reach_limit)" },
  { flag: 'no-controls', fallback: 'off', help: 'serve only the vendor API: no /_mock, /openapi.json or /docs' },
  { flag: 'help', fallback: '', help: 'print this help and exit' }
]

export const HELP = [
  'Usage: easemob-push-mock [options]',
  '',
  'Options (a flag wins over its environment variable; on/off switches are flags only):',
  ...OPTIONS.map(o => {
    const left = `  --${o.flag}${o.value ? ` ${o.value}` : ''}`
    if (o.flag === 'help') return `${left.padEnd(34)} ${o.help}`
    const env = o.env ? ` [${o.env}]` : ' [flag only]'
    return `${left.padEnd(34)} ${o.help}${env} (default: ${o.fallback || 'none'})`
  }),
  '',
  'Once started it prints its URL: the vendor API is under /{org}/{app}/, the emulator\'s controls',
  'under /_mock/ and the API docs at /docs (/openapi.json for the document itself).'
].join('\n')

export type ConfigResult = { help: true } | { help: false, config: Config }

/** Reads flags and environment into a Config; pure, throws ConfigError with one clear line. */
export function loadConfig (argv: readonly string[], env: Readonly<Record<string, string | undefined>>): ConfigResult {
  let values: Record<string, unknown>
  try {
    values = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: Object.fromEntries(OPTIONS.map(o => [o.flag, o.value
        ? { type: 'string', multiple: o.flag === 'app' || o.flag === 'seed' }
        : { type: 'boolean' }]))
    }).values
  } catch (err) {
    throw new ConfigError((err as Error).message.replace(/\s*\n[\s\S]*$/, ''))
  }
  if (values.help === true) return { help: true }

  const pick = (flag: string): string => {
    const option = OPTIONS.find(o => o.flag === flag) as Option
    const fromFlag = values[flag]
    if (typeof fromFlag === 'string') return fromFlag
    // Only options with a variable are picked, so `env` is always set here.
    const fromEnv = env[option.env as string]
    return fromEnv !== undefined && fromEnv !== '' ? fromEnv : option.fallback
  }

  const flagSeeds = values.seed as string[] | undefined
  const seeds = flagSeeds ?? (env.SEED_FILE === undefined || env.SEED_FILE === '' ? [] : [env.SEED_FILE])
  const flagApps = values.app as string[] | undefined
  const appSpecs = flagApps ?? (env.EASEMOB_APPS ?? '').split(',').map(s => s.trim()).filter(s => s !== '')

  const port = integer('port', pick('port'), 0, 65535)
  return {
    help: false,
    config: {
      host: nonEmpty('host', pick('host')),
      port,
      ...https(pick('https-port'), pick('tls-cert'), pick('tls-key'), port),
      dbFile: nonEmpty('db', pick('db')),
      logLevel: logLevel(pick('log-level')),
      apps: appSpecs.map(parseAppSpec),
      strictApps: values['strict-apps'] === true,
      autoCreateUsers: values['auto-create-users'] === true,
      timezone: timezone(pick('timezone')),
      tokenTtl: integer('token-ttl', pick('token-ttl'), 0, 2 ** 31),
      bodyLimit: integer('body-limit', pick('body-limit'), 1, 2 ** 30),
      controls: values['no-controls'] !== true,
      journalSize: integer('journal-size', pick('journal-size'), 0, 1_000_000),
      rateLimits: values['rate-limits'] === true,
      seeds,
      pushLogSize: integer('push-log-size', pick('push-log-size'), 0, 10_000_000),
      pushCallback: callbackUrl(pick('push-callback'))
    }
  }
}

function nonEmpty (name: string, value: string): string {
  if (value === '') throw new ConfigError(`--${name} must not be empty`)
  return value
}

function integer (name: string, raw: string, min: number, max: number): number {
  const n = Number(raw)
  if (!/^\d+$/.test(raw) || n < min || n > max) {
    throw new ConfigError(`--${name} must be an integer from ${min} to ${max}, got "${raw}"`)
  }
  return n
}

/** The HTTPS listener's port and certificate files: both files or neither, and only with a port. */
function https (rawPort: string, cert: string, key: string, port: number): Pick<Config, 'httpsPort' | 'tlsCert' | 'tlsKey'> {
  if ((cert === '') !== (key === '')) throw new ConfigError('--tls-cert and --tls-key go together: give both, or neither for a self-signed certificate')
  if (rawPort === '') {
    if (cert !== '') throw new ConfigError('--tls-cert and --tls-key need --https-port')
    return { httpsPort: null, tlsCert: null, tlsKey: null }
  }
  const httpsPort = integer('https-port', rawPort, 0, 65535)
  if (httpsPort !== 0 && httpsPort === port) throw new ConfigError(`--https-port must differ from --port, both are ${port}`)
  return { httpsPort, tlsCert: cert === '' ? null : cert, tlsKey: key === '' ? null : key }
}

function logLevel (raw: string): LogLevel {
  const level = LOG_LEVELS.find(l => l === raw)
  if (level === undefined) throw new ConfigError(`--log-level must be one of ${LOG_LEVELS.join(', ')}, got "${raw}"`)
  return level
}

function timezone (raw: string): string {
  // The default needs no check, and a check loads ICU's time-zone data: 6 ms of a 261 ms start on Node 24.22.
  if (raw === DEFAULT_TIMEZONE) return raw
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: raw }).resolvedOptions().timeZone
  } catch {
    throw new ConfigError(`--timezone must be an IANA time zone such as Asia/Shanghai, got "${raw}"`)
  }
}

function callbackUrl (raw: string): string | null {
  if (raw === '') return null
  let url: URL | undefined
  try {
    url = new URL(raw)
  } catch {}
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new ConfigError(`--push-callback must be an http(s) URL, got "${raw}"`)
  }
  return url.href
}

/** `org#app:clientId:clientSecret`, the appkey form the vendor's console shows. */
export function parseAppSpec (spec: string): AppCredentials {
  const match = /^([^#:]+)#([^#:]+):([^:]+):(.+)$/.exec(spec)
  // Only what comes before the first ":" is shown: the rest may be a client secret.
  if (match === null) throw new ConfigError(`--app must look like org#app:clientId:clientSecret, got "${spec.replace(/:.*$/s, ':…')}"`)
  const [, org, app, clientId, clientSecret] = match as unknown as [string, string, string, string, string]
  if (!APP_NAME.test(org) || !APP_NAME.test(app)) {
    throw new ConfigError(`--app org and app names take letters, digits, "_" and "-", got "${org}#${app}"`)
  }
  return { org, app, clientId, clientSecret }
}
