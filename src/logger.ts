import { pino, type DestinationStream, type LoggerOptions as PinoOptions } from 'pino'
import { systemTime } from './clock.js'
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

/** pino's `"time"` field as its default writes it: wall-clock epoch milliseconds, not the emulator's controllable clock. */
export const logTime = (): string => `,"time":${systemTime()}`

/**
 * The emulator's logger, which the app hands to Fastify (`loggerInstance`). `true` is pino's
 * defaults; the options are pino's, with `stream` the destination.
 */
export function createLogger (options: boolean | LoggerOptions | undefined): pino.Logger | undefined {
  if (options === undefined || options === false) return undefined
  if (options === true) return pino()
  const { stream, ...rest } = options
  return pino(rest, stream)
}
