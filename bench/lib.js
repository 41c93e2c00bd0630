// Helpers shared by the bench scripts: free ports, plain HTTP calls, spawning a server process and
// timing it to its first 200, reading its RSS, and medians.
import { spawn } from 'node:child_process'
import { openSync, closeSync, readFileSync } from 'node:fs'
import { request } from 'node:http'
import { createServer } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'

export const median = (xs) => {
  const s = [...xs].filter(x => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b)
  if (s.length === 0) return null
  const mid = Math.floor(s.length / 2)
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2
}

export const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length === 0 ? null : s[Math.min(s.length - 1, Math.floor(s.length * p))]
}

/** A port nobody listens on right now (the server is told to take it). */
export async function freePort () {
  const srv = createServer()
  await new Promise((resolve) => srv.listen(0, '127.0.0.1', resolve))
  const { port } = srv.address()
  await new Promise((resolve) => srv.close(resolve))
  return port
}

/** One HTTP request; resolves `{ status, body }` (body parsed as JSON when it parses). */
export function call (base, method, path, { body, token } = {}) {
  const payload = body === undefined ? undefined : JSON.stringify(body)
  const url = new URL(path, base)
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method,
      agent: false,
      headers: {
        ...(payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
        ...(token === undefined ? {} : { authorization: `Bearer ${token}` })
      }
    }, (res) => {
      const chunks = []
      res.on('data', (c) => chunks.push(c))
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        let parsed = text
        try { parsed = JSON.parse(text) } catch {}
        resolve({ status: res.statusCode, body: parsed })
      })
    })
    req.on('error', reject)
    req.end(payload)
  })
}

/** Asserts a 2xx answer, with the body in the error otherwise. */
export async function ok (base, method, path, opts) {
  const res = await call(base, method, path, opts)
  if (res.status < 200 || res.status >= 300) {
    throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`)
  }
  return res.body
}

/**
 * Spawns `node ...args` (or `launcher… node ...args`; `node` is this process's Node unless given) with stdout/stderr going to `logFile`, then
 * polls `healthPath` every millisecond or so until it answers 200. Returns the child, its base URL and the milliseconds
 * from spawn to that first 200.
 */
export async function startProcess ({ args, port, logFile, healthPath = '/_mock/health', node = process.execPath, nodeArgs = [], launcher = [], timeoutMs = 30_000 }) {
  const fd = openSync(logFile, 'a')
  const started = performance.now()
  // `launcher` runs node under another program (valgrind, for cpu-per-request.js's instruction counts).
  const [command, ...launch] = [...launcher, node]
  const child = spawn(command, [...launch, ...nodeArgs, ...args], { stdio: ['ignore', fd, fd] })
  closeSync(fd)
  const base = `http://127.0.0.1:${port}`
  let exited = null
  child.once('exit', (code, signal) => { exited = { code, signal } })
  for (;;) {
    if (exited !== null) throw new Error(`${args[0]} exited (${JSON.stringify(exited)}) before answering; see ${logFile}`)
    try {
      const res = await call(base, 'GET', healthPath)
      if (res.status === 200) break
    } catch {}
    if (performance.now() - started > timeoutMs) {
      child.kill('SIGKILL')
      throw new Error(`${args[0]} did not answer within ${timeoutMs} ms; see ${logFile}`)
    }
    await sleep(1)
  }
  return { child, base, startMs: performance.now() - started }
}

/** SIGTERM and wait for the exit (both servers close their database on SIGTERM). */
export async function stopProcess (child) {
  if (child.exitCode !== null || child.signalCode !== null) return
  const done = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
  await done
  clearTimeout(timer)
}

/** CPU time (user + system, every thread) a process has used, in ms, from /proc (Linux; 10 ms ticks); null elsewhere. */
export function cpuMs (pid) {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
    return (Number(f[11]) + Number(f[12])) * 10
  } catch {
    return null
  }
}

/** Resident set size of a process in MB, from /proc (Linux); null elsewhere. */
export function rssMb (pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return m === null ? null : Number(m[1]) / 1024
  } catch {
    return null
  }
}

/** A small fast deterministic generator (mulberry32), so runs draw the same users. */
export function rng (seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6D2B79F5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
