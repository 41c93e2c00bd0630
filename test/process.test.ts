import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import t from 'tap'
import { fetchJson, finished, until } from './io.js'

t.setTimeout(180_000)

const SERVER = join(import.meta.dirname, '..', 'src', 'server.ts')

interface Running { child: ChildProcess, url: string, stdout: () => string }

/** Starts the real process (with tap's TypeScript loader, so coverage counts) and waits for its URL. */
async function start (args: string[]): Promise<Running> {
  const child = spawn(process.execPath, [...process.execArgv, SERVER, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  let err = ''
  child.stderr?.on('data', (d: Buffer) => { err += String(d) })
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => {
      out += String(d)
      const m = /listening on (http:\/\/[^"\s]+)/.exec(out)
      if (m !== null) resolve(m[1] as string)
    })
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${err}`)))
  })
  return { child, url, stdout: () => out }
}

/** Runs the process to its end and returns its exit code and output. */
async function run (args: string[]): Promise<{ code: number | null, stdout: string, stderr: string }> {
  return await finished(spawn(process.execPath, [...process.execArgv, SERVER, ...args], { stdio: ['ignore', 'pipe', 'pipe'] }))
}

async function stop (r: Running, signal: NodeJS.Signals): Promise<number | null> {
  const exited = new Promise<number | null>(resolve => r.child.once('exit', resolve))
  r.child.kill(signal)
  return exited
}

async function call (url: string, method: string, path: string, body?: unknown, token?: string) {
  return await fetchJson(url + path, method, body, token)
}

t.test('serves, shuts down on SIGTERM with exit 0, and keeps its data across a restart', async (t) => {
  const dir = t.testdir({})
  const db = join(dir, 'nested', 'mock.db')
  const args = ['--port', '0', '--db', db, '--app', 'org#app:cid:secret', '--log-level', 'debug']
  const first = await start(args)
  t.match(first.url, /^http:\/\/127\.0\.0\.1:\d+$/)

  const token = await call(first.url, 'POST', '/org/app/token', { grant_type: 'client_credentials', client_id: 'cid', client_secret: 'secret' })
  t.equal(token.status, 200)
  const bearer = token.body.access_token as string
  t.equal((await call(first.url, 'POST', '/org/app/users', { username: 'u1', password: 'p' }, bearer)).status, 200)
  const bind = await call(first.url, 'PUT', '/org/app/users/u1/push/binding', { device_id: 'd1', device_token: 'tok', notifier_name: 'n1' }, bearer)
  t.equal(bind.status, 200)
  // At debug, each request has its line.
  await until(() => first.stdout().includes('/org/app/users/u1/push/binding'), 'the binding request\'s log line')
  t.notMatch(first.stdout(), bearer, 'the token never reaches the log')
  t.match(first.stdout(), /"status":200/, 'requests are logged with their status')
  t.match(first.stdout(), /"app":"org#app"/, 'requests are logged with their app')
  t.equal(await stop(first, 'SIGTERM'), 0)

  // No --app this time: the app and its token live in the database.
  const second = await start(['--port', '0', '--db', db])
  const after = await call(second.url, 'GET', '/org/app/users/u1/push/binding', undefined, bearer)
  t.equal(after.status, 200, 'the token survived the restart')
  t.same(after.body.entities, [{ device_id: 'd1', device_token: 'tok', notifier_name: 'n1' }])
  t.equal(await stop(second, 'SIGINT'), 0)

  const check = new Database(db, { readonly: true })
  t.equal(check.pragma('integrity_check', { simple: true }), 'ok')
  check.close()
})

t.test('log lines reach stdout while the server idles, and none is lost when it stops', async (t) => {
  const r = await start(['--port', '0', '--db', ':memory:', '--log-level', 'debug'])
  await until(() => r.stdout().includes('ready at http'), 'the ready line')
  t.equal((await call(r.url, 'GET', '/_mock/health?idle=1')).status, 200)
  await until(() => r.stdout().includes('/_mock/health?idle=1'), 'the idle request\'s line')
  for (let n = 1; n <= 5; n++) t.equal((await call(r.url, 'GET', `/_mock/health?last=${n}`)).status, 200)
  // Stopped at once: whatever pino's destination still holds is written at exit.
  const closed = new Promise<void>(resolve => r.child.once('close', () => resolve()))
  r.child.kill('SIGTERM')
  await closed
  const lines = r.stdout().trim().split('\n').map(line => JSON.parse(line) as { msg: string, url?: string })
  t.strictSame(lines.filter(l => l.url?.includes('last=') === true).map(l => l.url), [1, 2, 3, 4, 5].map(n => `/_mock/health?last=${n}`))
  t.equal(lines.at(-1)?.msg, 'shutting down', 'down to the last line')
})

t.test('--help lists every flag and exits 0', async (t) => {
  const r = await run(['--help'])
  t.equal(r.code, 0)
  for (const flag of ['--port', '--host', '--db', '--log-level', '--app', '--strict-apps', '--auto-create-users', '--timezone', '--token-ttl', '--body-limit']) {
    t.match(r.stdout, flag)
  }
})

t.test('a bad flag or value exits non-zero with one clear line', async (t) => {
  for (const args of [['--nope'], ['--port', 'x'], ['--timezone', 'Mars/Base']]) {
    const r = await run(args)
    t.equal(r.code, 2, args.join(' '))
    t.equal(r.stderr.trim().split('\n').length, 1)
    t.match(r.stderr, /^easemob-push-mock: /)
  }
})

t.test('a database that cannot be opened is one line and exit 1', async (t) => {
  const dir = t.testdir({ file: 'not a folder' })
  const r = await run(['--port', '0', '--db', join(dir, 'file', 'x.db')])
  t.equal(r.code, 1)
  t.match(r.stderr, /^easemob-push-mock: cannot open database .*\n$/)
})

t.test('a database written by a newer version is refused', async (t) => {
  const dir = t.testdir({})
  const file = join(dir, 'new.db')
  const db = new Database(file)
  db.pragma('user_version = 999')
  db.close()
  const r = await run(['--port', '0', '--db', file])
  t.equal(r.code, 1)
  t.match(r.stderr, /newer than this emulator supports/)
})

t.test('a port that is taken is one line and exit 1', async (t) => {
  const blocker = createServer()
  await new Promise<void>(resolve => blocker.listen(0, '127.0.0.1', resolve))
  t.teardown(() => { blocker.close() })
  const port = (blocker.address() as { port: number }).port
  const r = await run(['--port', String(port), '--db', ':memory:', '--log-level', 'silent'])
  t.equal(r.code, 1)
  t.match(r.stderr, /cannot listen on 127\.0\.0\.1:\d+/)
})
