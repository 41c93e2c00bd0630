// The benchmark (issue 7): the built emulator as a real process on its default settings (info
// logs to a file, journal on), a real token, 10,000 users, autocannon with 50 connections, and the
// minimal reference server (bench/reference/server.js) run alternately so every figure is also a
// ratio to it. `npm run bench -- --help` lists the modes and flags.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir, totalmem, release } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { setTimeout as sleep } from 'node:timers/promises'
import autocannon from 'autocannon'
import { measureFirstStart } from './first-start.js'
import { call, cpuMs, freePort, median, ok, percentile, rng, rssMb, startProcess, stopProcess } from './lib.js'

const HERE = import.meta.dirname
const ROOT = join(HERE, '..')
const APP = 'bench#app'
const APP_PATH = '/bench/app'
const SETTING = { type: 'NONE', ignoreInterval: '21:30-08:00', ignoreDuration: 86400000 }
const SETTING_BODY = JSON.stringify(SETTING)
/** Every user's stored app-wide setting before the runs, on both servers, so a read finds a row on both. */
const STORED_SETTING = { type: 'ALL', ignoreInterval: '21:30-08:00' }
const WORKLOADS = ['read', 'write', 'mixed', 'bind', 'deliver']

const { values: opt } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    slices: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '50' },
    users: { type: 'string', default: '10000' },
    workloads: { type: 'string', default: WORKLOADS.join(',') },
    'no-reference': { type: 'boolean', default: false },
    'no-pin': { type: 'boolean', default: false },
    soak: { type: 'boolean', default: false },
    'soak-requests': { type: 'string', default: '1000000' },
    big: { type: 'boolean', default: false },
    'big-users': { type: 'string', default: '1000000' },
    'cpu-prof': { type: 'boolean', default: false },
    node: { type: 'string' },
    emulator: { type: 'string' },
    against: { type: 'string' },
    out: { type: 'string' },
    help: { type: 'boolean', default: false }
  }
})

if (opt.help) {
  process.stdout.write(`npm run bench -- [flags]
  (default)            read, write, mixed, bind, deliver on emulator and reference, alternating; start, reset, in-process times
  --soak               1,000,000 mixed requests on the emulator, then the reference, RSS sampled every second
                       (--soak-requests N)
  --big                read/write on a 1,000,000-user, 2,000,000-binding database vs. the 10,000-user one (--big-users N)
  --duration S (10)  --warmup S (3)  --rounds N (3)  --connections N (50)  --users N (10000)
  --slices N (5)       each round's S seconds per server are taken as N slices, alternating between the servers
  --workloads list     comma-separated subset of ${WORKLOADS.join(',')}
  --no-reference       emulator only
  --no-pin             don't pin the servers to the first CPU and the load generator to the second
  --cpu-prof           run the emulator under node --cpu-prof (profiles in bench/results/prof/)
  --node PATH          the Node that runs the servers and the in-process start (default: this one);
                       node_modules' better-sqlite3 addon must be built for it
  --emulator DIR       the emulator build to run (default dist/)
  --against DIR        A/B: a second emulator build takes the reference's place, same slices, same
                       measures (build one with node bench/build-variant.js REV DIR)
  --out FILE           results JSON (default bench/results/latest.json, soak.json or big.json)
`)
  process.exit(0)
}

const cfg = {
  duration: Number(opt.duration),
  slices: Math.max(1, Number(opt.slices)),
  warmup: Number(opt.warmup),
  rounds: Number(opt.rounds),
  connections: Number(opt.connections),
  users: Number(opt.users)
}
const NODE = resolve(opt.node ?? process.execPath)
const NODE_VERSION = nodeVersion(NODE)
const DIST_A = resolve(opt.emulator ?? join(ROOT, 'dist'))
const DIST_B = opt.against === undefined ? null : resolve(opt.against)
/** What the two servers are called: the emulator and the reference, or builds A and B (--against). */
const KINDS = DIST_B === null ? ['emulator', 'reference'] : ['a', 'b']
const tmp = mkdtempSync(join(tmpdir(), 'epm-bench-'))
/** Every line the bench prints names the Node the servers ran on. */
const log = (line) => process.stderr.write(`[Node ${NODE_VERSION}] ${line}\n`)
const round1 = (x) => x === null || x === undefined ? null : Math.round(x * 10) / 10
const round2 = (x) => x === null || x === undefined ? null : Math.round(x * 100) / 100

/** The version of the Node at `path`, after checking that it can load node_modules' better-sqlite3. */
function nodeVersion (path) {
  const version = execFileSync(path, ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim()
  try {
    execFileSync(path, ['-e', "new (require('better-sqlite3'))(':memory:').close()"], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] })
  } catch (err) {
    const reason = String(err.stderr ?? err.message).match(/NODE_MODULE_VERSION \d+[^\n]*/)?.[0] ?? String(err.stderr ?? err.message).split('\n')[0]
    process.stderr.write(`Node ${version} (${path}) can't load node_modules' better-sqlite3 (${reason}).\n` +
      'Put an addon built for it at node_modules/better-sqlite3/build/Release/better_sqlite3.node.\n')
    process.exit(2)
  }
  return version
}

// ---------------------------------------------------------------------------------------------
// Servers

/**
 * The servers run on the first CPU and this process (the load generator) on the second, as the
 * issue's own figures were measured: neither then takes the other's core, and the one that runs
 * the server stays the same from one run to the next. Needs two CPUs and `taskset` (util-linux);
 * without them, or with --no-pin, everything shares every CPU. This process pins itself only
 * when the load runs (`loadGeneratorOnly`): the in-process start it times before that uses
 * every CPU, as a test suite's process would.
 */
function pinning () {
  const none = { pinned: false, launcher: [], loadGeneratorOnly () {} }
  if (opt['no-pin'] || cpus().length < 2) return none
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' }) // is taskset there?
  } catch {
    return none
  }
  return {
    pinned: true,
    launcher: ['taskset', '-c', '0'],
    loadGeneratorOnly: () => execFileSync('taskset', ['-a', '-p', '-c', '1', String(process.pid)], { stdio: 'ignore' })
  }
}
const pin = pinning()

let serial = 0
async function startEmulator ({ db, prof = opt['cpu-prof'], dist = DIST_A, kind = KINDS[0] } = {}) {
  const port = await freePort()
  const dbFile = db ?? join(tmp, `emulator-${serial++}.db`)
  const nodeArgs = prof ? ['--cpu-prof', `--cpu-prof-dir=${join(HERE, 'results', 'prof')}`] : []
  const s = await startProcess({
    args: [join(dist, 'server.js'), '--port', String(port), '--db', dbFile, '--app', 'bench#app:id:secret'],
    node: NODE,
    nodeArgs,
    launcher: pin.launcher,
    port,
    logFile: join(tmp, `${kind}.log`)
  })
  return { ...s, kind, emulator: true, dbFile }
}

async function startReference () {
  const port = await freePort()
  const s = await startProcess({
    args: [join(HERE, 'reference', 'server.js'), '--port', String(port), '--db', join(tmp, `reference-${serial++}.db`)],
    node: NODE,
    launcher: pin.launcher,
    port,
    logFile: join(tmp, 'reference.log')
  })
  return { ...s, kind: 'reference', emulator: false }
}

/** The second server: the reference, or build B with --against. */
const startSecond = (options = {}) => DIST_B === null ? startReference() : startEmulator({ ...options, dist: DIST_B, kind: KINDS[1] })

const token = async (srv) => (await ok(srv.base, 'POST', `${APP_PATH}/token`, {
  body: { grant_type: 'client_credentials', client_id: 'id', client_secret: 'secret' }
})).access_token

const userName = (i) => `user${i}`
const settingPath = (u) => `${APP_PATH}/users/${u}/notification/user/${u}`

/** The emulator's bench app: `users` users with two bindings and one setting each. */
const benchState = (users) => ({
  appKey: APP,
  clientId: 'id',
  clientSecret: 'secret',
  users: Array.from({ length: users }, (_, i) => ({
    username: userName(i),
    bindings: [
      { device_id: `dev-${i}`, device_token: `apns-${i}`, notifier_name: 'apns' },
      { device_id: `dev-${i}`, device_token: `fcm-${i}`, notifier_name: 'fcm' }
    ],
    settings: [{ chattype: 'user', key: userName(i), ...STORED_SETTING }]
  }))
})

async function populate (srv) {
  srv.token = await token(srv)
  if (srv.emulator) {
    await ok(srv.base, 'PUT', `/_mock/state?app=${encodeURIComponent(APP)}`, { body: benchState(cfg.users) })
  } else {
    for (let i = 0; i < cfg.users; i += 60) {
      const batch = Array.from({ length: Math.min(60, cfg.users - i) }, (_, k) => ({ username: userName(i + k), password: 'p' }))
      await ok(srv.base, 'POST', `${APP_PATH}/users`, { body: batch, token: srv.token })
    }
    // The same stored setting per user as the emulator's state holds, one PUT each.
    let next = 0
    const r = await autocannon({
      url: srv.base,
      connections: 10,
      amount: cfg.users,
      headers: { authorization: `Bearer ${srv.token}`, 'content-type': 'application/json' },
      requests: [{ setupRequest: (req) => ({ ...req, method: 'PUT', path: settingPath(userName(next++)), body: JSON.stringify(STORED_SETTING) }) }]
    })
    if (r.non2xx + r.errors > 0) throw new Error(`storing the reference's settings: ${r.non2xx} non-2xx, ${r.errors} errors`)
  }
}

// ---------------------------------------------------------------------------------------------
// Workloads

/** autocannon `requests` for a workload; each request draws its user (and device) afresh. */
function requestsFor (workload, users, seed) {
  const next = rng(seed)
  const user = () => userName(Math.floor(next() * users))
  // autocannon writes Content-Length into the request's own headers object, so a GET after a PUT
  // would inherit it: every request gets fresh headers.
  const headers = (req, json) => ({ authorization: req.headers.authorization, ...(json ? { 'content-type': 'application/json' } : {}) })
  const read = (req) => { const u = user(); return { ...req, headers: headers(req, false), method: 'GET', path: settingPath(u), body: undefined } }
  const write = (req) => { const u = user(); return { ...req, headers: headers(req, true), method: 'PUT', path: settingPath(u), body: SETTING_BODY } }
  const notifiers = ['apns', 'fcm', 'huawei', 'xiaomi']
  const bind = (req) => {
    const u = user()
    const body = JSON.stringify({
      device_id: `dev-${Math.floor(next() * 4)}`,
      notifier_name: notifiers[Math.floor(next() * notifiers.length)],
      device_token: `tok-${Math.floor(next() * 1e9).toString(36)}`
    })
    return { ...req, headers: headers(req, true), method: 'PUT', path: `${APP_PATH}/users/${u}/push/binding`, body }
  }
  const setup = {
    read,
    write,
    mixed: (req) => next() < 0.8 ? read(req) : write(req),
    bind
  }[workload]
  return [{ method: 'GET', path: '/', setupRequest: setup }]
}

function cannon (srv, workload, { duration, amount, users = cfg.users, seed = 1, latencies }) {
  const run = autocannon({
    url: srv.base,
    connections: cfg.connections,
    ...(amount === undefined ? { duration } : { amount }),
    headers: { authorization: `Bearer ${srv.token}` },
    requests: requestsFor(workload, users, seed)
  })
  if (latencies !== undefined) run.on('response', (_client, _status, _bytes, ms) => latencies.add(ms))
  return run
}

/** Response times in 10 µs steps up to 10 s (the last step holds anything slower), for percentiles across slices. */
class Latencies {
  static STEP_MS = 0.01
  counts = new Uint32Array(1_000_001)
  total = 0
  add (ms) {
    this.counts[Math.min(this.counts.length - 1, Math.round(ms / Latencies.STEP_MS))]++
    this.total++
  }

  /** The response time that `p` of the responses did not exceed, in ms (2 decimals). */
  percentile (p) {
    const rank = Math.ceil(p * this.total)
    let seen = 0
    for (let i = 0; i < this.counts.length; i++) {
      seen += this.counts[i]
      if (seen >= rank && seen > 0) return round2(i * Latencies.STEP_MS)
    }
    return null
  }
}

/**
 * One round of a workload on every server: each warmed up (discarded), then `cfg.duration` seconds
 * each, taken as `cfg.slices` slices that alternate between the servers, so that a minute when the
 * machine runs slow or fast falls on all of them alike (a shared virtual machine here changes
 * speed by tens of percent from one minute to the next). Each slice draws the same users on every
 * server. Returns, per server, req/s over its slices, p50/p99 ms over all its responses, and
 * error counts.
 */
async function driveAlternating (servers, workload) {
  for (const srv of servers) if (cfg.warmup > 0) await cannon(srv, workload, { duration: cfg.warmup, seed: 7 })
  const acc = servers.map(() => ({ requests: 0, seconds: 0, cpuMs: 0, non2xx: 0, errors: 0, latencies: new Latencies(), slices: [] }))
  for (let slice = 0; slice < cfg.slices; slice++) {
    for (const [i, srv] of servers.entries()) {
      const cpuBefore = cpuMs(srv.child.pid)
      const r = await cannon(srv, workload, { duration: cfg.duration / cfg.slices, seed: 11 + slice, latencies: acc[i].latencies })
      const cpu = cpuMs(srv.child.pid) - cpuBefore
      acc[i].cpuMs += cpu
      acc[i].slices.push({ rps: Math.round(r.requests.total / r.duration), cpuUs: round1(1000 * cpu / r.requests.total) })
      acc[i].requests += r.requests.total
      acc[i].seconds += r.duration
      acc[i].non2xx += r.non2xx
      acc[i].errors += r.errors + r.timeouts
    }
  }
  return servers.map((srv, i) => ({
    rps: Math.round(acc[i].requests / acc[i].seconds),
    // The server's CPU time per request (all its threads): a shared machine disturbs it far less than req/s.
    cpuUs: round1(1000 * acc[i].cpuMs / acc[i].requests),
    p50: acc[i].latencies.percentile(0.5),
    p99: acc[i].latencies.percentile(0.99),
    non2xx: acc[i].non2xx,
    errors: acc[i].errors,
    rssMb: round1(rssMb(srv.child.pid)),
    slices: acc[i].slices
  }))
}

/** Warm-up (discarded), then the measured run; returns req/s, p50/p99 ms and error counts. */
async function drive (srv, workload, { users } = {}) {
  if (cfg.warmup > 0) await cannon(srv, workload, { duration: cfg.warmup, users, seed: 7 })
  const r = await cannon(srv, workload, { duration: cfg.duration, users, seed: 11 })
  return {
    rps: Math.round(r.requests.average),
    p50: r.latency.p50,
    p99: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
    rssMb: round1(rssMb(srv.child.pid))
  }
}

/** Deliver: one message to 600 recipients with two bindings each, sent one at a time. */
async function deliver (srv) {
  const to = Array.from({ length: Math.min(600, cfg.users) }, (_, i) => userName(i))
  const body = { from: userName(cfg.users - 1), to, type: 'txt', body: { msg: 'hi' } }
  const first = await call(srv.base, 'POST', `${APP_PATH}/messages/users`, { body, token: srv.token })
  if (first.status === 404) return { status: 'n/a (endpoint missing)' }
  if (first.status !== 200) return { status: `failed: ${first.status} ${JSON.stringify(first.body).slice(0, 200)}` }
  const times = []
  for (let i = 0; i < 30; i++) {
    const t0 = performance.now()
    const res = await call(srv.base, 'POST', `${APP_PATH}/messages/users`, { body, token: srv.token })
    times.push(performance.now() - t0)
    if (res.status !== 200) return { status: `failed: ${res.status}` }
  }
  return { status: 'ok', recipients: to.length, medianMs: round2(median(times)), p99Ms: round2(percentile(times, 0.99)) }
}

/** Reset of the bench app holding `users` users (two bindings, one setting each), over HTTP. */
async function measureReset (srv, users = cfg.users, runs = 5) {
  const times = []
  const state = benchState(users)
  for (let i = 0; i < runs; i++) {
    await ok(srv.base, 'PUT', `/_mock/state?app=${encodeURIComponent(APP)}`, { body: state })
    // The import replaced the previous state, whose rows the emulator deletes in the background
    // (db/state.ts): let that finish, so this times the reset and not the sweep left over.
    await sleep(1500)
    // The first request after that idle wait paid the VM's wake-up too: a health check right after
    // it took 11–26 ms on Node 24.22 on a busy day, the reset behind it 4–6 ms (docs/performance.md).
    await ok(srv.base, 'GET', '/_mock/health')
    const t0 = performance.now()
    await ok(srv.base, 'POST', `/_mock/reset?app=${encodeURIComponent(APP)}`)
    times.push(performance.now() - t0)
  }
  return round2(median(times))
}

/**
 * Spawn-to-first-200 of both servers on fresh databases, alternating: the median of at least five
 * starts each, after one start each that is not counted. That one is reported too (`untimedFirstMs`):
 * the first start after a build fills Node's compile cache (server.ts) and is slower than any later one.
 */
async function measureStarts (rounds) {
  const runs = Math.max(5, rounds)
  const first = []
  const second = []
  const e0 = await startEmulator({ prof: false })
  await stopProcess(e0.child)
  if (!opt['no-reference']) await stopProcess((await startSecond({ prof: false })).child)
  for (let i = 0; i < runs; i++) {
    const e = await startEmulator({ prof: false })
    first.push(e.startMs)
    await stopProcess(e.child)
    if (!opt['no-reference']) {
      const r = await startSecond({ prof: false })
      second.push(r.startMs)
      await stopProcess(r.child)
    }
  }
  return { [`${KINDS[0]}Ms`]: round1(median(first)), [`${KINDS[1]}Ms`]: round1(median(second)), untimedFirstMs: round1(e0.startMs), runs }
}

/** In-process start + close of a build (bench/in-process.js on the chosen Node, in a process of its own). */
function inProcessOnce (dist, runs) {
  return JSON.parse(execFileSync(NODE, [join(HERE, 'in-process.js'), dist, String(runs)], { cwd: ROOT, encoding: 'utf8' }))
}

/** In-process start + close of build A (and B with --against, alternating three times): medians of 10 cycles each time. */
function measureInProcess () {
  const dists = DIST_B === null ? [DIST_A] : [DIST_A, DIST_B]
  const times = dists.map(() => ({ starts: [], closes: [], cpus: [] }))
  let via = ''
  for (let pass = 0; pass < (DIST_B === null ? 1 : 3); pass++) {
    for (const [i, dist] of dists.entries()) {
      const r = inProcessOnce(dist, 10)
      via = r.via
      times[i].starts.push(r.startMs)
      times[i].closes.push(r.closeMs)
      times[i].cpus.push(r.startCpuMs)
    }
  }
  return Object.fromEntries(dists.map((_, i) => [KINDS[i], { via, startMs: round2(median(times[i].starts)), closeMs: round2(median(times[i].closes)), startCpuMs: round2(median(times[i].cpus)) }]))
}

function machine () {
  const c = cpus()
  return `${c.length} × ${c[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Linux ${release()}, servers on Node ${NODE_VERSION}, load generator on Node ${process.versions.node}`
}

/** The Node that gave the figures, and what ran (recorded in every results file). */
const runInfo = () => ({
  node: { version: NODE_VERSION, path: NODE },
  loadGeneratorNode: process.versions.node,
  builds: { [KINDS[0]]: DIST_A, ...(DIST_B === null ? {} : { [KINDS[1]]: DIST_B }) }
})

// ---------------------------------------------------------------------------------------------
// Modes

async function standard () {
  const workloads = opt.workloads.split(',').filter(w => WORKLOADS.includes(w))
  const withRef = !opt['no-reference']
  const [A, B] = KINDS
  log(`machine: ${machine()}`)
  log(`config: ${JSON.stringify(cfg)}, workloads ${workloads.join(',')}, ${pin.pinned ? 'servers on CPU 0, load generator on CPU 1' : 'not pinned'}`)
  if (DIST_B !== null) log(`A/B: a = ${DIST_A}, b = ${DIST_B}`)
  const starts = await measureStarts(cfg.rounds)
  log(`start to first 200: ${A} ${starts[`${A}Ms`]} ms, ${B} ${starts[`${B}Ms`]} ms`)
  const inProcess = measureInProcess()
  for (const [kind, r] of Object.entries(inProcess)) log(`in-process ${kind} (${r.via}): start ${r.startMs} ms (CPU ${r.startCpuMs} ms), close ${r.closeMs} ms`)
  // What each test file pays: the package's load and the first start in a fresh process (first-start.js).
  const firstStart = measureFirstStart({ runs: 5, node: NODE, dist: DIST_A })
  log(`in-process first start in a fresh process (${A}): load ${firstStart.loadMs} + start ${firstStart.firstStartMs} ms, ${firstStart.firstTotalCpuMs} ms of CPU`)

  pin.loadGeneratorOnly()
  const emu = await startEmulator()
  const ref = withRef ? await startSecond() : null
  await populate(emu)
  if (ref) await populate(ref)
  const loadWorkloads = workloads.filter(w => w !== 'deliver')
  const runs = Object.fromEntries(loadWorkloads.map(w => [w, { [A]: [], [B]: [] }]))
  for (let round = 0; round < cfg.rounds; round++) {
    for (const w of loadWorkloads) {
      // Alternate who goes first, so neither always gets the machine's warmer or quieter half.
      const order = ref ? (round % 2 === 0 ? [ref, emu] : [emu, ref]) : [emu]
      const results = await driveAlternating(order, w)
      for (const [i, srv] of order.entries()) {
        const r = results[i]
        runs[w][srv.kind].push(r)
        log(`round ${round + 1} ${w.padEnd(5)} ${srv.kind.padEnd(9)} ${String(r.rps).padStart(6)} req/s  ${r.cpuUs} µs CPU/req  p50 ${r.p50} ms  p99 ${r.p99} ms  rss ${r.rssMb} MB${r.non2xx + r.errors > 0 ? `  NON-2XX ${r.non2xx} ERR ${r.errors}` : ''}`)
      }
    }
  }
  const emulators = [emu, ...(ref?.emulator ? [ref] : [])]
  const deliverResult = {}
  for (const srv of emulators) {
    deliverResult[srv.kind] = workloads.includes('deliver') ? await deliver(srv) : { status: 'not run' }
    log(`deliver ${srv.kind}: ${JSON.stringify(deliverResult[srv.kind])}`)
  }
  const rss = { [`${A}Mb`]: round1(rssMb(emu.child.pid)), [`${B}Mb`]: ref ? round1(rssMb(ref.child.pid)) : null }
  const reset = {}
  for (const srv of emulators) {
    reset[srv.kind] = await measureReset(srv)
    log(`reset ${srv.kind} of an app with ${cfg.users} users: ${reset[srv.kind]} ms`)
  }
  await stopProcess(emu.child)
  if (ref) await stopProcess(ref.child)

  const summary = Object.fromEntries(Object.entries(runs).map(([w, { [A]: first, [B]: second }]) => {
    const ratios = second.length === first.length ? first.map((e, i) => e.rps / second[i].rps) : []
    // Slice by slice: each pair of slices ran within the same couple of seconds, so the median of
    // their ratios is the figure a busy machine disturbs least.
    const pairs = second.length === first.length ? first.flatMap((e, i) => e.slices.map((s, k) => [s, second[i].slices[k]])) : []
    const sliceRatios = pairs.map(([a, b]) => a.rps / b.rps)
    const sliceCpuRatios = pairs.map(([a, b]) => a.cpuUs / b.cpuUs).filter(Number.isFinite)
    const p99Ratios = second.length === first.length ? first.map((e, i) => e.p99 / Math.max(second[i].p99, 1)) : []
    return [w, {
      [A]: { rps: median(first.map(r => r.rps)), cpuUs: round2(median(first.map(r => r.cpuUs))), p50: round2(median(first.map(r => r.p50))), p99: round2(median(first.map(r => r.p99))) },
      [B]: second.length === 0 ? null : { rps: median(second.map(r => r.rps)), cpuUs: round2(median(second.map(r => r.cpuUs))), p50: round2(median(second.map(r => r.p50))), p99: round2(median(second.map(r => r.p99))) },
      // req/s, the first server's over the second's: the median over every pair of slices.
      ratio: round2(median(sliceRatios)),
      // Each round's ratio (its req/s over all its slices), so a reader can see the spread.
      roundRatios: ratios.map(round2),
      // CPU time per request, the first server's over the second's (above 1: the first costs more), over the pairs of slices.
      cpuRatio: round2(median(sliceCpuRatios)),
      p99Ratio: round2(median(p99Ratios)),
      failures: first.reduce((n, r) => n + r.non2xx + r.errors, 0) + second.reduce((n, r) => n + r.non2xx + r.errors, 0)
    }]
  }))
  return {
    mode: DIST_B === null ? 'standard' : 'ab',
    date: new Date().toISOString(),
    machine: machine(),
    ...runInfo(),
    kinds: KINDS,
    config: { ...cfg, pinned: pin.pinned },
    workloads: summary,
    runs,
    deliver: deliverResult,
    startToFirst200: { ...starts, ratio: starts[`${B}Ms`] ? round2(starts[`${A}Ms`] / starts[`${B}Ms`]) : null },
    inProcess,
    firstStart,
    resetMs: reset,
    rss
  }
}

function markdown (r) {
  const [A, B] = r.kinds
  const lines = [
    `Servers on Node ${r.node.version} (load generator on Node ${r.loadGeneratorNode}). Machine: ${r.machine}. ${r.config.connections} connections, ${r.config.warmup} s warm-up, ${r.config.duration} s in ${r.config.slices} alternating slices, ${r.config.users} users, medians of ${r.config.rounds} rounds (ratios: the median over every pair of slices)${r.config.pinned ? ', servers and load generator pinned to a CPU each' : ''}.` +
      (r.mode === 'ab' ? ` A/B: a = ${r.builds.a}, b = ${r.builds.b}; ratio = a / b.` : ''),
    '',
    `| workload (Node ${r.node.version}) | ${A} req/s | ${B} req/s | ratio | ${A} p50 / p99 ms | ${B} p50 / p99 ms | p99 ratio | CPU µs/req ${A} / ${B} (ratio) |`,
    '|---|---:|---:|---:|---:|---:|---:|---:|'
  ]
  for (const [w, s] of Object.entries(r.workloads)) {
    const second = s[B]
    lines.push(`| ${w} | ${s[A].rps} | ${second?.rps ?? '–'} | ${s.ratio ?? '–'} | ${s[A].p50} / ${s[A].p99} | ${second ? `${second.p50} / ${second.p99}` : '–'} | ${s.p99Ratio ?? '–'} | ${s[A].cpuUs} / ${second?.cpuUs ?? '–'} (${s.cpuRatio ?? '–'}) |`)
  }
  for (const [kind, d] of Object.entries(r.deliver).filter(([, d]) => d.status !== 'not run')) {
    lines.push(`| deliver ${kind} (600 recipients × 2 bindings) | ${d.status === 'ok' ? `median ${d.medianMs} ms, p99 ${d.p99Ms} ms` : d.status} | | | | | | |`)
  }
  lines.push('')
  lines.push(`| measure (Node ${r.node.version}) | ${A} | ${B} | ratio |`)
  lines.push('|---|---:|---:|---:|')
  lines.push(`| spawn to first 200 (median of ${r.startToFirst200.runs}; the run's first, untimed: ${r.startToFirst200.untimedFirstMs} ms) | ${r.startToFirst200[`${A}Ms`]} ms | ${r.startToFirst200[`${B}Ms`] ?? '–'} ms | ${r.startToFirst200.ratio ?? '–'} |`)
  const ip = r.inProcess
  lines.push(`| in-process start + close (${ip[A].via}), later in a process | ${ip[A].startMs} + ${ip[A].closeMs} ms | ${ip[B] ? `${ip[B].startMs} + ${ip[B].closeMs} ms` : ''} | ${ip[B] ? round2((ip[A].startMs + ip[A].closeMs) / (ip[B].startMs + ip[B].closeMs)) : ''} |`)
  lines.push(`| CPU time of an in-process start, later in a process | ${ip[A].startCpuMs} ms | ${ip[B] ? `${ip[B].startCpuMs} ms` : ''} | ${ip[B] ? round2(ip[A].startCpuMs / ip[B].startCpuMs) : ''} |`)
  if (r.firstStart !== undefined) lines.push(`| in-process first start in a process: load + start (CPU) | ${r.firstStart.loadMs} + ${r.firstStart.firstStartMs} ms (${r.firstStart.firstTotalCpuMs} ms) | | |`)
  lines.push(`| reset of an app with ${r.config.users} users | ${r.resetMs[A]} ms | ${r.resetMs[B] === undefined ? '' : `${r.resetMs[B]} ms`} | |`)
  lines.push(`| RSS after the runs | ${r.rss[`${A}Mb`]} MB | ${r.rss[`${B}Mb`] ?? '–'} MB | ${r.mode === 'ab' && r.rss[`${B}Mb`] ? round2(r.rss[`${A}Mb`] / r.rss[`${B}Mb`]) : ''} |`)
  return lines.join('\n')
}

/** `amount` mixed requests on one server; its RSS every second; "growing" if the last tenth is >10% over the second. */
async function soakOne (srv, amount) {
  await populate(srv)
  await cannon(srv, 'mixed', { duration: Math.max(cfg.warmup, 1) })
  const samples = []
  const t0 = performance.now()
  const timer = setInterval(() => {
    const mb = rssMb(srv.child.pid)
    samples.push({ s: round1((performance.now() - t0) / 1000), rssMb: round1(mb) })
    if (samples.length % 10 === 0) log(`  ${srv.kind} ${samples.at(-1).s} s: RSS ${samples.at(-1).rssMb} MB`)
  }, 1000)
  const r = await cannon(srv, 'mixed', { amount })
  clearInterval(timer)
  const after = round1(rssMb(srv.child.pid))
  await stopProcess(srv.child)
  const tenth = Math.max(1, Math.floor(samples.length / 10))
  const early = round1(median(samples.slice(tenth, 2 * tenth).map(s => s.rssMb)))
  const late = round1(median(samples.slice(-tenth).map(s => s.rssMb)))
  const growing = early !== null && late !== null && late > early * 1.1
  const result = {
    requests: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
    rps: Math.round(r.requests.average),
    seconds: round1(r.duration),
    rssAfterMb: after,
    rssMaxMb: Math.max(...samples.map(s => s.rssMb)),
    rssEarlyMb: early,
    rssLateMb: late,
    growing,
    samples
  }
  log(`soak (${srv.kind}): ${result.requests} requests in ${result.seconds} s (${result.rps} req/s, ${result.non2xx} non-2xx); RSS early ${early} MB, late ${late} MB, max ${result.rssMaxMb} MB, after ${after} MB: ${growing ? 'GROWING' : 'flat'}`)
  return result
}

/**
 * 1,000,000 mixed requests on the emulator, then on the second server (the reference, or build B
 * with --against) unless --no-reference: the second shows what the same Node holds for a bare server.
 */
async function soak () {
  const amount = Number(opt['soak-requests'])
  log(`machine: ${machine()}`)
  pin.loadGeneratorOnly()
  const first = await soakOne(await startEmulator(), amount)
  const second = opt['no-reference'] ? undefined : { kind: KINDS[1], ...await soakOne(await startSecond(), amount) }
  return { mode: 'soak', date: new Date().toISOString(), machine: machine(), ...runInfo(), ...first, second }
}

/** Read and write on a 1M-user database against the 10k-user one, alternating. */
async function big () {
  const bigUsers = Number(opt['big-users'])
  log(`machine: ${machine()}`)
  const file = join(tmp, 'big.db')
  // On the chosen Node, whose better-sqlite3 addon node_modules holds (this process's Node may not load it).
  const t0 = performance.now()
  execFileSync(NODE, [join(HERE, 'generate-db.js'), file, '--users', String(bigUsers)], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] })
  const gen = { users: bigUsers, bindings: 2 * bigUsers, seconds: (performance.now() - t0) / 1000 }
  log(`generated ${gen.users} users, ${gen.bindings} bindings in ${gen.seconds.toFixed(1)} s`)
  pin.loadGeneratorOnly()
  const small = await startEmulator()
  await populate(small)
  const large = await startEmulator({ db: file })
  large.token = await token(large)
  const runs = { read: { small: [], big: [] }, write: { small: [], big: [] } }
  for (let round = 0; round < cfg.rounds; round++) {
    for (const w of ['read', 'write']) {
      const s = await drive(small, w)
      const b = await drive(large, w, { users: bigUsers })
      runs[w].small.push(s)
      runs[w].big.push(b)
      log(`round ${round + 1} ${w.padEnd(5)} small ${s.rps} req/s (p99 ${s.p99} ms), big ${b.rps} req/s (p99 ${b.p99} ms), rss ${b.rssMb} MB`)
    }
  }
  await stopProcess(small.child)
  await stopProcess(large.child)
  const summary = Object.fromEntries(Object.entries(runs).map(([w, { small, big }]) => [w, {
    smallRps: median(small.map(r => r.rps)),
    bigRps: median(big.map(r => r.rps)),
    ratio: round2(median(big.map((b, i) => b.rps / small[i].rps))),
    bigP99: median(big.map(r => r.p99))
  }]))
  for (const [w, s] of Object.entries(summary)) log(`${w}: ${s.bigRps} req/s on ${bigUsers} users vs ${s.smallRps} on ${cfg.users}: ${s.ratio}`)
  return { mode: 'big', date: new Date().toISOString(), machine: machine(), ...runInfo(), config: cfg, generator: gen, workloads: summary, runs }
}

// ---------------------------------------------------------------------------------------------

try {
  mkdirSync(join(HERE, 'results'), { recursive: true })
  const mode = opt.soak ? 'soak' : opt.big ? 'big' : 'standard'
  const result = mode === 'soak' ? await soak() : mode === 'big' ? await big() : await standard()
  const out = opt.out ?? join(HERE, 'results', mode === 'standard' ? (DIST_B === null ? 'latest.json' : 'ab.json') : `${mode}.json`)
  if (mode === 'standard') {
    result.markdown = markdown(result)
    process.stdout.write(`\n${result.markdown}\n`)
  }
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`)
  log(`results written to ${out}`)
} finally {
  rmSync(tmp, { recursive: true, force: true })
}
