// The in-process start as a test file pays it: a fresh process loads the package, starts one
// server (the first start in a process), closes it and starts another (every later start).
//   node bench/first-start.js [--runs N] [--require] [--dist DIR]
// (--require: the CommonJS entry, as Jest loads it; --dist: another build, e.g. an older one)
// Prints one JSON line: medians over N fresh processes, in ms. bench/run.js reports it too.
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'

const ROOT = join(import.meta.dirname, '..')

/** Runs in a fresh child (CommonJS eval): times the load, the first start and a later one. */
const CHILD = `
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000 }
const c0 = cpu()
const t0 = performance.now()
const load = async () => process.env.CJS === '1' ? require(process.env.ENTRY) : await import(process.env.ENTRY)
load().then(async ({ startMockServer }) => {
  const t1 = performance.now()
  const c1 = cpu()
  const first = await startMockServer()
  const t2 = performance.now()
  const c2 = cpu()
  await first.close()
  const t3 = performance.now()
  const later = await startMockServer()
  const t4 = performance.now()
  await later.close()
  console.log(JSON.stringify({ load: t1 - t0, first: t2 - t1, later: t4 - t3, loadCpu: c1 - c0, firstCpu: c2 - c1 }))
})
`

export function measureFirstStart ({ runs = 5, cjs = false, dist = join(ROOT, 'dist'), node = process.execPath } = {}) {
  const entry = join(dist, cjs ? 'index.cjs' : 'index.js')
  const env = { ...process.env, CJS: cjs ? '1' : '0', ENTRY: cjs ? entry : pathToFileURL(entry).href }
  const samples = []
  for (let i = 0; i < runs; i++) {
    const out = execFileSync(node, ['-e', CHILD], { encoding: 'utf8', env })
    samples.push(JSON.parse(out))
  }
  const median = (key) => {
    const sorted = samples.map(s => s[key]).sort((a, b) => a - b)
    return Math.round(sorted[Math.floor(sorted.length / 2)])
  }
  const load = median('load')
  const first = median('first')
  // CPU time too: on a shared machine it moves less than the wall clock.
  return { entry: cjs ? 'require' : 'import', runs, loadMs: load, firstStartMs: first, firstTotalMs: load + first, laterStartMs: median('later'), loadCpuMs: median('loadCpu'), firstStartCpuMs: median('firstCpu'), firstTotalCpuMs: median('loadCpu') + median('firstCpu') }
}

if (import.meta.filename === process.argv[1]) {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' }, require: { type: 'boolean', default: false }, dist: { type: 'string' } } })
  console.log(JSON.stringify({ node: process.version, ...measureFirstStart({ runs: Number(values.runs), cjs: values.require, ...(values.dist === undefined ? {} : { dist: values.dist }) }) }))
}
