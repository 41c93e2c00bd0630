import type { FastifyLoggerOptions, PinoLoggerOptions } from 'fastify/types/logger.js'
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
