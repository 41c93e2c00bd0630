import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import t, { type Test } from 'tap'
import { ConfigError, loadConfig } from '../src/config.js'
import type { PushRecord } from '../src/controls/pushes.js'
import { callbackBody, createPushCallback } from '../src/services/push-callback.js'
import { APP, build, call, ORG, T0, type Harness, vendor } from './helper.js'
import { until } from './io.js'

/**
 * --push-callback: each simulated outcome POSTed in the vendor's offline-push callback shape
 * (vendor-shapes §9), off the request path, with a timeout and retries.
 */

const KEY = `${ORG}#${APP}`

interface Receiver {
  url: string
  /** Parsed bodies, in arrival order. */
  received: any[]
  /** Requests held open by a `hold` handler. */
  held: ServerResponse[]
}

type Handler = (req: IncomingMessage, res: ServerResponse, n: number, r: Receiver) => void

const answer = (status: number): Handler => (_req, res) => { res.writeHead(status).end(status === 204 ? undefined : '{}') }

/** A local HTTP server recording each POST body; `handle` decides the answer (the n-th request from 0). */
async function receiver (t: Test, handle: Handler = answer(200)): Promise<Receiver> {
  const r: Receiver = { url: '', received: [], held: [] }
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const n = r.received.length
      r.received.push({ method: req.method, type: req.headers['content-type'], body: JSON.parse(Buffer.concat(chunks).toString('utf8')) })
      handle(req, res, n, r)
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  r.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/callback`
  t.teardown(async () => {
    server.closeAllConnections()
    await new Promise(resolve => server.close(resolve))
  })
  return r
}

const bodies = (r: Receiver): any[] => r.received.map(x => x.body)

const record = (fields: Partial<PushRecord> = {}): PushRecord => ({
  app: KEY,
  msg_id: '1038000000000000001',
  from: 'alice',
  to: 'bob',
  chat_type: 'chat',
  group_id: null,
  outcome: 'delivered',
  reason: null,
  device_id: 'd1',
  notifier_name: 'APNS',
  device_token: 't1',
  title: 'T',
  content: 'C',
  time: T0,
  ...fields
})

/** A log that keeps its warn calls. */
const fakeLog = () => {
  const calls: Array<[object, string]> = []
  return { calls, warn: (obj: object, msg: string) => { calls.push([obj, msg]) } }
}

async function withApp (t: Test, url: string): Promise<Harness> {
  const h = await build(t, { args: ['--push-callback', url] })
  await h.register('alice', 'bob', 'carol', 'dave', 'erin')
  await vendor(h, 'PUT', '/users/bob/push/binding', { device_id: 'd1', device_token: 't1', notifier_name: 'APNS' })
  await vendor(h, 'PUT', '/users/erin/push/binding', { device_id: 'd9', device_token: 't9', notifier_name: 'FCM' })
  await vendor(h, 'PUT', '/users/erin/notification/user/erin', { type: 'NONE' })
  return h
}

t.test('each outcome is posted in the vendor\'s callback shape; online recipients are not', async (t) => {
  const r = await receiver(t)
  const h = await withApp(t, r.url)
  t.equal(h.config.pushCallback, r.url)
  await call(h, 'PUT', '/_mock/presence', { app: KEY, username: 'dave', online: true })
  const res = await vendor(h, 'POST', '/messages/users', { from: 'alice', to: ['bob', 'carol', 'dave', 'erin'], type: 'txt', body: { msg: 'hi' } })
  t.equal(res.status, 200)
  const ids = res.body.data
  await until(() => r.received.length >= 3, 'three callbacks')
  await h.app.close() // settles every post still in flight
  t.equal(r.received.length, 3, 'dave, online, is not called back about')
  t.ok(r.received.every(x => x.method === 'POST' && x.type === 'application/json'))
  const byTarget = Object.fromEntries(bodies(r).map(b => [b.target, b]))
  t.strictSame(Object.keys(byTarget).sort(), ['bob', 'carol', 'erin'])

  const bob = byTarget.bob
  t.strictSame({ ...bob, data: undefined }, {
    callId: `${KEY}_${ids.bob as string}`,
    appkey: KEY,
    chat_type: 'chat',
    from: 'alice',
    target: 'bob',
    msg_id: ids.bob,
    step: 'push',
    status: 'success',
    device_id: 'd1',
    device_token: 't1',
    notifier_name: 'APNS',
    data: undefined,
    timestamp: T0
  })
  t.strictSame(Object.keys(bob.data), ['pushNotification'])
  t.equal(bob.data.pushNotification.token, 't1')
  t.strictSame(JSON.parse(bob.data.pushNotification.payload), {
    t: 'bob', aps: { alert: { body: '请点击查看', title: '您有一条新消息' } }, f: 'alice', m: ids.bob
  })

  t.strictSame(byTarget.carol, {
    callId: `${KEY}_${ids.carol as string}`,
    appkey: KEY,
    chat_type: 'chat',
    from: 'alice',
    target: 'carol',
    msg_id: ids.carol,
    step: 'push',
    status: 'fail',
    detail: 'no push binding',
    timestamp: T0
  }, 'no device fields, no data')

  t.strictSame(byTarget.erin, {
    callId: `${KEY}_${ids.erin as string}`,
    appkey: KEY,
    chat_type: 'chat',
    from: 'alice',
    target: 'erin',
    msg_id: ids.erin,
    step: 'push',
    status: 'fail',
    detail: 'user ignore push',
    device_id: 'd9',
    device_token: 't9',
    notifier_name: 'FCM',
    timestamp: T0
  }, 'a skip on a bound device names the device')
})

t.test('group messages carry group_id and the payload\'s g', async (t) => {
  const r = await receiver(t)
  const h = await withApp(t, r.url)
  const g = (await vendor(h, 'POST', '/chatgroups', { public: true, owner: 'alice', members: ['bob'] })).body.data.groupid
  const id = (await vendor(h, 'POST', '/messages/chatgroups', { from: 'alice', to: [g], type: 'txt', body: { msg: 'hi' } })).body.data[g]
  await until(() => r.received.length >= 1, 'the callback')
  await h.app.close()
  t.equal(r.received.length, 1, 'the sender is not a target')
  const body = r.received[0].body
  t.equal(body.chat_type, 'groupchat')
  t.equal(body.group_id, g)
  t.equal(body.callId, `${KEY}_${id as string}`)
  t.strictSame(JSON.parse(body.data.pushNotification.payload), {
    t: 'bob', aps: { alert: { body: '请点击查看', title: '您有一条新消息' } }, f: 'alice', m: id, g
  })
})

t.test('the send answers without waiting for a slow callback server', async (t) => {
  const r = await receiver(t, (_req, res, _n, rec) => { rec.held.push(res) })
  const h = await withApp(t, r.url)
  const res = await vendor(h, 'POST', '/messages/users', { from: 'alice', to: ['bob'], type: 'txt', body: { msg: 'hi' } })
  t.equal(res.status, 200, 'answered')
  await until(() => r.held.length === 1, 'the held callback')
  t.equal(r.held.length, 1, 'the callback is still unanswered after the send answered')
  for (const held of r.held) held.writeHead(200).end()
  await h.app.close()
  t.equal(r.received.length, 1, 'no retry after the late 200')
})

t.test('a 500 then a 200: one retry, nothing logged', async (t) => {
  const r = await receiver(t, (_req, res, n) => { res.writeHead(n === 0 ? 500 : 204).end() })
  const log = fakeLog()
  const cb = createPushCallback({ url: r.url, retryDelaysMs: [5, 5], log })
  cb.listener([record()])
  await cb.settle()
  t.equal(r.received.length, 2)
  t.strictSame(r.received[1].body, r.received[0].body, 'the same body again')
  t.strictSame(r.received[0].body, callbackBody(record()))
  t.strictSame(log.calls, [])
})

t.test('always 500: every retry used, then one warn', async (t) => {
  const r = await receiver(t, answer(500))
  const log = fakeLog()
  const cb = createPushCallback({ url: r.url, retryDelaysMs: [1, 1], log })
  cb.listener([record()])
  await cb.settle()
  t.equal(r.received.length, 3, 'the first try and two retries')
  t.strictSame(log.calls, [[{ url: r.url, err: 'status 500' }, 'push callback failed']])
})

t.test('a server that never answers: timeout, then a warn', async (t) => {
  const r = await receiver(t, () => {})
  const log = fakeLog()
  const cb = createPushCallback({ url: r.url, timeoutMs: 50, retryDelaysMs: [], log })
  cb.listener([record()])
  await cb.settle()
  t.equal(r.received.length, 1)
  t.equal(log.calls.length, 1)
  const [obj, msg] = log.calls[0] as [any, string]
  t.equal(msg, 'push callback failed')
  t.equal(obj.url, r.url)
  t.match(obj.err, /timeout|abort/i)
})

t.test('connection refused: retried, then a warn', async (t) => {
  // A port nothing listens on: take one, then free it.
  const probe = createServer()
  await new Promise<void>(resolve => probe.listen(0, '127.0.0.1', resolve))
  const dead = `http://127.0.0.1:${(probe.address() as AddressInfo).port}/cb`
  await new Promise(resolve => probe.close(resolve))
  const log = fakeLog()
  const cb = createPushCallback({ url: dead, retryDelaysMs: [1], log })
  cb.listener([record()])
  await cb.settle()
  t.equal(log.calls.length, 1)
  t.equal((log.calls[0]?.[0] as any).url, dead)
  t.type((log.calls[0]?.[0] as any).err, 'string')
})

t.test('settle() waits for every post in flight; online records are never posted', async (t) => {
  const r = await receiver(t, (_req, res, n) => { setTimeout(() => res.writeHead(200).end(), 20 * (3 - n)) })
  const log = fakeLog()
  const cb = createPushCallback({ url: r.url, log })
  await cb.settle() // nothing pending
  cb.listener([
    record({ to: 'a' }),
    record({ to: 'b', outcome: 'skipped', reason: 'user online', device_id: null, device_token: null, notifier_name: null, title: null, content: null }),
    record({ to: 'c', outcome: 'skipped', reason: 'no push binding', device_id: null, device_token: null, notifier_name: null, title: null, content: null })
  ])
  cb.listener([record({ to: 'd' })])
  let settled = false
  const done = cb.settle().then(() => { settled = true })
  t.equal(settled, false)
  await done
  t.strictSame(bodies(r).map(b => b.target).sort(), ['a', 'c', 'd'])
  t.strictSame(log.calls, [])
  await cb.settle()
})

t.test('callbackBody: the skipped record without a device has no data and no device fields', async (t) => {
  const body = callbackBody(record({ outcome: 'skipped', reason: 'no user exist', device_id: null, device_token: null, notifier_name: null, title: null, content: null, group_id: '42', chat_type: 'groupchat' }))
  t.strictSame(body, {
    callId: `${KEY}_1038000000000000001`,
    appkey: KEY,
    chat_type: 'groupchat',
    group_id: '42',
    from: 'alice',
    target: 'bob',
    msg_id: '1038000000000000001',
    step: 'push',
    status: 'fail',
    detail: 'no user exist',
    timestamp: T0
  })
})

t.test('config: --push-callback takes an http(s) URL, anything else is a ConfigError', async (t) => {
  const cfg = (argv: string[], env: Record<string, string> = {}) => {
    const result = loadConfig(argv, env)
    if (result.help) throw new Error('help')
    return result.config
  }
  t.equal(cfg([]).pushCallback, null, 'off by default')
  t.equal(cfg(['--push-callback', 'http://127.0.0.1:9/cb']).pushCallback, 'http://127.0.0.1:9/cb')
  t.equal(cfg(['--push-callback=https://example.com']).pushCallback, 'https://example.com/', 'normalised')
  t.equal(cfg([], { PUSH_CALLBACK: 'http://h/x' }).pushCallback, 'http://h/x')
  t.equal(cfg(['--push-callback', 'http://a/1'], { PUSH_CALLBACK: 'http://b/2' }).pushCallback, 'http://a/1', 'flag beats env')
  for (const bad of ['ftp://example.com/x', 'not a url', 'localhost:8080', 'file:///tmp/x']) {
    let caught: unknown
    try {
      loadConfig(['--push-callback', bad], {})
    } catch (err) {
      caught = err
    }
    t.type(caught, ConfigError, bad)
    t.equal((caught as Error).message, `--push-callback must be an http(s) URL, got "${bad}"`)
  }
  t.equal(cfg([]).pushLogSize, 50000)
  t.equal(cfg(['--push-log-size', '0']).pushLogSize, 0)
  t.equal(cfg([], { PUSH_LOG_SIZE: '7' }).pushLogSize, 7)
  t.throws(() => loadConfig(['--push-log-size', '-1'], {}), ConfigError)
  t.throws(() => loadConfig(['--push-log-size', '10000001'], {}), ConfigError)
})
