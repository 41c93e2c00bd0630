import { mkdir, readFile, utimes, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import t from 'tap'
import { npmEnv, ROOT, run, tempDir } from './built-tree.js'

/** `npm start`'s prestart step builds a fresh clone once, and again only when a source changes. */

const SCRIPT = join(ROOT, 'scripts', 'build-if-stale.mjs')

/**
 * Runs the script in `dir` through `env -i`, as test/built-tree.ts runs the bundle script: tap
 * hooks the node processes a test spawns for coverage, and a build script is not the package's code.
 */
async function prestart (dir: string): Promise<{ stdout: string, stderr: string }> {
  const vars = Object.entries(npmEnv()).map(([k, v]) => `${k}=${v}`)
  return run('env', ['-i', ...vars, process.execPath, SCRIPT, dir])
}

t.test('builds when dist/ is missing, skips while it is newer, rebuilds after a source changes', async (t) => {
  const dir = await tempDir(t, 'stale')
  // A package whose build appends a line to a log and writes dist/server.js.
  const build = "const fs = require('fs'); fs.mkdirSync('dist', { recursive: true }); fs.writeFileSync('dist/server.js', ''); fs.appendFileSync('builds.log', 'built\\n')"
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'stale', private: true, scripts: { build: `node -e "${build}"` } }))
  await mkdir(join(dir, 'src'))
  await writeFile(join(dir, 'src', 'app.ts'), 'export {}\n')
  const builds = async (): Promise<number> => (await readFile(join(dir, 'builds.log'), 'utf8').catch(() => '')).split('\n').filter(Boolean).length

  const first = await prestart(dir)
  t.match(first.stderr, /^no build yet: npm run build\n/)
  t.equal(await builds(), 1)

  const second = await prestart(dir)
  t.equal(second.stderr, '', 'an up-to-date build is left alone')
  t.equal(await builds(), 1)

  const later = new Date(Date.now() + 60_000)
  await utimes(join(dir, 'src', 'app.ts'), later, later)
  const third = await prestart(dir)
  t.match(third.stderr, /^the build is older than its sources: npm run build\n/)
  t.equal(await builds(), 2)
})

t.test('a failing build fails the start', async (t) => {
  const dir = await tempDir(t, 'stale-fail')
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'stale', private: true, scripts: { build: 'node -e "process.exit(3)"' } }))
  const err = await prestart(dir).catch((e: { code: number }) => e)
  t.match(err, { code: 3 })
})
