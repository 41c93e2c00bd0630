// In-process start + close of a build, on the Node that runs this script (bench/run.js spawns it
// with the Node it was given): startMockServer when the build has it, else the runtime.
//   node bench/in-process.js DIST [RUNS]   → one JSON line: { via, startMs, closeMs, startCpuMs, node }
// (startCpuMs: this process's CPU time, user + system, during a start: what a busy machine disturbs least)
import { join, resolve } from 'node:path'
import { median } from './lib.js'

const dist = resolve(process.argv[2] ?? join(import.meta.dirname, '..', 'dist'))
const runs = Number(process.argv[3] ?? 10)
const round2 = (x) => x === null ? null : Math.round(x * 100) / 100

const mod = await import(join(dist, 'index.js'))
const starts = []
const closes = []
const cpus = []
const via = typeof mod.startMockServer === 'function' ? 'startMockServer' : 'createRuntime + listen'
for (let i = 0; i < runs + 1; i++) {
  let close
  const c0 = process.cpuUsage()
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
  const c1 = process.cpuUsage(c0)
  await close()
  const t2 = performance.now()
  // The first cycle compiles every schema and route for the first time; it is reported apart.
  if (i > 0) { starts.push(t1 - t0); closes.push(t2 - t1); cpus.push((c1.user + c1.system) / 1000) }
}
process.stdout.write(`${JSON.stringify({ via, startMs: round2(median(starts)), closeMs: round2(median(closes)), startCpuMs: round2(median(cpus)), node: process.versions.node })}\n`)
