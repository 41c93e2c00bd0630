import type { ChildProcess } from 'node:child_process'

/** Helpers for tests that talk to a real listening server or run a real process. */

export interface JsonResponse { status: number, body: Record<string, any> }

/** One JSON request over the network, with an optional bearer token. */
export async function fetchJson (url: string, method: string, body?: unknown, token?: string): Promise<JsonResponse> {
  const res = await fetch(url, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` })
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) })
  })
  return { status: res.status, body: await res.json() as Record<string, any> }
}

/**
 * Waits for a spawned process (stdout and stderr piped) to end and collects what it printed. One
 * still running after `limitMs` is killed, so a process that should have exited can't outlive its test.
 */
export async function finished (child: ChildProcess, limitMs = 120_000): Promise<{ code: number | null, stdout: string, stderr: string }> {
  let stdout = ''
  let stderr = ''
  child.stdout?.on('data', (d: Buffer) => { stdout += String(d) })
  child.stderr?.on('data', (d: Buffer) => { stderr += String(d) })
  const timer = setTimeout(() => { child.kill('SIGKILL') }, limitMs)
  const code = await new Promise<number | null>(resolve => child.once('exit', resolve))
  clearTimeout(timer)
  return { code, stdout, stderr }
}

/** Waits (bounded, no timing asserted) until `done()` holds. */
export async function until (done: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500 && !done(); i++) await new Promise(resolve => setTimeout(resolve, 10))
  if (!done()) throw new Error(`timed out waiting for ${what}`)
}
