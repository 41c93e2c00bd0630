// Reset cost on a realistic app: 10,000 users with two bindings and one setting each, on a file
// database in WAL mode. Prints the median of several resets of that one app, and of everything.
// Run after `npm run build`: `npm run bench:reset`.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createRuntime, loadConfig } from '../dist/index.js'

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
  for (let i = 0; i < ROUNDS; i++) {
    const load = await app.inject({ method: 'PUT', url: '/_mock/state', payload: state })
    if (load.statusCode !== 200) throw new Error(load.body)
    if (process.env.BENCH_CHECKPOINT) services.db.pragma('wal_checkpoint(TRUNCATE)')
    const started = process.hrtime.bigint()
    const res = await app.inject({ method: 'POST', url })
    const wall = Number(process.hrtime.bigint() - started) / 1e6
    if (res.statusCode !== 200) throw new Error(res.body)
    const left = services.db.prepare('SELECT COUNT(*) AS n FROM users').get().n
    if (left !== 0) throw new Error(`reset left ${left} users`)
    times.push(wall)
  }
  return median(times)
}

const oneApp = await measure('/_mock/reset?app=bench%23app')
const everything = await measure('/_mock/reset')
console.log(`reset of one app with ${USERS} users (${USERS * 2} bindings): median ${oneApp.toFixed(2)} ms over ${ROUNDS} runs`)
console.log(`reset of everything with ${USERS} users: median ${everything.toFixed(2)} ms over ${ROUNDS} runs`)
await runtime.close()
rmSync(dir, { recursive: true, force: true })
