// CPU time the emulator process spends per request (user + system, from /proc/<pid>/stat), a
// figure that a busy, shared machine disturbs far less than req/s. Run after `npm run build`:
// `node bench/cpu-per-request.js [read|write] [requests]`
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import autocannon from 'autocannon'
import { freePort, ok, startProcess, stopProcess } from './lib.js'

const [workload = 'read', amountArg = '30000'] = process.argv.slice(2)
const ROOT = join(import.meta.dirname, '..')
const tmp = mkdtempSync(join(tmpdir(), 'epm-cpu-'))
const cpuMs = (pid) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
  return (Number(f[11]) + Number(f[12])) * 10 // utime + stime, 100 ticks a second
}
const port = await freePort()
const srv = await startProcess({
  args: [join(ROOT, 'dist', 'server.js'), '--port', String(port), '--db', join(tmp, 'e.db'), '--app', 'bench#app:id:secret'],
  port,
  logFile: join(tmp, 'emulator.log')
})
const users = 2000
const token = (await ok(srv.base, 'POST', '/bench/app/token', { body: { grant_type: 'client_credentials', client_id: 'id', client_secret: 'secret' } })).access_token
await ok(srv.base, 'PUT', '/_mock/state?app=bench%23app', {
  body: { appKey: 'bench#app', clientId: 'id', clientSecret: 'secret', users: Array.from({ length: users }, (_, i) => ({ username: `user${i}`, settings: [{ chattype: 'user', key: `user${i}`, type: 'ALL' }] })) }
})
let n = 0
const body = JSON.stringify({ type: 'NONE', ignoreInterval: '21:30-08:00', ignoreDuration: 86400000 })
const run = (amount) => autocannon({
  url: srv.base,
  connections: 10,
  amount,
  headers: { authorization: `Bearer ${token}` },
  requests: [{
    setupRequest: (req) => {
      const u = `user${n++ % users}`
      const path = `/bench/app/users/${u}/notification/user/${u}`
      return workload === 'write'
        ? { ...req, method: 'PUT', path, body, headers: { ...req.headers, 'content-type': 'application/json' } }
        : { ...req, method: 'GET', path, body: undefined }
    }
  }]
})
await run(5000)
const before = cpuMs(srv.child.pid)
const r = await run(Number(amountArg))
const used = cpuMs(srv.child.pid) - before
process.stdout.write(`${workload}: ${(1000 * used / (r.requests.total)).toFixed(1)} µs CPU per request (${r.requests.total} requests, non-2xx ${r.non2xx})\n`)
await stopProcess(srv.child)
