#!/usr/bin/env node
// The consumer matrix: the packed package, installed into a fresh project per test runner, runs the
// documented recipes exactly as printed.
//
//   npm run build && node test/consumers/run.mjs [NAME ...]   (or npm run consumers; NAME: one recipe, or tsc)
//
// Run it with the Node to check first on PATH, after `npm run build` on that Node, with the
// repository's node_modules/better-sqlite3 addon built for that Node: the consumers reuse that
// addon (the tarball is installed with --ignore-scripts), so nothing is compiled here.
//
// The runners (jest, ts-jest, vitest, mocha, typescript: test/consumers/runners/package-lock.json)
// don't depend on the Node, so they are installed once into $CONSUMERS_CACHE (default
// .cache/consumers, gitignored) and kept for the next run. Each project sees them, and the package
// with its dependencies (installed afresh from the tarball on every run), through a node_modules
// folder of symbolic links. Nothing relies on npm's own cache: an empty one works.
//
// The blocks marked `<!-- recipe: NAME -->` in README.md and docs/test-runners.md are the recipes.
// The README's (jest-cjs) is a whole test file; each other test-runner block replaces the lines
// above its `// The tests` line.
// A block's first line names the file and the command: `// FILE — run with: COMMAND`.
//
// Prints one line per check and, last, `N passed, M failed`; exits 0 only when M is 0.
import { spawn, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

const ROOT = join(import.meta.dirname, '..', '..')
const RUNNERS = join(import.meta.dirname, 'runners')
const CACHE = process.env.CONSUMERS_CACHE ?? join(ROOT, '.cache', 'consumers')
const ADDON = join('better-sqlite3', 'build', 'Release', 'better_sqlite3.node')
const TIMEOUT_MS = 180_000
const only = process.argv.slice(2)
const RECIPES = ['jest-cjs', 'jest-esm', 'ts-jest', 'vitest', 'node-test', 'mocha', 'cjs-script']

/** Runs a command to its end; throws with its output when it fails. */
function sh (cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} (in ${cwd}) failed:\n${r.stdout}${r.stderr}`)
  return r
}

/** The recipes of the README and docs/test-runners.md: name → { file, command, text }. */
function readRecipes () {
  const docs = ['README.md', join('docs', 'test-runners.md')].map(f => readFileSync(join(ROOT, f), 'utf8')).join('\n')
  const recipes = new Map()
  for (const m of docs.matchAll(/<!-- recipe: ([a-z-]+) -->\n```[a-z]*\n([\s\S]*?)```\n/g)) {
    const [, name, text] = m
    const head = /^\/\/ (\S+) — run with: (.+)\n/.exec(text)
    if (head === null) throw new Error(`README recipe ${name}: the first line must be "// FILE — run with: COMMAND"`)
    recipes.set(name, { file: head[1], command: head[2], text })
  }
  // A recipe dropped from the docs fails the run rather than quietly leaving the matrix.
  const missing = RECIPES.filter(name => !recipes.has(name))
  if (missing.length > 0) throw new Error(`recipes missing from README.md and docs/test-runners.md: ${missing.join(', ')}`)
  const base = recipes.get('jest-cjs')
  const cut = base?.text.indexOf('// The tests') ?? -1
  if (cut < 0) throw new Error('README recipe jest-cjs: no "// The tests" line')
  for (const [name, recipe] of recipes) {
    if (name !== 'jest-cjs' && name !== 'cjs-script') recipe.text += base.text.slice(cut)
  }
  return recipes
}

/** The runners, installed once per lock file into the cache. */
function runnersTree () {
  const lock = readFileSync(join(RUNNERS, 'package-lock.json'))
  const dir = join(CACHE, `runners-${createHash('sha256').update(lock).digest('hex').slice(0, 16)}`)
  if (!existsSync(join(dir, '.complete'))) {
    rmSync(dir, { recursive: true, force: true })
    mkdirSync(dir, { recursive: true })
    for (const f of ['package.json', 'package-lock.json']) copyFileSync(join(RUNNERS, f), join(dir, f))
    sh('npm', ['ci', '--no-audit', '--no-fund'], dir)
    writeFileSync(join(dir, '.complete'), '')
  }
  return join(dir, 'node_modules')
}

/** The packed package with its dependencies, as a consumer's install gets them, and this Node's addon. */
function packageTree (work) {
  const packed = JSON.parse(sh('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], ROOT).stdout)
  const tarball = join(work, packed[0].filename)
  const dir = join(work, 'package')
  mkdirSync(dir)
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer-install', version: '1.0.0', private: true }))
  const install = sh('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', tarball], dir)
  const addon = join(dir, 'node_modules', ADDON)
  mkdirSync(dirname(addon), { recursive: true })
  copyFileSync(join(ROOT, 'node_modules', ADDON), addon)
  return { modules: join(dir, 'node_modules'), log: install.stdout + install.stderr }
}

/** A project's node_modules: links to the entries of both trees (scopes and .bin merged). */
function linkModules (target, trees) {
  mkdirSync(target)
  const owners = new Map()
  for (const tree of trees) {
    for (const name of readdirSync(tree)) {
      if (name === '.package-lock.json') continue
      owners.set(name, [...(owners.get(name) ?? []), tree])
    }
  }
  for (const [name, from] of owners) {
    if (from.length === 1 || !(name.startsWith('@') || name === '.bin')) {
      // A name in both trees: the package's own copy (listed last) wins.
      symlinkSync(join(from[from.length - 1], name), join(target, name))
    } else {
      linkModules(join(target, name), from.map(tree => join(tree, name)))
    }
  }
}

/** Runs a command line in a project; resolves to its exit code and output. */
function runIn (cwd, command) {
  return new Promise((resolve) => {
    const child = spawn('sh', ['-c', command], { cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
    let output = ''
    child.stdout.on('data', (d) => { output += d })
    child.stderr.on('data', (d) => { output += d })
    const timer = setTimeout(() => {
      output += `\n(killed after ${TIMEOUT_MS / 1000} s)`
      process.kill(-child.pid, 'SIGKILL')
    }, TIMEOUT_MS)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code, output })
    })
  })
}

const TSCONFIG = {
  compilerOptions: {
    strict: true,
    // The recipes' shared part is JavaScript too (its helper's parameters have no types).
    noImplicitAny: false,
    skipLibCheck: false,
    module: 'nodenext',
    target: 'es2022',
    noEmit: true,
    types: ['node']
  }
}

// What a CommonJS TypeScript file sees: the `require` condition's declarations.
const REQUIRE_CHECK = `import { startMockServer, type MockServer, type MockServerOptions, type PushRecord } from 'easemob-push-mock'

const options: MockServerOptions = { appKey: 'acme#shop', now: new Date() }
export const started: Promise<MockServer> = startMockServer(options)
export const reasons = async (): Promise<Array<PushRecord['reason']>> => (await started).pushes().map(p => p.reason)
`

const started = performance.now()
const work = mkdtempSync(join(tmpdir(), 'easemob-push-mock-consumers-'))
const results = []
const report = (name, ok, seconds, output = '') => {
  results.push(ok)
  console.log(`${ok ? 'PASS' : 'FAIL'} ${name} (${seconds.toFixed(1)} s)`)
  if (!ok) console.log(output.trimEnd().split('\n').slice(-60).map(l => `    ${l}`).join('\n'))
}
try {
  console.log(`node ${process.version}, work folder ${work}, cache ${CACHE}`)
  const recipes = readRecipes()
  let t = performance.now()
  const runners = runnersTree()
  console.log(`runners ready (${((performance.now() - t) / 1000).toFixed(1)} s)`)
  t = performance.now()
  const pkg = packageTree(work)
  // Warnings npm prints about this package itself (engines, install scripts) are ours to avoid.
  const own = pkg.log.split('\n').filter(l => /npm warn/i.test(l) && l.includes('easemob-push-mock'))
  report('install', own.length === 0, (performance.now() - t) / 1000, own.join('\n'))

  const checks = [...recipes].map(([name, recipe]) => ({ name, recipe }))
  checks.push({ name: 'tsc', recipe: undefined })
  for (const { name, recipe } of checks) {
    if (only.length > 0 && !only.includes(name)) continue
    const dir = join(work, name)
    mkdirSync(dir)
    sh('npm', ['init', '-y'], dir)
    linkModules(join(dir, 'node_modules'), [runners, pkg.modules])
    let command
    if (recipe === undefined) {
      // The vitest recipe and a CommonJS file, checked with the package's declarations included.
      const vitest = recipes.get('vitest')
      sh('npm', ['pkg', 'set', 'type=module'], dir)
      writeFileSync(join(dir, 'mock.test.ts'), vitest.text)
      writeFileSync(join(dir, 'require-check.cts'), REQUIRE_CHECK)
      writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(TSCONFIG, null, 2))
      // Passes only if both entries' declarations were part of the check.
      command = 'npx tsc -p . --listFiles > files.txt; s=$?; grep -v "^/" files.txt; ' +
        'grep -q "/easemob-push-mock/dist/index\\.d\\.ts$" files.txt && grep -q "/easemob-push-mock/dist/index\\.d\\.cts$" files.txt && exit $s'
    } else {
      mkdirSync(dirname(join(dir, recipe.file)), { recursive: true })
      writeFileSync(join(dir, recipe.file), recipe.text)
      command = recipe.command
    }
    const t0 = performance.now()
    const { code, output } = await runIn(dir, command)
    report(name, code === 0, (performance.now() - t0) / 1000, `$ ${command}\n${output}`)
  }
} catch (err) {
  report('setup', false, 0, err.stack)
} finally {
  if (process.env.CONSUMERS_KEEP === undefined) rmSync(work, { recursive: true, force: true })
}
const failed = results.filter(ok => !ok).length
console.log(`(${((performance.now() - started) / 1000).toFixed(0)} s in all)`)
console.log(`${results.length - failed} passed, ${failed} failed`)
process.exitCode = failed === 0 ? 0 : 1
