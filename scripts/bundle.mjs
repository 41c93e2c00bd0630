// Bundles the command-line entry (dist/server.js, as tsc wrote it) into one file in place, so a
// start loads one module instead of ≈ 1,000 (typebox alone is ≈ 700 files, ≈ 230 ms of module
// loading; docs/performance.md). The library entry (dist/index.js) stays as tsc wrote it.
//
// Left outside the bundle, loaded from node_modules as before: the native addon, pino (its
// transports start worker threads by file path) and swagger-ui (it serves files next to itself).
//   node scripts/bundle.mjs [DIST]   (DIST defaults to the package's dist/; packages resolve from
//                                     the package's node_modules wherever DIST is)
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { build } from 'esbuild'

const root = join(import.meta.dirname, '..')
const outfile = join(process.argv[2] ?? join(root, 'dist'), 'server.js')
const shebang = '#!/usr/bin/env node'
const source = readFileSync(outfile, 'utf8')
if (!source.startsWith(shebang)) throw new Error(`${outfile} is not the entry tsc writes (run tsc first)`)

await build({
  entryPoints: [outfile],
  outfile,
  allowOverwrite: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  nodePaths: [join(root, 'node_modules')],
  external: ['better-sqlite3', 'pino', 'pino-pretty', '@fastify/swagger-ui'],
  // CommonJS dependencies inside an ES module still call require() for Node's built-ins.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  legalComments: 'linked',
  logLevel: 'warning'
})
