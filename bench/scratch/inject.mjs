import { createRuntime } from '/work/main/dist/runtime.js'
import { loadConfig } from '/work/main/dist/config.js'
import { loggerOptions } from '/work/main/dist/logger.js'
import { pino } from '/work/main/node_modules/pino/pino.js'
import { rmSync } from 'node:fs'
const extra = process.argv.slice(2)
rmSync('/tmp/mb/inj.db', { force: true }); rmSync('/tmp/mb/inj.db-wal', { force: true })
const { config } = loadConfig(['--db', '/tmp/mb/inj.db', '--app', 'bench#app:id:secret', ...extra], {})
const rt = await createRuntime(config, { logger: loggerOptions(config.logLevel, false, () => pino.destination({ dest: '/dev/null', sync: false })) })
const app = rt.app
const names = Array.from({ length: 2000 }, (_, i) => `user${i}`)
const tok = (await app.inject({ method: 'POST', url: '/bench/app/token', payload: { grant_type: 'client_credentials', client_id: 'id', client_secret: 'secret' } })).json().access_token
await app.inject({ method: 'PUT', url: '/_mock/state?app=bench%23app', payload: { appKey: 'bench#app', clientId: 'id', clientSecret: 'secret', users: names.map(username => ({ username, settings: [{ chattype: 'user', key: username, type: 'ALL' }] })) } })
const headers = { authorization: `Bearer ${tok}` }
const write = process.env.W === '1'
const body = { type: 'NONE', ignoreInterval: '21:30-08:00', ignoreDuration: 86400000 }
async function run (n) {
  for (let i = 0; i < n; i++) {
    const u = names[i % 2000]
    const r = await app.inject(write ? { method: 'PUT', url: `/bench/app/users/${u}/notification/user/${u}`, headers, payload: body } : { method: 'GET', url: `/bench/app/users/${u}/notification/user/${u}`, headers })
    if (r.statusCode !== 200) throw new Error(r.body)
  }
}
await run(20000)
const res = []
for (let k = 0; k < 5; k++) {
  const t0 = process.cpuUsage()
  await run(20000)
  const d = process.cpuUsage(t0)
  res.push((d.user + d.system) / 20000)
}
console.log(extra.join(' ') || 'default', write ? 'write' : 'read', Math.min(...res).toFixed(1), 'µs', res.map(x => x.toFixed(1)).join(' '))
await rt.close()
