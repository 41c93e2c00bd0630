// Summarises a `node --cpu-prof` profile: the functions with the most self time, and the share of
// samples under chosen frames (inclusive). `node bench/prof-summary.js FILE.cpuprofile [N] [frame…]`
import { readFileSync } from 'node:fs'

const [file, topArg = '25', ...frames] = process.argv.slice(2)
if (file === undefined) {
  process.stderr.write('usage: node bench/prof-summary.js FILE.cpuprofile [N] [function-name…]\n')
  process.exit(2)
}
const prof = JSON.parse(readFileSync(file, 'utf8'))
const byId = new Map(prof.nodes.map(n => [n.id, n]))
const parent = new Map()
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id)

const counts = new Map()
for (const id of prof.samples) counts.set(id, (counts.get(id) ?? 0) + 1)
const total = prof.samples.length
const idle = [...counts].filter(([id]) => ['(idle)', '(program)'].includes(byId.get(id).callFrame.functionName))
  .reduce((n, [, c]) => n + c, 0)

const label = (cf) => `${cf.functionName || '(anonymous)'} ${cf.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/(dist|src)\//, '$1/')}:${cf.lineNumber + 1}`
const self = new Map()
for (const [id, c] of counts) {
  const k = label(byId.get(id).callFrame)
  self.set(k, (self.get(k) ?? 0) + c)
}
const busy = total - idle
const pct = (c) => `${(100 * c / busy).toFixed(1)}%`.padStart(6)
process.stdout.write(`${total} samples, ${busy} busy (idle and program excluded); self time:\n`)
for (const [k, c] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(topArg))) process.stdout.write(`${pct(c)}  ${k}\n`)

if (frames.length > 0) {
  process.stdout.write('\ninclusive (samples with the frame on the stack):\n')
  for (const f of frames) {
    let c = 0
    for (const [id, n] of counts) {
      for (let at = id; at !== undefined; at = parent.get(at)) {
        if (byId.get(at).callFrame.functionName === f) { c += n; break }
      }
    }
    process.stdout.write(`${pct(c)}  ${f}\n`)
  }
}
