// CPU time a server process spends per request (user + system, from /proc/<pid>/stat), a figure
// that a busy, shared machine disturbs far less than req/s. The emulator and the reference run
// side by side, alternating rounds; the lowest round of each is the least disturbed. Run after
// `npm run build`:
//   node bench/cpu-per-request.js [read|write|mixed|bind] [requests per round] [rounds] [emulator flags…]
// EMULATOR=DIR (a dist folder, default dist/) picks the emulator build; AGAINST=DIR puts a second
// emulator build in the reference's place (A/B of two builds, see bench/build-variant.js), and
// NODE=PATH runs both servers on that Node (node_modules' better-sqlite3 addon built for it).
// CPU_PROF=DIR also writes `--cpu-prof` profiles of both, to DIR/emulator and DIR/reference.
// INSTRUCTIONS=1 counts instead the instructions each server runs per request, under valgrind's
// callgrind (Debian: `apt-get install valgrind`; ≈ 50× slower, so fewer requests do): user-space
// work only, but the same from run to run to within ≈ 1 %, where CPU time on a busy machine moves by
// tens of percent. The warm-up runs uninstrumented, and one round is enough. Node runs
// single-threaded there, so V8's optimizing compilers run inside the count: still a fifth of it
// after the warm-up, for both servers, and moving by ±10,000 instructions a request from run to
// run. The figure compared leaves them out (callgrind_annotate lists them by function); it repeats
// to within ≈ 1 %.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import autocannon from 'autocannon'
import { cpuMs, freePort, ok, startProcess, stopProcess } from './lib.js'

const [workload = 'read', amountArg = '20000', roundsArg = '4', ...extra] = process.argv.slice(2)
const ROOT = join(import.meta.dirname, '..')
const tmp = mkdtempSync(join(tmpdir(), 'epm-cpu-'))
const USERS = 2000
const names = Array.from({ length: USERS }, (_, i) => `user${i}`)

const INSTRUCTIONS = process.env.INSTRUCTIONS === '1'
const callgrind = (target) => ['valgrind', '--tool=callgrind', '--instr-atstart=no', '--dump-instr=no',
  `--callgrind-out-file=${join(tmp, `${target}.callgrind`)}`]
/** Instructions run between `callgrind_control -i on` and the dump that ends `measure`. */
async function countInstructions (s, measure) {
  execFileSync('callgrind_control', ['-i', 'on', String(s.srv.child.pid)], { stdio: 'ignore' })
  const r = await measure()
  execFileSync('callgrind_control', ['-d', String(s.srv.child.pid)], { stdio: 'ignore' })
  const dumps = readdirSync(tmp).filter(f => f.startsWith(`${s.target}.callgrind`)).map(f => join(tmp, f))
  const totals = dumps.map(f => Number(/^summary: (\d+)/m.exec(readFileSync(f, 'utf8'))?.[1] ?? 0))
  const dump = dumps[totals.indexOf(Math.max(...totals))]
  return { r, instructions: Math.max(...totals), compiling: compilerInstructions(dump) }
}

/**
 * Of a dump's instructions, those V8's optimizing compilers ran (`compiler::` and `maglev::`
 * functions). How much V8 is still recompiling moves from run to run by ±10,000 instructions a
 * request and says nothing about the code being measured, so the figure without it is the one to
 * compare; it repeats to within ≈ 1 %.
 */
function compilerInstructions (dump) {
  const listing = execFileSync('callgrind_annotate', ['--inclusive=no', '--threshold=100', dump], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })
  let sum = 0
  for (const line of listing.split('\n')) {
    const m = /^\s*([\d,]+) \(\s*[\d.]+%\)\s+(.*)$/.exec(line)
    if (m !== null && !m[2].includes('PROGRAM TOTALS') && /compiler::|maglev::/i.test(m[2])) sum += Number(m[1].replaceAll(',', ''))
  }
  return sum
}

const EMULATOR = process.env.EMULATOR ?? join(ROOT, 'dist')
const AGAINST = process.env.AGAINST
const NODE = process.env.NODE ?? process.execPath
const SECOND = AGAINST === undefined ? 'reference' : 'against'

async function start (target) {
  const port = await freePort()
  const srv = await startProcess({
    node: NODE,
    launcher: INSTRUCTIONS ? callgrind(target) : [],
    timeoutMs: INSTRUCTIONS ? 120_000 : 30_000,
    args: target === 'reference'
      ? [join(ROOT, 'bench', 'reference', 'server.js'), '--port', String(port), '--db', join(tmp, 'r.db')]
      : [join(target === 'against' ? AGAINST : EMULATOR, 'server.js'), '--port', String(port), '--db', join(tmp, `${target}.db`), '--app', 'bench#app:id:secret', ...extra],
    port,
    nodeArgs: [
      ...(INSTRUCTIONS ? ['--single-threaded'] : []),
      ...(process.env.CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', join(process.env.CPU_PROF, target)] : [])
    ],
    logFile: join(tmp, `${target}.log`)
  })
  const token = (await ok(srv.base, 'POST', '/bench/app/token', { body: { grant_type: 'client_credentials', client_id: 'id', client_secret: 'secret' } })).access_token
  if (target === 'reference') {
    for (let i = 0; i < USERS; i += 60) {
      await ok(srv.base, 'POST', '/bench/app/users', { token, body: names.slice(i, i + 60).map(username => ({ username })) })
    }
  } else {
    await ok(srv.base, 'PUT', '/_mock/state?app=bench%23app', {
      body: { appKey: 'bench#app', clientId: 'id', clientSecret: 'secret', users: names.map(username => ({ username, settings: [{ chattype: 'user', key: username, type: 'ALL' }] })) }
    })
  }
  return { target, srv, token, perRequest: [], non2xx: 0 }
}

const body = JSON.stringify({ type: 'NONE', ignoreInterval: '21:30-08:00', ignoreDuration: 86400000 })
const NOTIFIERS = ['apns', 'fcm', 'huawei', 'xiaomi']
let n = 0
const run = (s, amount) => autocannon({
  url: s.srv.base,
  connections: 10,
  amount,
  headers: { authorization: `Bearer ${s.token}` },
  requests: [{
    setupRequest: (req) => {
      const i = n++
      const u = names[i % USERS]
      const json = { ...req.headers, 'content-type': 'application/json' }
      if (workload === 'bind') {
        const device = { device_id: `dev-${i % 4}`, notifier_name: NOTIFIERS[(i >> 2) % 4], device_token: `tok-${(i * 7919).toString(36)}` }
        return { ...req, method: 'PUT', path: `/bench/app/users/${u}/push/binding`, body: JSON.stringify(device), headers: json }
      }
      const path = `/bench/app/users/${u}/notification/user/${u}`
      // mixed: every fifth request a write, as in the bench's 80/20.
      return workload === 'write' || (workload === 'mixed' && i % 5 === 0)
        ? { ...req, method: 'PUT', path, body, headers: json }
        : { ...req, method: 'GET', path, body: undefined }
    }
  }]
})

process.stdout.write(`servers on Node ${execFileSync(NODE, ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim()}${AGAINST === undefined ? '' : `: emulator ${EMULATOR}, against ${AGAINST}`}\n`)
const servers = [await start('emulator'), await start(SECOND)]
for (const s of servers) await run(s, 5000)
if (INSTRUCTIONS) {
  const counts = []
  for (const s of servers) {
    const { r, instructions, compiling } = await countInstructions(s, () => run(s, Number(amountArg)))
    const k = (n) => `${(n / r.requests.total / 1000).toFixed(1)}k`
    counts.push((instructions - compiling) / r.requests.total)
    process.stdout.write(`${s.target} ${workload}: ${k(instructions - compiling)} instructions per request without V8's compilers ` +
      `(${k(instructions)} with them; ${r.requests.total} requests; non-2xx ${r.non2xx})\n`)
    await stopProcess(s.srv.child)
  }
  process.stdout.write(`emulator / ${SECOND}: ${(counts[0] / counts[1]).toFixed(3)} (throughput ratio ≈ ${(counts[1] / counts[0]).toFixed(2)}, user space only, compilers left out)\n`)
  process.exit(0)
}
for (let round = 0; round < Number(roundsArg); round++) {
  for (const s of round % 2 === 0 ? servers : [...servers].reverse()) {
    const before = cpuMs(s.srv.child.pid)
    const r = await run(s, Number(amountArg))
    s.perRequest.push(1000 * (cpuMs(s.srv.child.pid) - before) / r.requests.total)
    s.non2xx += r.non2xx
  }
}
const best = (s) => Math.min(...s.perRequest)
for (const s of servers) {
  process.stdout.write(`${s.target} ${workload}: ${best(s).toFixed(1)} µs CPU per request (rounds ${s.perRequest.map(x => x.toFixed(1)).join(' / ')}; non-2xx ${s.non2xx})\n`)
}
process.stdout.write(`emulator / ${SECOND}: ${(best(servers[0]) / best(servers[1])).toFixed(2)} (throughput ratio ≈ ${(best(servers[1]) / best(servers[0])).toFixed(2)})\n`)
for (const s of servers) await stopProcess(s.srv.child)
