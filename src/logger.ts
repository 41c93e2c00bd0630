import { pino, type DestinationStream, type LoggerOptions as PinoOptions } from 'pino'
import type { LogLevel } from './config.js'

/** pino's options, and where its lines go (pino's own stdout destination when none is given). */
export type LoggerOptions = PinoOptions & { stream?: DestinationStream | undefined }

/**
 * pino options: JSON lines, pretty only on a terminal; the bearer token never reaches a log.
 * Off a terminal each line is written to stdout as it is logged (pino's destination with `sync`),
 * so the ready line is there as soon as it is logged and nothing waits in memory at exit.
 */
export function loggerOptions (level: LogLevel, isTTY: boolean): LoggerOptions {
  return {
    level,
    redact: { paths: ['req.headers.authorization', 'headers.authorization'], censor: '[redacted]' },
    ...(isTTY
      ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } } }
      : { stream: pino.destination({ dest: 1, sync: true }) })
  }
}

/**
 * The emulator's logger, made here rather than by Fastify: Fastify is built without one, so it
 * makes no child logger per request; the app takes this one as `app.log` (its own lines, each
 * request's `debug` line, and the listening line Fastify writes through `app.log`). `true` is
 * pino's defaults; the options are pino's, with `stream` the destination.
 */
export function createLogger (options: boolean | LoggerOptions | undefined): pino.Logger | undefined {
  if (options === undefined || options === false) return undefined
  if (options === true) return pino()
  const { stream, ...rest } = options
  return pino(rest, stream)
}
