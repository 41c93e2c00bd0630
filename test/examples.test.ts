import { spawn } from 'node:child_process'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { loadConfig } from '../src/config.js'
import { createRuntime } from '../src/runtime.js'
import { cleanEnv } from './built-tree.js'
import { finished } from './io.js'

/** examples/walkthrough.mjs, run as a newcomer would: plain node against a real listening emulator. */

const WALKTHROUGH = join(import.meta.dirname, '..', 'examples', 'walkthrough.mjs')

async function serve (t: Test) {
  const result = loadConfig(['--db', ':memory:', '--port', '0', '--log-level', 'silent'], {})
  if (result.help) throw new Error('help')
  const runtime = await createRuntime(result.config, { logger: false })
  t.teardown(() => runtime.close())
  const address = await runtime.app.listen({ port: 0, host: '127.0.0.1' })
  return { runtime, address }
}

async function walk (base: string, env: Record<string, string> = {}) {
  // Through `env -i`: tap hooks the node processes a test spawns to add its loader and coverage, and
  // the example should run as plain node, outside the coverage report.
  const vars = Object.entries(cleanEnv({ BASE_URL: base, ...env })).map(([k, v]) => `${k}=${v}`)
  return await finished(spawn('env', ['-i', ...vars, process.execPath, WALKTHROUGH, '--quiet'], { stdio: ['ignore', 'pipe', 'pipe'] }))
}

t.test('the walkthrough runs to its end against a listening emulator, twice in a row', async (t) => {
  const { runtime, address } = await serve(t)
  const first = await walk(address)
  t.equal(first.code, 0, first.stderr)
  t.match(first.stdout, /walkthrough complete/)
  // It starts with a reset of its app, so a second run on the same server passes too.
  const second = await walk(address)
  t.equal(second.code, 0, second.stderr)

  // It touched every vendor operation: the coverage report has no operation it never called.
  const coverage = (await runtime.app.inject('/_mock/coverage?app=walk%23through')).json() as {
    operations: Array<{ method: string, path: string, outcomes: Array<{ outcome: string, count: number }> }>
  }
  const untouched = coverage.operations.filter(o => !o.outcomes.some(x => x.outcome === '200 ok' && x.count > 0)).map(o => `${o.method} ${o.path}`)
  t.strictSame(untouched, [], 'every operation answered 200 at least once')
})

t.test('the walkthrough stops with exit 1 and the answer when the emulator disagrees', async (t) => {
  const { address } = await serve(t)
  // A wrong secret for an app the walkthrough's first token request creates: make it exist first.
  const res = await fetch(`${address}/_mock/apps`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ appKey: 'walk#through', clientId: 'walk-id', clientSecret: 'other' }) })
  t.equal(res.status, 200)
  const r = await walk(address)
  t.equal(r.code, 1)
  t.match(r.stderr, /expected 200, got 400: .*client_secret does not match/)
})
