// Bundles the entries tsc wrote, in place, so a start loads a few modules instead of ≈ 1,000
// (typebox alone is ≈ 700 files, ≈ 230 ms of module loading; docs/performance.md):
// - dist/server.js, the command-line entry (ES module, keeps its shebang);
// - dist/index.js, the library entry for `import` (ES module);
// - dist/index.cjs, the same library entry for `require()`, which Jest's default CommonJS setup
//   uses. Its dependencies that ship only as ES modules (cookie, through fastify's
//   light-my-request; typebox) are inside it, so no loader ever has to require() an ES module.
//
// Left outside every bundle, loaded from node_modules: the native addon, pino (its transports
// start worker threads by file path) and swagger-ui (it serves files next to itself; only the
// command line loads it by default, see src/http/openapi.ts). @fastify/static stays inside, although
// swagger-ui loads a second copy: outside, Jest failed on its ES-only content-disposition, and even
// outside only the command line it saved 5 % of a Node 24 start and cost 12 % on Node 20
// (docs/performance.md).
//   node scripts/bundle.mjs [DIST]   (DIST defaults to the package's dist/; packages resolve from
//                                     the package's node_modules wherever DIST is)
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { build } from 'esbuild'

const root = join(import.meta.dirname, '..')
const dist = process.argv[2] ?? join(root, 'dist')
const shebang = '#!/usr/bin/env node'
const server = join(dist, 'server.js')
if (!readFileSync(server, 'utf8').startsWith(shebang)) throw new Error(`${server} is not the entry tsc writes (run tsc first)`)

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  nodePaths: [join(root, 'node_modules')],
  external: ['better-sqlite3', 'pino', 'pino-pretty', '@fastify/swagger-ui'],
  legalComments: 'linked',
  logLevel: 'warning',
  metafile: true
}
// CommonJS dependencies inside an ES module still call require() for Node's built-ins.
const esm = {
  ...common,
  format: 'esm',
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" }
}

// The CommonJS one first: it reads dist/index.js as tsc wrote it, before that is bundled in place.
const cjs = await build({
  ...common,
  entryPoints: [join(dist, 'index.js')],
  outfile: join(dist, 'index.cjs'),
  format: 'cjs',
  // The one `import.meta` the sources use (package-root.ts); the bundle sits in dist/ as index.js does.
  define: { 'import.meta.dirname': '__dirname' }
})
// The two ES module entries share what they both load (nearly all of it) as chunks beside them;
// an earlier build's chunks go first, or the package would carry them too.
rmSync(join(dist, 'chunks'), { recursive: true, force: true })
const mjs = await build({
  ...esm,
  entryPoints: [join(dist, 'index.js'), server],
  outdir: dist,
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  allowOverwrite: true
})

// esbuild writes code as ASCII but keeps comments as they are, and a few of ours hold characters
// such as ≈ or Chinese. Node keeps a module's source (over ≈ 1 MB, outside V8's heap) for as long as
// the process runs, as one byte a character if every one is ASCII and two otherwise: escaping those
// characters in the comments saved 2.2 MB of the shared chunk's memory on Node 24.22 (its 2.3 MB
// source; docs/performance.md).
for (const file of [...Object.keys(cjs.metafile.outputs), ...Object.keys(mjs.metafile.outputs)]) {
  if (!/\.c?js$/.test(file)) continue
  const text = readFileSync(file, 'utf8')
  const ascii = text.replace(/[^\0-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
  if (ascii !== text) writeFileSync(file, ascii)
}

// The CommonJS entry's types: the same declarations, seen from a `require()`.
writeFileSync(join(dist, 'index.d.cts'), "export * from './index.js'\n")
