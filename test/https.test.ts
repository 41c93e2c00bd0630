import { spawn, type ChildProcess } from 'node:child_process'
import { X509Certificate } from 'node:crypto'
import { readFile, writeFile } from 'node:fs/promises'
import { request } from 'node:https'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { GENERATED_CERT_FILE, generateCertificate, loadTls } from '../src/https.js'
import { startMockServer } from '../src/index.js'
import { fetchJson, finished } from './io.js'

/**
 * The HTTPS listener beside the HTTP one (`--https-port`, `startMockServer({ https: true })`):
 * real round trips with Node's own HTTPS client, which verifies the certificate it is given.
 */

t.setTimeout(120_000)

const SERVER = join(import.meta.dirname, '..', 'src', 'server.ts')

interface Reply { status: number, body: any, peer: string }

/** One JSON request with Node's HTTPS client, trusting only `ca` (or the system store when null). */
async function httpsJson (url: string, method: string, ca: string | null, body?: unknown, token?: string): Promise<Reply> {
  return await new Promise((resolve, reject) => {
    const req = request(url, {
      method,
      ...(ca === null ? {} : { ca }),
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token === undefined ? {} : { authorization: `Bearer ${token}` })
      }
    }, (res) => {
      // Read now: once the body has ended the socket may already be released.
      const peer = (res.socket as import('node:tls').TLSSocket).getPeerCertificate().fingerprint256
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (d: string) => { text += d })
      res.on('end', () => {
        resolve({ status: res.statusCode as number, body: JSON.parse(text), peer })
      })
    })
    req.on('error', reject)
    req.end(body === undefined ? undefined : JSON.stringify(body))
  })
}

/** Starts the real process and resolves with its start-up record (the "ready at" line, parsed). */
async function startProcess (t: Test, args: string[]): Promise<{ child: ChildProcess, record: Record<string, any> }> {
  const child = spawn(process.execPath, [...process.execArgv, SERVER, '--port', '0', '--log-level', 'info', ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  t.teardown(async () => {
    if (child.exitCode === null) {
      const exited = new Promise(resolve => child.once('exit', resolve))
      child.kill('SIGTERM')
      await exited
    }
  })
  let out = ''
  let err = ''
  child.stderr?.on('data', (d: Buffer) => { err += String(d) })
  const record = await new Promise<Record<string, any>>((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => {
      out += String(d)
      const line = out.split('\n').find(l => l.includes(' ready at '))
      if (line !== undefined) resolve(JSON.parse(line))
    })
    child.once('exit', (code) => { reject(new Error(`exited ${code}: ${err}`)) })
  })
  return { child, record }
}

/** Token, a user, its own token, both client-SDK GETs and blockGroupMessages, all through `base`. */
async function sdkCalls (t: Test, send: (url: string, method: string, body?: unknown, token?: string) => Promise<{ status: number, body: any }>, base: string): Promise<void> {
  const appToken = await send(`${base}/token`, 'POST', { grant_type: 'client_credentials', client_id: 'cid', client_secret: 'sec' })
  t.equal(appToken.status, 200)
  t.equal((await send(`${base}/users`, 'POST', { username: 'alice', password: 'pw' }, appToken.body.access_token)).status, 200)
  const login = await send(`${base}/token`, 'POST', { grant_type: 'password', username: 'alice', password: 'pw' })
  const user = login.body.access_token as string
  t.equal((await send(`${base}/users/alice/notification/chatgroup/100`, 'PUT', { type: 'AT' }, user)).status, 200)
  const many = await send(`${base}/users/alice/notification?user=bob&group=100&_v=1`, 'GET', undefined, user)
  t.equal(many.status, 200)
  t.strictSame(many.body.data, {
    user: { bob: { type: 'DEFAULT', ignoreDuration: 0, ignoreInterval: '' } },
    group: { 100: { type: 'AT', ignoreDuration: 0, ignoreInterval: '' } }
  })
  const remind = await send(`${base}/users/alice/notification/mute/type?limit=10&_v=1`, 'GET', undefined, user)
  t.equal(remind.status, 200)
  t.strictSame(remind.body.data, [{ group: '100', value: 'AT' }])
  const block = await send(`${base}/users/alice?resource=web`, 'PUT', { entities: [{ notification_ignore_100: true }] }, user)
  t.equal(block.status, 200)
  t.equal(block.body.entities[0].notification_ignore_100, true)
}

t.test('--https-port: a generated certificate for localhost and 127.0.0.1, named in the start-up record, verified by Node\'s client', async (t) => {
  const dir = t.testdir({})
  const { record } = await startProcess(t, ['--https-port', '0', '--db', join(dir, 'mock.db'), '--app', 'hx#demo:cid:sec'])
  t.match(record.httpsUrl, /^https:\/\/127\.0\.0\.1:\d+$/)
  t.equal(record.tlsCert, join(dir, GENERATED_CERT_FILE), 'written beside the database')
  t.match(record.msg, `https: ${String(record.httpsUrl)} (certificate: ${join(dir, GENERATED_CERT_FILE)})`)
  const ca = await readFile(record.tlsCert as string, 'utf8')
  const x509 = new X509Certificate(ca)
  t.equal(x509.subjectAltName, 'DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1')
  const port = new URL(record.httpsUrl as string).port
  for (const host of ['127.0.0.1', 'localhost']) {
    const reply = await httpsJson(`https://${host}:${port}/_mock/health`, 'GET', ca)
    t.equal(reply.status, 200, host)
    t.equal(reply.peer, x509.fingerprint256, 'the certificate served is the one written')
  }
  await sdkCalls(t, async (url, method, body, token) => await httpsJson(url, method, ca, body, token), `${String(record.httpsUrl)}/hx/demo`)
  // Without the certificate a verifying client refuses the connection: verification really ran.
  await t.rejects(httpsJson(`${String(record.httpsUrl)}/_mock/health`, 'GET', null), { code: /SELF_SIGNED|UNABLE_TO_VERIFY|DEPTH_ZERO/ })
  // One app behind both listeners: HTTP sees what HTTPS wrote, and the journal holds both.
  const http = await fetchJson(`${String(record.url)}/_mock/requests?path=/hx/demo/users/alice/notification`, 'GET')
  t.equal(http.status, 200)
  t.equal(http.body.requests.length, 1, 'the HTTPS request is in the journal')
})

t.test('--tls-cert and --tls-key: the given certificate is served and named', async (t) => {
  const dir = t.testdir({})
  const { cert, key } = await generateCertificate()
  await writeFile(join(dir, 'c.pem'), cert)
  await writeFile(join(dir, 'k.pem'), key)
  const { record } = await startProcess(t, ['--https-port', '0', '--db', ':memory:', '--tls-cert', join(dir, 'c.pem'), '--tls-key', join(dir, 'k.pem')])
  t.equal(record.tlsCert, join(dir, 'c.pem'))
  const reply = await httpsJson(`${String(record.httpsUrl)}/_mock/health`, 'GET', cert)
  t.equal(reply.peer, new X509Certificate(cert).fingerprint256)
})

t.test('a generated certificate with an in-memory database goes to a temporary directory', async (t) => {
  const { record } = await startProcess(t, ['--https-port', '0', '--db', ':memory:'])
  t.match(record.tlsCert, /easemob-push-mock-[^/]+\/easemob-push-mock-localhost\.crt$/)
  const reply = await httpsJson(`${String(record.httpsUrl)}/_mock/health`, 'GET', await readFile(record.tlsCert as string, 'utf8'))
  t.equal(reply.status, 200)
})

t.test('unreadable or mismatched certificate files, or a taken HTTPS port, are one line and exit 1', async (t) => {
  const dir = t.testdir({})
  const a = await generateCertificate()
  const b = await generateCertificate()
  await writeFile(join(dir, 'a.pem'), a.cert)
  await writeFile(join(dir, 'b.key'), b.key)
  const run = async (args: string[]) =>
    await finished(spawn(process.execPath, [...process.execArgv, SERVER, '--port', '0', '--db', ':memory:', ...args], { stdio: ['ignore', 'pipe', 'pipe'] }))
  const missing = await run(['--https-port', '0', '--tls-cert', join(dir, 'nope.pem'), '--tls-key', join(dir, 'b.key')])
  t.equal(missing.code, 1)
  t.equal(missing.stderr, `easemob-push-mock: --tls-cert: ENOENT: no such file or directory, open '${join(dir, 'nope.pem')}'\n`)
  const mismatched = await run(['--https-port', '0', '--tls-cert', join(dir, 'a.pem'), '--tls-key', join(dir, 'b.key')])
  t.equal(mismatched.code, 1)
  t.match(mismatched.stderr, /^easemob-push-mock: cannot listen for HTTPS on 127\.0\.0\.1:0: .+\n$/)
  const first = await startMockServer({ https: true })
  t.teardown(() => first.close())
  const taken = await run(['--https-port', new URL(first.httpsUrl as string).port])
  t.equal(taken.code, 1)
  t.match(taken.stderr, /cannot listen for HTTPS on 127\.0\.0\.1:\d+: .*EADDRINUSE/)
})

t.test('a generated certificate that cannot be written is a clear error', async (t) => {
  const dir = join(t.testdir({}), 'missing')
  await t.rejects(loadTls({ tlsCert: null, tlsKey: null }, dir), { message: new RegExp(`^cannot write the generated certificate to ${dir}/`) })
})

t.test('startMockServer({ https: true }) answers httpsUrl and the certificate; both listeners serve one emulator', async (t) => {
  const mock = await startMockServer({ https: true, appKey: 'hx#demo', clientId: 'cid', clientSecret: 'sec' })
  t.teardown(() => mock.close())
  t.match(mock.httpsUrl, /^https:\/\/127\.0\.0\.1:\d+$/)
  t.not(new URL(mock.httpsUrl as string).port, new URL(mock.url).port)
  const ca = mock.tlsCert as string
  t.match(ca, /^-----BEGIN CERTIFICATE-----/)
  await sdkCalls(t, async (url, method, body, token) => await httpsJson(url, method, ca, body, token), `${mock.httpsUrl as string}/hx/demo`)
  t.equal(mock.requests({ path: '/hx/demo/users/alice/notification/mute/type' }).length, 1)
  const plain = await startMockServer()
  t.teardown(() => plain.close())
  t.equal(plain.httpsUrl, undefined)
  t.equal(plain.tlsCert, undefined)
})

t.test('over HTTP: both client-SDK GETs and blockGroupMessages with a user token', async (t) => {
  const mock = await startMockServer({ appKey: 'hx#demo', clientId: 'cid', clientSecret: 'sec' })
  t.teardown(() => mock.close())
  await sdkCalls(t, fetchJson, `${mock.url}/hx/demo`)
})

t.test('close() with an open HTTPS keep-alive connection still ends', async (t) => {
  const mock = await startMockServer({ https: true })
  const agent = new (await import('node:https')).Agent({ keepAlive: true, ca: mock.tlsCert as string })
  await new Promise<void>((resolve, reject) => {
    request(`${mock.httpsUrl as string}/_mock/health`, { agent }, (res) => { res.resume(); res.on('end', resolve) }).on('error', reject).end()
  })
  await mock.close()
  agent.destroy()
  t.pass('closed')
})
