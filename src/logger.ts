import type { Bindings, ChildLoggerOptions, FastifyBaseLogger, FastifyLoggerOptions, PinoLoggerOptions } from 'fastify/types/logger.js'
import { pino } from 'pino'
import { systemTime } from './clock.js'
import { epochText, jsonInner, jsonString } from './http/json-text.js'
import type { LogLevel } from './config.js'

export type LoggerOptions = FastifyLoggerOptions & PinoLoggerOptions

/**
 * pino options: JSON lines, pretty only on a terminal; the bearer token never reaches a log.
 * `stream` makes, off a terminal only, where the lines go (stdout by default).
 */
export function loggerOptions (level: LogLevel, isTTY: boolean, stream?: () => NonNullable<LoggerOptions['stream']>): LoggerOptions {
  return {
    level,
    timestamp: logTime,
    redact: { paths: ['req.headers.authorization', 'headers.authorization'], censor: '[redacted]' },
    ...(isTTY ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } } } : {}),
    ...(isTTY || stream === undefined ? {} : { stream: stream() })
  }
}

/**
 * pino's `"time"` field, as its default writes it (wall-clock epoch milliseconds, not the emulator's
 * controllable clock), by the cheaper conversion of `epochText`.
 */
export const logTime = (): string => timeText(systemTime())
const timeText = remembered((ms: number) => `,"time":${epochText(ms)}`)

/** What the one line per request says, besides the request id its logger carries. */
export interface CompletedFields {
  method: string
  url: string
  app: string | undefined
  status: number
  ms: number
}

const { chindingsSym, endSym, lsCacheSym, streamSym, timeSym } = pino.symbols
const INFO = 30

type LogArgs = [obj: unknown, msg?: string, ...args: unknown[]]

type MakeChild = (bindings: Bindings, options?: ChildLoggerOptions) => FastifyBaseLogger

/**
 * A request's logger, as `deferRequestChildren` hands it to Fastify: the parent logger and the
 * request's bindings (its id), made into a real child logger only when something logs through it.
 * Most requests log nothing but their completed line, which `logCompleted` writes from the parent
 * and the bindings (README.md, Performance).
 */
export class RequestLogger {
  #child: FastifyBaseLogger | undefined
  constructor (readonly parent: FastifyBaseLogger, readonly bindings: Bindings, private readonly make: MakeChild) {}

  /** Whether anything has logged through this logger other than the completed line. */
  get used (): boolean { return this.#child !== undefined }
  get level (): string { return (this.#child ?? this.parent).level }
  set level (level: string) { this.#real().level = level }
  fatal (...args: LogArgs): void { this.#call('fatal', args) }
  error (...args: LogArgs): void { this.#call('error', args) }
  warn (...args: LogArgs): void { this.#call('warn', args) }
  info (...args: LogArgs): void { this.#call('info', args) }
  debug (...args: LogArgs): void { this.#call('debug', args) }
  trace (...args: LogArgs): void { this.#call('trace', args) }
  silent (...args: LogArgs): void { this.#call('silent', args) }
  child (bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger { return this.#real().child(bindings, options) }

  #real (): FastifyBaseLogger {
    this.#child ??= this.make(this.bindings)
    return this.#child
  }

  #call (method: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent', args: LogArgs): void {
    (this.#real()[method] as (...a: LogArgs) => void)(...args)
  }
}

/**
 * Makes a pino logger's `child(bindings)` return a `RequestLogger`; Fastify calls it once per
 * request, with the request id. That saves ≈ 1,300 instructions a read (README.md, Performance).
 * Fastify's `childLoggerFactory` option, the public way in, would cost more than it saves: it
 * checks every child it makes for seven methods by name (≈ 2,000). A child asked for with its own
 * level or serializers (Fastify passes them for a route that sets them; none here does) is a real
 * one. A logger that isn't pino is left alone.
 */
export function deferRequestChildren (root: FastifyBaseLogger): void {
  if (typeof (root as unknown as Record<symbol, unknown>)[chindingsSym] !== 'string') return
  const original = root.child
  const make: MakeChild = (bindings) => original.call(root, bindings)
  // pino's children inherit from their parent, so this is their `child` too: only the root's own
  // children are deferred.
  function child (this: FastifyBaseLogger, bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    if (this === root && options?.level === undefined && options?.serializers === undefined) {
      return new RequestLogger(root, bindings, make) as unknown as FastifyBaseLogger
    }
    return original.call(this, bindings, options)
  }
  Object.defineProperty(root, 'child', { value: child, writable: true, configurable: true })
}

/**
 * `text(key)`, remembering the last key and its text: the binding key, method, app, status and
 * line end of one request's line are most often the last one's.
 */
function remembered<K> (text: (key: K) => string): (key: K) => string {
  let lastKey: K | undefined
  let lastText = ''
  return (key) => {
    if (key !== lastKey) {
      lastText = text(key)
      lastKey = key
    }
    return lastText
  }
}

const keyText = remembered((key: string) => `,${jsonString(key)}:"`)
const methodText = remembered((method: string) => `,"method":"${jsonInner(method)}","url":"`)
const appText = remembered((app: string | undefined) => app === undefined ? '' : `,"app":"${jsonInner(app)}"`)
const statusText = remembered((status: number) => `,"status":${status},"ms":`)
const endText = remembered((end: string) => `,"msg":"request completed"${end}`)

/** The bindings as pino writes them after its parent's (`,"key":value`), or undefined if one isn't text. */
function bindingsText (bindings: Bindings): string | undefined {
  let text = ''
  for (const key in bindings) {
    const value: unknown = bindings[key]
    if (typeof value !== 'string') return undefined
    text += `${keyText(key)}${jsonInner(value)}"`
  }
  return text
}

/**
 * Logs `info(fields, 'request completed')` on a request's logger, building the line the way pino
 * would from the logger's own cached pieces (level, time, bindings, line end) rather than through
 * pino's general serializer, which cost ≈ 4,000 instructions more a request (README.md,
 * Performance). An unused `RequestLogger` writes through its parent, with its bindings added.
 * test/logger.test.ts holds it to pino's output. A logger that isn't pino gets the plain call.
 */
export function logCompleted (log: FastifyBaseLogger, fields: CompletedFields): void {
  let extra: string | undefined = ''
  if (log instanceof RequestLogger && !log.used) {
    extra = bindingsText(log.bindings)
    if (extra !== undefined) log = log.parent
  }
  const chindings = (log as unknown as Record<symbol, unknown>)[chindingsSym]
  if (typeof chindings !== 'string' || extra === undefined) {
    log.info(fields, 'request completed')
    return
  }
  if (!(log as pino.Logger).isLevelEnabled('info')) return
  const line = piecesOf(log)
  line.stream.write(`${line.level}${line.time()}${chindings}${extra}${methodText(fields.method)}${jsonInner(fields.url)}"` +
    `${appText(fields.app)}${statusText(fields.status)}${fields.ms}${endText(line.end)}`)
}

/** The pieces of a line a pino logger fixes when it is made (its bindings can change, so they're read each time). */
interface LinePieces {
  level: string
  time: () => string
  stream: pino.DestinationStream
  end: string
}

let lastLogger: FastifyBaseLogger | undefined
let lastPieces: LinePieces | undefined

/** The last logger's pieces: every request's line is written from the same root logger. */
function piecesOf (log: FastifyBaseLogger): LinePieces {
  if (log !== lastLogger || lastPieces === undefined) {
    const at = <T>(key: symbol): T => (log as unknown as Record<symbol, T>)[key] as T
    lastPieces = { level: at<Record<number, string>>(lsCacheSym)[INFO]!, time: at(timeSym), stream: at(streamSym), end: at(endSym) }
    lastLogger = log
  }
  return lastPieces
}
