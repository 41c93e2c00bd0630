import { pino, type DestinationStream, type LoggerOptions as PinoOptions } from 'pino'
import { systemTime } from './clock.js'
import { epochText, jsonInner } from './http/json-text.js'
import type { LogLevel } from './config.js'

/** pino's options, and where its lines go (stdout when none is given). */
export type LoggerOptions = PinoOptions & { stream?: DestinationStream | undefined }

/**
 * pino options: JSON lines, pretty only on a terminal; the bearer token never reaches a log.
 * `stream` makes, off a terminal only, where the lines go (stdout by default).
 */
export function loggerOptions (level: LogLevel, isTTY: boolean, stream?: () => DestinationStream): LoggerOptions {
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

/** What the one line per request says, besides the request id. */
export interface CompletedFields {
  method: string
  url: string
  app: string | undefined
  status: number
  ms: number
}

const { chindingsSym, endSym, lsCacheSym, streamSym, timeSym } = pino.symbols
const INFO = 30

/**
 * The emulator's logger, made here rather than by Fastify: Fastify given a logger makes a child
 * logger for every request and listens for every response's end to log it, ≈ 5,800 instructions a
 * read before a line is written (README.md, Performance). Fastify is built without one, so its
 * requests carry its no-op logger; the app takes this one as `app.log` (its own lines, the
 * listening line Fastify writes through `app.log`), and each request's line is written by
 * `logCompleted`. `true` is pino's defaults; the options are pino's, with `stream` the destination.
 */
export function createLogger (options: boolean | LoggerOptions | undefined): pino.Logger | undefined {
  if (options === undefined || options === false) return undefined
  if (options === true) return pino()
  const { stream, ...rest } = options
  return pino(rest, stream)
}

/**
 * `text(key)`, remembering the last key and its text: the method, app, status and line end of one
 * request's line are most often the last one's.
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

const methodText = remembered((method: string) => `,"method":"${jsonInner(method)}","url":"`)
const appText = remembered((app: string | undefined) => app === undefined ? '' : `,"app":"${jsonInner(app)}"`)
const statusText = remembered((status: number) => `,"status":${status},"ms":`)
const endText = remembered((end: string) => `,"msg":"request completed"${end}`)

/**
 * Logs `info(fields, 'request completed')` as a child logger with the request's id would
 * (`log.child({ reqId }).info(…)`), building the line from the logger's own cached pieces (level,
 * time, bindings, line end) rather than through a child and pino's general serializer, which cost
 * ≈ 5,300 instructions more a request (README.md, Performance). test/logger.test.ts holds it to
 * pino's output.
 */
export function logCompleted (log: pino.Logger, reqId: string, fields: CompletedFields): void {
  if (!log.isLevelEnabled('info')) return
  const line = piecesOf(log)
  line.stream.write(`${line.level}${line.time()}${(log as unknown as Record<symbol, string>)[chindingsSym]},"reqId":"${jsonInner(reqId)}"` +
    `${methodText(fields.method)}${jsonInner(fields.url)}"${appText(fields.app)}${statusText(fields.status)}${fields.ms}${endText(line.end)}`)
}

/** The pieces of a line a pino logger fixes when it is made (its bindings can change, so they're read each time). */
interface LinePieces {
  level: string
  time: () => string
  stream: DestinationStream
  end: string
}

let lastLogger: pino.Logger | undefined
let lastPieces: LinePieces | undefined

/** The last logger's pieces: every request's line is written from the same logger. */
function piecesOf (log: pino.Logger): LinePieces {
  if (log !== lastLogger || lastPieces === undefined) {
    const at = <T>(key: symbol): T => (log as unknown as Record<symbol, T>)[key] as T
    lastPieces = { level: at<Record<number, string>>(lsCacheSym)[INFO]!, time: at(timeSym), stream: at(streamSym), end: at(endSym) }
    lastLogger = log
  }
  return lastPieces
}
