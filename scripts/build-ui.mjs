// Builds the web UI (ui/) into dist/ui/assets: the page, one script and one stylesheet, minified,
// each with brotli and gzip copies that @fastify/static serves to browsers that take them.
// Everything the pages need is here: no font, script or style comes from the network.
//   node scripts/build-ui.mjs [OUT]   (OUT defaults to dist/ui/assets)
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { brotliCompressSync, gzipSync } from 'node:zlib'
import { build } from 'esbuild'

const root = join(import.meta.dirname, '..')
const out = process.argv[2] ?? join(root, 'dist', 'ui', 'assets')
mkdirSync(out, { recursive: true })

await build({
  entryPoints: [join(root, 'ui', 'app.ts'), join(root, 'ui', 'app.css')],
  outdir: out,
  bundle: true,
  minify: true,
  format: 'esm',
  target: ['chrome110', 'firefox110', 'safari16'],
  logLevel: 'warning'
})
writeFileSync(join(out, 'index.html'), readFileSync(join(root, 'ui', 'index.html')))

let gzipped = 0
for (const file of ['index.html', 'app.js', 'app.css']) {
  const body = readFileSync(join(out, file))
  const gz = gzipSync(body, { level: 9 })
  gzipped += gz.length
  writeFileSync(join(out, `${file}.gz`), gz)
  writeFileSync(join(out, `${file}.br`), brotliCompressSync(body))
}
// The UI's budget (issue 22): 150 KB gzipped for every asset together.
if (gzipped > 150 * 1024) throw new Error(`the UI's assets come to ${gzipped} bytes gzipped, over the 150 KB budget`)
