import { connect, type Socket } from 'node:net'
import t, { type Test } from 'tap'
import { build, type Harness } from '../helper.js'

/**
 * What a closing server (SIGTERM) does with its connections, at the socket level: in-flight
 * requests finish and their connections end; a request that arrives after closing began gets the
 * vendor's 503 envelope, never Fastify's own `{"statusCode":503}` body.
 */

interface Conn { socket: Socket, received: () => string, closed: Promise<void> }

function open (port: number): Conn {
  const socket = connect(port, '127.0.0.1')
  let received = ''
  socket.on('data', (d: Buffer) => { received += String(d) })
  const closed = new Promise<void>(resolve => socket.once('close', () => resolve()))
  return { socket, received: () => received, closed }
}

async function listening (t: Test, delayedPath: string): Promise<{ h: Harness, port: number }> {
  const h = await build(t)
  await h.register('u1')
  await h.app.inject({ method: 'POST', url: '/_mock/faults', payload: { match: { method: 'GET', path: h.path(delayedPath) }, delayMs: 300, times: 1 } })
  await h.app.listen({ port: 0, host: '127.0.0.1' })
  return { h, port: (h.app.server.address() as { port: number }).port }
}

/** Waits until the delay rule holds the request, so it is certainly in flight. */
async function inFlight (h: Harness): Promise<void> {
  for (;;) {
    const faults = (await h.app.inject({ method: 'GET', url: '/_mock/faults' })).json().faults as Array<{ hits: number }>
    if (faults[0]?.hits === 1) return
    await new Promise(resolve => setTimeout(resolve, 10))
  }
}

t.test('an in-flight request finishes and its keep-alive connection is ended, so close() returns', async (t) => {
  const { h, port } = await listening(t, '/users/u1/push/binding')
  const conn = open(port)
  conn.socket.write(`GET ${h.path('/users/u1/push/binding')} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${h.token}\r\n\r\n`)
  await inFlight(h)
  // Without the server ending the connection, close() would wait for the client's keep-alive.
  await h.app.close()
  await conn.closed
  t.match(conn.received(), /^HTTP\/1\.1 200 OK\r\n/)
  t.match(conn.received(), /\r\nconnection: close\r\n/i)
  t.match(conn.received(), /"action":"get"/)
})

t.test('a request arriving after closing began gets the vendor 503 envelope', async (t) => {
  const { h, port } = await listening(t, '/users/u1/push/binding')
  const busy = open(port)
  busy.socket.write(`GET ${h.path('/users/u1/push/binding')} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${h.token}\r\n\r\n`)
  // A second client is half-way through sending its request when the server starts closing.
  const late = open(port)
  late.socket.write(`PUT ${h.path('/users/u1/push/binding')} HTTP/1.1\r\nHost: localhost\r\n`)
  await inFlight(h)
  const closing = h.app.close()
  const body = JSON.stringify({ device_id: 'late', device_token: 't', notifier_name: 'n' })
  late.socket.write(`Authorization: Bearer ${h.token}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`)
  await closing
  await Promise.all([busy.closed, late.closed])
  t.match(busy.received(), /^HTTP\/1\.1 200 OK\r\n/, 'the in-flight one is answered')
  t.match(late.received(), /^HTTP\/1\.1 503 Service Unavailable\r\n/)
  t.match(late.received(), /\r\nconnection: close\r\n/i)
  const json = JSON.parse(late.received().split('\r\n\r\n')[1] as string)
  t.strictSame(json, { error: 'service_unavailable', exception: 'WebApplicationException', timestamp: json.timestamp, duration: 0, error_description: 'Service Unavailable' })
})
