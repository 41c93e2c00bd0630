import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'

/** The real entry point, run with tap's loaders (process.execArgv) so its coverage counts. */
const SERVER = join(import.meta.dirname, '..', '..', 'src', 'server.ts')

export interface Running {
  child: ChildProcess
  url: string
  /** Resolves with the exit code (null when killed by a signal) once the process is gone. */
  exited: Promise<number | null>
  stderr: () => string
}

/** Starts the server and resolves with its URL once it listens; rejects if it exits first. */
export async function start (args: string[]): Promise<Running> {
  // The "listening on" line is logged at info level, whatever level the caller asked for.
  const child = spawn(process.execPath, [...process.execArgv, SERVER, '--port', '0', ...args, '--log-level', 'info'], { stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  let err = ''
  child.stderr.on('data', (d: Buffer) => { err += String(d) })
  const exited = new Promise<number | null>(resolve => child.once('exit', resolve))
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (d: Buffer): void => {
      out += String(d)
      const m = /listening on (http:\/\/[^"\s]+)/.exec(out)
      if (m !== null) {
        // Request logs are not needed after this; keep draining so the pipe never blocks.
        out = ''
        child.stdout.off('data', onData)
        child.stdout.resume()
        resolve(m[1] as string)
      }
    }
    child.stdout.on('data', onData)
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${err}`)))
  })
  return { child, url, exited, stderr: () => err }
}

/** Runs the server to its end (a start-up failure) and returns its exit code and output. */
export async function run (args: string[]): Promise<{ code: number | null, stdout: string, stderr: string }> {
  const child = spawn(process.execPath, [...process.execArgv, SERVER, '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => { stdout += String(d) })
  child.stderr.on('data', (d: Buffer) => { stderr += String(d) })
  const code = await new Promise<number | null>(resolve => child.once('exit', resolve))
  return { code, stdout, stderr }
}

export interface Reply { status: number, body: any }

/** One JSON request; network failures reject (callers that expect them catch). */
export async function request (base: string, method: string, path: string, body?: unknown, token?: string): Promise<Reply> {
  const res = await fetch(base + path, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` })
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) })
  })
  const text = await res.text()
  return { status: res.status, body: text === '' ? null : JSON.parse(text) }
}

/** A request that must succeed with 200. */
export async function ok (base: string, method: string, path: string, body?: unknown, token?: string): Promise<any> {
  const r = await request(base, method, path, body, token)
  if (r.status !== 200) throw new Error(`${method} ${path} → ${r.status} ${JSON.stringify(r.body)}`)
  return r.body
}

/** An app token by client credentials. */
export async function appToken (base: string, org: string, app: string, id: string, secret: string): Promise<string> {
  const body = await ok(base, 'POST', `/${org}/${app}/token`, { grant_type: 'client_credentials', client_id: id, client_secret: secret })
  return body.access_token as string
}
