// The benchmark (issue 7): the built emulator as a real process on its default settings (info
// logs to a file, journal on), a real token, 10,000 users, autocannon with 50 connections, and the
// minimal reference server (bench/reference/server.js) run alternately so every figure is also a
// ratio to it. `npm run bench -- --help` lists the modes and flags.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir, totalmem, release } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { setTimeout as sleep } from 'node:timers/promises'
import autocannon from 'autocannon'
import { measureFirstStart } from './first-start.js'
import { generateDb } from './generate-db.js'
import { call, freePort, median, ok, percentile, rng, rssMb, startProcess, stopProcess } from './lib.js'

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
    out: { type: 'string' },
    help: { type: 'boolean', default: false }
  }
})

if (opt.help) {
  process.stdout.write(`npm run bench -- [flags]
  (default)            read, write, mixed, bind, deliver on emulator and reference, alternating; start, reset, in-process times
  --soak               1,000,000 mixed requests on the emulator, RSS sampled every second (--soak-requests N)
  --big                read/write on a 1,000,000-user, 2,000,000-binding database vs. the 10,000-user one (--big-users N)
  --duration S (10)  --warmup S (3)  --rounds N (3)  --connections N (50)  --users N (10000)
  --slices N (5)       each round's S seconds per server are taken as N slices, alternating between the servers
  --workloads list     comma-separated subset of ${WORKLOADS.join(',')}
  --no-reference       emulator only
  --no-pin             don't pin the servers to the first CPU and the load generator to the second
  --cpu-prof           run the emulator under node --cpu-prof (profiles in bench/results/prof/)
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
const tmp = mkdtempSync(join(tmpdir(), 'epm-bench-'))
const log = (line) => process.stderr.write(`${line}\n`)
const round1 = (x) => x === null || x === undefined ? null : Math.round(x * 10) / 10
const round2 = (x) => x === null || x === undefined ? null : Math.round(x * 100) / 100

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
async function startEmulator ({ db, prof = opt['cpu-prof'] } = {}) {
  const port = await freePort()
  const dbFile = db ?? join(tmp, `emulator-${serial++}.db`)
  const nodeArgs = prof ? ['--cpu-prof', `--cpu-prof-dir=${join(HERE, 'results', 'prof')}`] : []
  const s = await startProcess({
    args: [join(ROOT, 'dist', 'server.js'), '--port', String(port), '--db', dbFile, '--app', 'bench#app:id:secret'],
    nodeArgs,
    launcher: pin.launcher,
    port,
    logFile: join(tmp, 'emulator.log')
  })
  return { ...s, kind: 'emulator', dbFile }
}

async function startReference () {
  const port = await freePort()
  const s = await startProcess({
    args: [join(HERE, 'reference', 'server.js'), '--port', String(port), '--db', join(tmp, `reference-${serial++}.db`)],
    launcher: pin.launcher,
    port,
    logFile: join(tmp, 'reference.log')
  })
  return { ...s, kind: 'reference' }
}

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
  if (srv.kind === 'emulator') {
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
  const acc = servers.map(() => ({ requests: 0, seconds: 0, non2xx: 0, errors: 0, latencies: new Latencies() }))
  for (let slice = 0; slice < cfg.slices; slice++) {
    for (const [i, srv] of servers.entries()) {
      const r = await cannon(srv, workload, { duration: cfg.duration / cfg.slices, seed: 11 + slice, latencies: acc[i].latencies })
      acc[i].requests += r.requests.total
      acc[i].seconds += r.duration
      acc[i].non2xx += r.non2xx
      acc[i].errors += r.errors + r.timeouts
    }
  }
  return servers.map((srv, i) => ({
    rps: Math.round(acc[i].requests / acc[i].seconds),
    p50: acc[i].latencies.percentile(0.5),
    p99: acc[i].latencies.percentile(0.99),
    non2xx: acc[i].non2xx,
    errors: acc[i].errors,
    rssMb: round1(rssMb(srv.child.pid))
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
    const t0 = performance.now()
    await ok(srv.base, 'POST', `/_mock/reset?app=${encodeURIComponent(APP)}`)
    times.push(performance.now() - t0)
  }
  return round2(median(times))
}

/** Spawn-to-first-200 of both servers on fresh databases, alternating. */
async function measureStarts (runs) {
  const emulator = []
  const reference = []
  for (let i = 0; i < runs; i++) {
    const e = await startEmulator({ prof: false })
    emulator.push(e.startMs)
    await stopProcess(e.child)
    if (!opt['no-reference']) {
      const r = await startReference()
      reference.push(r.startMs)
      await stopProcess(r.child)
    }
  }
  return { emulatorMs: round1(median(emulator)), referenceMs: round1(median(reference)) }
}

/** In-process start + close after import: startMockServer when the build has it, else the runtime. */
async function measureInProcess (runs = 10) {
  const mod = await import(join(ROOT, 'dist', 'index.js'))
  const starts = []
  const closes = []
  const via = typeof mod.startMockServer === 'function' ? 'startMockServer' : 'createRuntime + listen'
  for (let i = 0; i < runs + 1; i++) {
    let close
    const t0 = performance.now()
    if (via === 'startMockServer') {
      const server = await mod.startMockServer()
      close = () => server.close()
    } else {
      const { config } = mod.loadConfig(['--db', ':memory:', '--log-level', 'silent', '--port', '0'], {})
      const runtime = await mod.createRuntime(config)
      await runtime.app.listen({ host: '127.0.0.1', port: 0 })
      close = () => runtime.close()
    }
    const t1 = performance.now()
    await close()
    const t2 = performance.now()
    // The first cycle compiles every schema and route for the first time; it is reported apart.
    if (i > 0) { starts.push(t1 - t0); closes.push(t2 - t1) }
  }
  return { via, startMs: round2(median(starts)), closeMs: round2(median(closes)) }
}

function machine () {
  const c = cpus()
  return `${c.length} × ${c[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Linux ${release()}, Node ${process.versions.node}`
}

// ---------------------------------------------------------------------------------------------
// Modes

async function standard () {
  const workloads = opt.workloads.split(',').filter(w => WORKLOADS.includes(w))
  const withRef = !opt['no-reference']
  log(`machine: ${machine()}`)
  log(`config: ${JSON.stringify(cfg)}, workloads ${workloads.join(',')}, ${pin.pinned ? 'servers on CPU 0, load generator on CPU 1' : 'not pinned'}`)
  const starts = await measureStarts(cfg.rounds)
  log(`start to first 200: emulator ${starts.emulatorMs} ms, reference ${starts.referenceMs} ms`)
  const inProcess = await measureInProcess()
  log(`in-process (${inProcess.via}): start ${inProcess.startMs} ms, close ${inProcess.closeMs} ms`)
  // What each test file pays: the package's load and the first start in a fresh process (first-start.js).
  const firstStart = measureFirstStart({ runs: 5 })
  log(`in-process first start in a fresh process: load ${firstStart.loadMs} + start ${firstStart.firstStartMs} ms, ${firstStart.firstTotalCpuMs} ms of CPU`)

  pin.loadGeneratorOnly()
  const emu = await startEmulator()
  const ref = withRef ? await startReference() : null
  await populate(emu)
  if (ref) await populate(ref)
  const loadWorkloads = workloads.filter(w => w !== 'deliver')
  const runs = Object.fromEntries(loadWorkloads.map(w => [w, { emulator: [], reference: [] }]))
  for (let round = 0; round < cfg.rounds; round++) {
    for (const w of loadWorkloads) {
      // Alternate who goes first, so neither always gets the machine's warmer or quieter half.
      const order = ref ? (round % 2 === 0 ? [ref, emu] : [emu, ref]) : [emu]
      const results = await driveAlternating(order, w)
      for (const [i, srv] of order.entries()) {
        const r = results[i]
        runs[w][srv.kind].push(r)
        log(`round ${round + 1} ${w.padEnd(5)} ${srv.kind.padEnd(9)} ${String(r.rps).padStart(6)} req/s  p50 ${r.p50} ms  p99 ${r.p99} ms  rss ${r.rssMb} MB${r.non2xx + r.errors > 0 ? `  NON-2XX ${r.non2xx} ERR ${r.errors}` : ''}`)
      }
    }
  }
  const deliverResult = workloads.includes('deliver') ? await deliver(emu) : { status: 'not run' }
  log(`deliver: ${JSON.stringify(deliverResult)}`)
  const rss = { emulatorMb: round1(rssMb(emu.child.pid)), referenceMb: ref ? round1(rssMb(ref.child.pid)) : null }
  const reset = await measureReset(emu)
  log(`reset of an app with ${cfg.users} users: ${reset} ms`)
  await stopProcess(emu.child)
  if (ref) await stopProcess(ref.child)

  const summary = Object.fromEntries(Object.entries(runs).map(([w, { emulator, reference }]) => {
    const ratios = reference.length === emulator.length ? emulator.map((e, i) => e.rps / reference[i].rps) : []
    const p99Ratios = reference.length === emulator.length ? emulator.map((e, i) => e.p99 / Math.max(reference[i].p99, 1)) : []
    return [w, {
      emulator: { rps: median(emulator.map(r => r.rps)), p50: median(emulator.map(r => r.p50)), p99: median(emulator.map(r => r.p99)) },
      reference: reference.length === 0 ? null : { rps: median(reference.map(r => r.rps)), p50: median(reference.map(r => r.p50)), p99: median(reference.map(r => r.p99)) },
      ratio: round2(median(ratios)),
      p99Ratio: round2(median(p99Ratios)),
      failures: emulator.reduce((n, r) => n + r.non2xx + r.errors, 0)
    }]
  }))
  return {
    mode: 'standard',
    date: new Date().toISOString(),
    machine: machine(),
    config: { ...cfg, pinned: pin.pinned },
    workloads: summary,
    runs,
    deliver: deliverResult,
    startToFirst200: { ...starts, ratio: starts.referenceMs ? round2(starts.emulatorMs / starts.referenceMs) : null },
    inProcess,
    firstStart,
    resetMs: reset,
    rss
  }
}

function markdown (r) {
  const lines = [
    `Machine: ${r.machine}. ${r.config.connections} connections, ${r.config.warmup} s warm-up, ${r.config.duration} s in ${r.config.slices} alternating slices, ${r.config.users} users, medians of ${r.config.rounds} rounds${r.config.pinned ? ', servers and load generator pinned to a CPU each' : ''}.`,
    '',
    '| workload | emulator req/s | reference req/s | ratio | emulator p50 / p99 ms | reference p50 / p99 ms | p99 ratio |',
    '|---|---:|---:|---:|---:|---:|---:|'
  ]
  for (const [w, s] of Object.entries(r.workloads)) {
    const ref = s.reference
    lines.push(`| ${w} | ${s.emulator.rps} | ${ref?.rps ?? '–'} | ${s.ratio ?? '–'} | ${s.emulator.p50} / ${s.emulator.p99} | ${ref ? `${ref.p50} / ${ref.p99}` : '–'} | ${s.p99Ratio ?? '–'} |`)
  }
  const d = r.deliver
  lines.push(`| deliver (600 recipients × 2 bindings) | ${d.status === 'ok' ? `median ${d.medianMs} ms, p99 ${d.p99Ms} ms` : d.status} | | | | | |`)
  lines.push('')
  lines.push('| measure | emulator | reference | ratio |')
  lines.push('|---|---:|---:|---:|')
  lines.push(`| spawn to first 200 | ${r.startToFirst200.emulatorMs} ms | ${r.startToFirst200.referenceMs ?? '–'} ms | ${r.startToFirst200.ratio ?? '–'} |`)
  lines.push(`| in-process start + close (${r.inProcess.via}), later in a process | ${r.inProcess.startMs} + ${r.inProcess.closeMs} ms | | |`)
  if (r.firstStart !== undefined) lines.push(`| in-process first start in a process: load + start (CPU) | ${r.firstStart.loadMs} + ${r.firstStart.firstStartMs} ms (${r.firstStart.firstTotalCpuMs} ms) | | |`)
  lines.push(`| reset of an app with ${r.config.users} users | ${r.resetMs} ms | | |`)
  lines.push(`| RSS after the runs | ${r.rss.emulatorMb} MB | ${r.rss.referenceMb ?? '–'} MB | |`)
  return lines.join('\n')
}

/** 1,000,000 mixed requests; RSS every second; "growing" if the last tenth is >10% over the second. */
async function soak () {
  const amount = Number(opt['soak-requests'])
  log(`machine: ${machine()}`)
  pin.loadGeneratorOnly()
  const emu = await startEmulator()
  await populate(emu)
  await cannon(emu, 'mixed', { duration: Math.max(cfg.warmup, 1) })
  const samples = []
  const t0 = performance.now()
  const timer = setInterval(() => {
    const mb = rssMb(emu.child.pid)
    samples.push({ s: round1((performance.now() - t0) / 1000), rssMb: round1(mb) })
    if (samples.length % 10 === 0) log(`  ${samples.at(-1).s} s: RSS ${samples.at(-1).rssMb} MB`)
  }, 1000)
  const r = await cannon(emu, 'mixed', { amount })
  clearInterval(timer)
  const after = round1(rssMb(emu.child.pid))
  await stopProcess(emu.child)
  const tenth = Math.max(1, Math.floor(samples.length / 10))
  const early = round1(median(samples.slice(tenth, 2 * tenth).map(s => s.rssMb)))
  const late = round1(median(samples.slice(-tenth).map(s => s.rssMb)))
  const growing = early !== null && late !== null && late > early * 1.1
  const result = {
    mode: 'soak',
    date: new Date().toISOString(),
    machine: machine(),
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
  log(`soak: ${result.requests} requests in ${result.seconds} s (${result.rps} req/s, ${result.non2xx} non-2xx); RSS early ${early} MB, late ${late} MB, max ${result.rssMaxMb} MB, after ${after} MB: ${growing ? 'GROWING' : 'flat'}`)
  return result
}

/** Read and write on a 1M-user database against the 10k-user one, alternating. */
async function big () {
  const bigUsers = Number(opt['big-users'])
  log(`machine: ${machine()}`)
  const file = join(tmp, 'big.db')
  const gen = generateDb(file, bigUsers)
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
  return { mode: 'big', date: new Date().toISOString(), machine: machine(), config: cfg, generator: gen, workloads: summary, runs }
}

// ---------------------------------------------------------------------------------------------

try {
  mkdirSync(join(HERE, 'results'), { recursive: true })
  const mode = opt.soak ? 'soak' : opt.big ? 'big' : 'standard'
  const result = mode === 'soak' ? await soak() : mode === 'big' ? await big() : await standard()
  const out = opt.out ?? join(HERE, 'results', mode === 'standard' ? 'latest.json' : `${mode}.json`)
  if (mode === 'standard') {
    result.markdown = markdown(result)
    process.stdout.write(`\n${result.markdown}\n`)
  }
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`)
  log(`results written to ${out}`)
} finally {
  rmSync(tmp, { recursive: true, force: true })
}
