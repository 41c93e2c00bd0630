import { mkdtempSync, openSync, readFileSync, closeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { createLineSink, type WriteBytes } from '../src/log-sink.js'

/** A write call that records what reached the "file", one entry per call. */
function recorder (behave: (call: number, length: number) => number | Error = (_c, length) => length) {
  const calls: string[] = []
  const write: WriteBytes = (_fd, buffer, offset, length) => {
    const outcome = behave(calls.length, length)
    if (outcome instanceof Error) {
      calls.push('!')
      throw outcome
    }
    calls.push(buffer.toString('utf8', offset, offset + outcome))
    return outcome
  }
  return { calls, write, text: () => calls.filter(c => c !== '!').join('') }
}

t.test('lines wait for a full batch, then leave in one write', async (t) => {
  const r = recorder()
  const sink = createLineSink(9, { batchBytes: 64, write: r.write })
  t.teardown(() => sink.end())
  sink.write('{"n":1}\n')
  sink.write('{"n":2}\n')
  t.same(r.calls, [], 'under a batch, nothing is written yet')
  sink.write(`${'x'.repeat(60)}\n`)
  t.equal(r.calls.length, 1, 'a batch is one write')
  t.equal(r.text(), `{"n":1}\n{"n":2}\n${'x'.repeat(60)}\n`)
})

t.test('flushSync, flush and end write what is pending, in order; nothing twice', async (t) => {
  const r = recorder()
  const sink = createLineSink(9, { write: r.write })
  sink.write('a\n')
  sink.flushSync()
  sink.flushSync()
  let called = 0
  sink.write('b\n')
  sink.flush(() => { called++ })
  sink.write('c\n')
  sink.flush()
  sink.write('ü€\n')
  sink.end()
  t.same(r.calls, ['a\n', 'b\n', 'c\n', 'ü€\n'])
  t.equal(called, 1, "flush's callback runs once, after the write")
})

t.test('an idle sink writes its lines after the wait', async (t) => {
  const r = recorder()
  const sink = createLineSink(9, { idleMs: 5, write: r.write })
  t.teardown(() => sink.end())
  sink.write('idle\n')
  for (let i = 0; i < 400 && r.calls.length === 0; i++) await new Promise(resolve => setTimeout(resolve, 5))
  t.same(r.calls, ['idle\n'])
})

t.test('a batch longer than the buffer is written whole, and the buffer grows to hold it', async (t) => {
  const r = recorder()
  const sink = createLineSink(9, { batchBytes: 16, write: r.write })
  t.teardown(() => sink.end())
  sink.write('short\n')
  // 101 characters, 201 bytes: more than the 48-byte buffer.
  const long = `${'é'.repeat(100)}\n`
  sink.write(long)
  t.same(r.calls, [`short\n${long}`], 'what was pending leaves with it, in one write')
  sink.write(long)
  t.same(r.calls, [`short\n${long}`, long])
  sink.write('a\n')
  sink.write('b\n')
  sink.flushSync()
  t.same(r.calls.slice(2), ['a\nb\n'], 'and the grown buffer serves later batches')
})

t.test('lines of characters that take two, three and four bytes arrive intact', async (t) => {
  const r = recorder()
  const sink = createLineSink(9, { batchBytes: 8, write: r.write })
  const lines = ['ü\n', '€€€€\n', '\ud83d\ude00\n', `${'中'.repeat(20)}\n`, 'plain\n']
  for (const line of lines) sink.write(line)
  sink.end()
  t.equal(r.text(), lines.join(''))
  t.equal(Buffer.byteLength(r.text()), Buffer.byteLength(lines.join('')))
})

t.test('a partial write and a full pipe (EAGAIN) lose nothing', async (t) => {
  const eagain = Object.assign(new Error('EAGAIN: resource temporarily unavailable, write'), { code: 'EAGAIN' })
  // First call writes 3 bytes, the second finds the pipe full, then everything goes.
  const r = recorder((call, length) => call === 0 ? 3 : call === 1 ? eagain : length)
  const sink = createLineSink(9, { write: r.write })
  sink.write('hello world\n')
  sink.end()
  t.same(r.calls, ['hel', '!', 'lo world\n'])
})

t.test('any other write error is thrown, not swallowed', async (t) => {
  const r = recorder(() => Object.assign(new Error('EBADF: bad file descriptor, write'), { code: 'EBADF' }))
  const sink = createLineSink(9, { write: r.write })
  sink.write('x\n')
  t.throws(() => sink.end(), { code: 'EBADF' })
})

t.test('by default it writes to the file descriptor it was given', async (t) => {
  const file = join(mkdtempSync(join(tmpdir(), 'epm-sink-')), 'out.log')
  const fd = openSync(file, 'w')
  const sink = createLineSink(fd)
  sink.write('{"to":"file"}\n')
  sink.end()
  closeSync(fd)
  t.equal(readFileSync(file, 'utf8'), '{"to":"file"}\n')
})
