import t from 'tap'
import { loggerOptions } from '../src/logger.js'

t.test('JSON lines off a terminal, pino-pretty on one, the bearer token always redacted', async (t) => {
  const plain = loggerOptions('info', false) as Record<string, unknown>
  t.equal(plain.level, 'info')
  t.notOk('transport' in plain)
  t.match(plain.redact, { paths: ['req.headers.authorization', 'headers.authorization'] })
  const pretty = loggerOptions('debug', true) as Record<string, unknown>
  t.match(pretty.transport, { target: 'pino-pretty' })
})

t.test('a stream is made and used off a terminal only', async (t) => {
  const stream = { write: () => {} }
  let made = 0
  const make = () => { made++; return stream }
  t.equal(loggerOptions('info', false, make).stream, stream)
  t.notOk('stream' in loggerOptions('info', true, make), 'pino-pretty writes to the terminal itself')
  t.equal(made, 1, 'nothing is made for a terminal')
  t.notOk('stream' in loggerOptions('info', false))
})
