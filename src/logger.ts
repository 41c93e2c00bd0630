import { pino, type DestinationStream, type LoggerOptions as PinoOptions } from 'pino'
import { systemTime } from './clock.js'
import type { LogLevel } from './config.js'
import { jsonInner, numberText } from './http/json-text.js'

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

/** pino's `"time"` field as its default writes it: wall-clock epoch milliseconds, not the emulator's controllable clock. */
export const logTime = (): string => `,"time":${numberText(systemTime())}`

/**
 * The emulator's logger, made here rather than by Fastify: Fastify is built without one, so it
 * makes no child logger per request; the app takes this one as `app.log` (its own lines, and the
 * listening line Fastify writes through `app.log`), and each request's line is written by
 * `requestLine`. `true` is pino's defaults; the options are pino's, with `stream` the destination.
 */
export function createLogger (options: boolean | LoggerOptions | undefined): pino.Logger | undefined {
  if (options === undefined || options === false) return undefined
  if (options === true) return pino()
  const { stream, ...rest } = options
  return pino(rest, stream)
}

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
 * For one logger, a writer of the line `log.child({ reqId }).info(fields, 'request completed')`
 * would write, built from the logger's own pieces (level, time, bindings, line end).
 * Measured on Node 24.22: a child logger per request and pino's serializer instead cost 11–17 % more
 * CPU a request and 5–7 % of read, write and mixed throughput (docs/performance.md).
 * test/logger.test.ts holds the line to pino's own.
 */
export function requestLine (log: pino.Logger): (reqId: string, fields: CompletedFields) => void {
  const at = <T>(key: symbol): T => (log as unknown as Record<symbol, T>)[key] as T
  const level = at<Record<number, string>>(lsCacheSym)[INFO]!
  const time = at<() => string>(timeSym)
  const stream = at<DestinationStream>(streamSym)
  const end = at<string>(endSym)
  return (reqId, f) => {
    if (!log.isLevelEnabled('info')) return
    // The bindings are read each time: a logger's can change.
    stream.write(`${level}${time()}${at<string>(chindingsSym)},"reqId":"${jsonInner(reqId)}","method":"${jsonInner(f.method)}","url":"${jsonInner(f.url)}"` +
      `${f.app === undefined ? '' : `,"app":"${jsonInner(f.app)}"`},"status":${f.status},"ms":${f.ms},"msg":"request completed"${end}`)
  }
}
