import { writeSync } from 'node:fs'

/** Writes bytes to a file descriptor; returns how many were written (`fs.writeSync`'s shape). */
export type WriteBytes = (fd: number, buffer: Buffer, offset: number, length: number) => number

export interface LineSinkOptions {
  /** Lines wait until this many bytes are pending (default 16,384). */
  batchBytes?: number
  /** ...or until this many milliseconds pass without a full batch (default 100). */
  idleMs?: number
  /** For tests: the write call (default `fs.writeSync`). */
  write?: WriteBytes
}

/** A UTF-16 unit takes at most three bytes in UTF-8. */
const MAX_BYTES_PER_UNIT = 3

/**
 * pino's destination for log lines off a terminal: each line is encoded into one buffer as it
 * comes, and the buffer leaves synchronously in batches, or after a short idle wait, and
 * `flushSync` writes what is left. pino's own destination (sonic-boom) batches too
 * (`minLength`), but it keeps the pending text as a string and measures its UTF-8 length on
 * every line. Measured A/B with the bench against `pino.destination({ sync:
 * true, minLength: 2048, periodicFlush: 100 })`, its best setting here: on Node 20.20, 6 % more
 * read, 10 % more write and 6 % more mixed throughput; on Node 24.22, +1 %, +6 % and −4 %.
 * sonic-boom's asynchronous mode cost 10–13 % of throughput on Node 24 (docs/performance.md).
 */
export function createLineSink (fd: number, options: LineSinkOptions = {}) {
  // A write(2) to a file cost ≈ 6–8 µs here whatever its size up to a few KiB: in batches of 4,096
  // characters that was ≈ 0.45 µs a request line, in batches of 16,384 ≈ 0.15 µs (docs/performance.md).
  // A batch (16 KiB and the line that crossed it) still fits a pipe's 64 KiB buffer.
  const batchBytes = options.batchBytes ?? 16_384
  const write = options.write ?? writeSync
  let buffer = Buffer.allocUnsafeSlow(2 * batchBytes)
  let used = 0

  /** Writes `length` bytes of `bytes` in full, waiting out a full pipe (EAGAIN) rather than losing them. */
  function writeAll (bytes: Buffer, length: number): void {
    let at = 0
    while (at < length) {
      try {
        at += write(fd, bytes, at, length - at)
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err
        // A full pipe: wait a millisecond for its reader, then try again.
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1)
      }
    }
  }

  function flushSync (): void {
    if (used === 0) return
    const length = used
    used = 0
    writeAll(buffer, length)
  }

  const timer = setInterval(flushSync, options.idleMs ?? 100)
  timer.unref()

  return {
    /** pino's stream interface: one serialized line, newline included. */
    write (line: string): boolean {
      // Encoded at once, so no line outlives its request in V8's young generation (which grows,
      // and with it the process, when objects survive its collections: docs/performance.md).
      const most = used + MAX_BYTES_PER_UNIT * line.length
      if (most > buffer.length) {
        // A long line: a buffer to hold it, and from then on.
        const larger = Buffer.allocUnsafeSlow(most)
        buffer.copy(larger, 0, 0, used)
        buffer = larger
      }
      used += buffer.write(line, used)
      if (used >= batchBytes) flushSync()
      return true
    },
    flushSync,
    /** pino's `logger.flush(cb)` lands here; the write is synchronous, then `done` runs. */
    flush (done?: (err?: Error) => void): void {
      flushSync()
      done?.()
    },
    /** Stops the idle timer after a last flush. */
    end (): void {
      clearInterval(timer)
      flushSync()
    }
  }
}
