// Reset cost on a realistic app: 10,000 users with two bindings and one setting each, on a file
// database in WAL mode. Prints the median of several resets of that one app, and of everything.
// Run after `npm run build`: `npm run bench:reset`.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadConfig } from '../dist/config.js'
import { createRuntime } from '../dist/runtime.js'

const USERS = Number(process.env.BENCH_USERS ?? 10_000)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7)

const dir = mkdtempSync(join(tmpdir(), 'epm-bench-'))
const result = loadConfig(['--db', join(dir, 'bench.db'), '--app', 'bench#app:id:secret', '--log-level', 'silent'], {})
const runtime = await createRuntime(result.config)
const { app, services } = runtime

const state = {
  appKey: 'bench#app',
  clientId: 'id',
  clientSecret: 'secret',
  users: Array.from({ length: USERS }, (_, i) => ({
    username: `user${i}`,
    nickname: `User ${i}`,
    bindings: [
      { device_id: `dev-${i}`, device_token: `apns-${i}`, notifier_name: 'apns' },
      { device_id: `dev-${i}`, device_token: `fcm-${i}`, notifier_name: 'fcm' }
    ],
    settings: [{ chattype: 'user', key: `user${i}`, type: 'ALL', ignoreInterval: '21:30-08:00' }]
  }))
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

async function measure (url) {
  const times = []
  const sweeps = []
  for (let i = 0; i < ROUNDS; i++) {
    // The previous reset's rows are deleted in the background; finish that first, and time it.
    const t0 = process.hrtime.bigint()
    while (services.state.sweep());
    if (i > 0) sweeps.push(Number(process.hrtime.bigint() - t0) / 1e6)
    const load = await app.inject({ method: 'PUT', url: '/_mock/state', payload: state })
    if (load.statusCode !== 200) throw new Error(load.body)
    if (process.env.BENCH_CHECKPOINT) services.db.pragma('wal_checkpoint(TRUNCATE)')
    const started = process.hrtime.bigint()
    const res = await app.inject({ method: 'POST', url })
    const wall = Number(process.hrtime.bigint() - started) / 1e6
    if (res.statusCode !== 200) throw new Error(res.body)
    const left = services.db.prepare("SELECT COUNT(*) AS n FROM users JOIN apps ON apps.id = users.app_id WHERE apps.org_name <> '/trash'").get().n
    if (left !== 0) throw new Error(`reset left ${left} users`)
    times.push(wall)
  }
  return { reset: median(times), sweep: median(sweeps) }
}

const oneApp = await measure('/_mock/reset?app=bench%23app')
const everything = await measure('/_mock/reset')
console.log(`reset of one app with ${USERS} users (${USERS * 2} bindings): median ${oneApp.reset.toFixed(2)} ms over ${ROUNDS} runs; background sweep of its rows ${oneApp.sweep.toFixed(1)} ms in total`)
console.log(`reset of everything with ${USERS} users: median ${everything.reset.toFixed(2)} ms over ${ROUNDS} runs; background sweep ${everything.sweep.toFixed(1)} ms in total`)
await runtime.close()
rmSync(dir, { recursive: true, force: true })
