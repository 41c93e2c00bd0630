import type { FastifyServerOptions } from 'fastify'
import type { LogLevel } from './config.js'

/** pino options: JSON lines, pretty only on a terminal; the bearer token never reaches a log. */
export function loggerOptions (level: LogLevel, isTTY: boolean): NonNullable<FastifyServerOptions['loggerInstance'] | FastifyServerOptions['logger']> {
  return {
    level,
    redact: { paths: ['req.headers.authorization', 'headers.authorization'], censor: '[redacted]' },
    ...(isTTY ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } } } : {})
  }
}
