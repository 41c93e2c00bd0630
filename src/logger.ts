import type { FastifyBaseLogger, FastifyLoggerOptions, PinoLoggerOptions } from 'fastify/types/logger.js'
import { pino } from 'pino'
import { jsonString } from './http/json-text.js'
import type { LogLevel } from './config.js'

export type LoggerOptions = FastifyLoggerOptions & PinoLoggerOptions

/**
 * pino options: JSON lines, pretty only on a terminal; the bearer token never reaches a log.
 * `stream` makes, off a terminal only, where the lines go (stdout by default).
 */
export function loggerOptions (level: LogLevel, isTTY: boolean, stream?: () => NonNullable<LoggerOptions['stream']>): LoggerOptions {
  return {
    level,
    redact: { paths: ['req.headers.authorization', 'headers.authorization'], censor: '[redacted]' },
    ...(isTTY ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } } } : {}),
    ...(isTTY || stream === undefined ? {} : { stream: stream() })
  }
}

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

/**
 * Logs `info(fields, 'request completed')` on a request's pino logger, building the line the way
 * pino would from the logger's own cached pieces (level, time, bindings, line end) rather than
 * through pino's general serializer, which cost ≈ 4,000 instructions more a request (README.md,
 * Performance). test/logger.test.ts holds it to pino's output. A logger that isn't pino gets the
 * plain call.
 */
export function logCompleted (log: FastifyBaseLogger, fields: CompletedFields): void {
  const at = <T>(key: symbol): T => (log as unknown as Record<symbol, T>)[key] as T
  const chindings = at<string | undefined>(chindingsSym)
  if (typeof chindings !== 'string') {
    log.info(fields, 'request completed')
    return
  }
  if (!(log as pino.Logger).isLevelEnabled('info')) return
  let line = `${at<Record<number, string>>(lsCacheSym)[INFO]!}${at<() => string>(timeSym)()}${chindings}` +
    `,"method":${jsonString(fields.method)},"url":${jsonString(fields.url)}`
  if (fields.app !== undefined) line += `,"app":${jsonString(fields.app)}`
  at<pino.DestinationStream>(streamSym).write(`${line},"status":${fields.status},"ms":${fields.ms},"msg":"request completed"${at<string>(endSym)}`)
}
