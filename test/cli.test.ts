import { spawn, type ChildProcess } from 'node:child_process'
import { cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import t from 'tap'
import { HELP, OPTIONS } from '../src/config.js'
import { buildInto, cleanEnv, npmEnv, ROOT, run, tempDir } from './built-tree.js'

/** The command line a newcomer meets: `--help`, the startup summary, and `npx easemob-push-mock`. */

// The packed-package test installs from the registry: minutes on a loaded machine with an empty npm cache.
t.setTimeout(600_000)

const SERVER = join(ROOT, 'src', 'server.ts')

interface Started { child: ChildProcess, summary: Record<string, any>, listening: string }

/** Starts src/server.ts (with tap's loader, so coverage counts) and waits for its startup summary. */
async function start (args: string[]): Promise<Started> {
  const child = spawn(process.execPath, [...process.execArgv, SERVER, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  let err = ''
  child.stderr.on('data', (d: Buffer) => { err += String(d) })
  return new Promise<Started>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += String(d)
      const records = out.split('\n').filter(l => l.startsWith('{')).map(l => JSON.parse(l) as Record<string, any>)
      const listening = records.find(r => typeof r.msg === 'string' && r.msg.startsWith('easemob-push-mock listening on '))
      const summary = records.find(r => r.url !== undefined)
      if (listening !== undefined && summary !== undefined) resolve({ child, summary, listening: listening.msg.slice(31) })
    })
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${err}`)))
  })
}

async function stop (s: Started): Promise<number | null> {
  const exited = new Promise<number | null>(resolve => s.child.once('exit', resolve))
  s.child.kill('SIGTERM')
  return exited
}

t.test('--help prints every flag with its variable and default, and exits 0', async (t) => {
  const r = await run(process.execPath, [...process.execArgv, SERVER, '--help'])
  t.equal(r.stdout, `${HELP}\n`)
  t.equal(r.stderr, '')
  for (const o of OPTIONS) {
    const line = r.stdout.split('\n').find(l => l.trimStart().startsWith(`--${o.flag}`)) ?? ''
    t.match(line, o.flag === 'help' ? /print this help/ : o.env === undefined ? '[flag only]' : `[${o.env}]`, `--${o.flag}`)
    if (o.flag !== 'help') t.match(line, `(default: ${o.fallback === '' ? 'none' : o.fallback})`, `--${o.flag} default`)
  }
})

t.test('startup prints the URL, the apps, the database and the docs page in one record', async (t) => {
  const dir = await tempDir(t, 'cli')
  const db = join(dir, 'mock.db')
  const s = await start(['--port', '0', '--db', db, '--app', 'acme#shop:id:secret', '--app', 'acme#blog:id2:secret2'])
  t.teardown(() => { s.child.kill('SIGKILL') })
  const version = (JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version
  const url = s.listening
  t.match(url, /^http:\/\/127\.0\.0\.1:\d+$/)
  t.match(s.summary, { level: 30, url, apps: ['acme#shop', 'acme#blog'], db, docs: `${url}/docs`, strictApps: false, timezone: 'Asia/Shanghai' })
  t.equal(s.summary.msg, `easemob-push-mock ${version} ready at ${url} | apps: acme#shop, acme#blog | database: ${db} | docs: ${url}/docs`)

  const docs = await fetch(s.summary.docs)
  t.equal(docs.status, 200, 'the docs page it names is there')
  t.match(docs.headers.get('content-type'), /text\/html/)
  t.equal(await stop(s), 0)
})

t.test('the summary says how apps arrive when none is configured, and when the docs are off', async (t) => {
  const open = await start(['--port', '0', '--db', ':memory:', '--no-controls'])
  t.teardown(() => { open.child.kill('SIGKILL') })
  t.match(open.summary, { apps: [], db: ':memory:', docs: null })
  t.match(open.summary.msg, / \| apps: none yet \(created on first token request\) \| database: :memory: \| docs: off \(--no-controls\)$/)
  t.equal((await fetch(`${open.summary.url}/docs`)).status, 404)
  t.equal(await stop(open), 0)

  const strict = await start(['--port', '0', '--db', ':memory:', '--strict-apps'])
  t.teardown(() => { strict.child.kill('SIGKILL') })
  t.match(strict.summary, { apps: [], strictApps: true })
  t.match(strict.summary.msg, / \| apps: none \(--strict-apps: add some with --app\) \| /)
  t.equal(await stop(strict), 0)
})

t.test('the packed package installs, and `npx easemob-push-mock --help` runs its bin', async (t) => {
  const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string>, exports: Record<string, Record<string, string>>, files: string[] }
  t.strictSame(pkg.bin, { 'easemob-push-mock': 'dist/server.js' })

  // The package folder as `npm pack` sees it after a build: sources, the build, and what the repo carries.
  const dir = await tempDir(t, 'pack')
  const tree = join(dir, 'package')
  for (const entry of ['package.json', 'README.md', 'LICENSE', 'migrations', 'src', 'test']) await cp(join(ROOT, entry), join(tree, entry), { recursive: true })
  await buildInto(join(tree, 'dist'))
  const entry = await readFile(join(tree, 'dist', 'server.js'), 'utf8')
  t.match(entry, /^#!\/usr\/bin\/env node\n/, 'the shebang survives tsc and the bundle')
  t.notMatch(entry, /from ['"]typebox|from ['"]fastify['"]|from ['"]\.\/app\.js['"]/, 'the entry is bundled: no import of typebox, fastify or its own modules')
  // The entries' shared code sits in dist/chunks/ (scripts/bundle.mjs).
  const chunks = await Promise.all((await readdir(join(tree, 'dist', 'chunks'))).filter(f => f.endsWith('.js')).map(f => readFile(join(tree, 'dist', 'chunks', f), 'utf8')))
  t.match(chunks.join('\n'), /from ['"]better-sqlite3['"]/, 'the native addon stays outside')
  const cjs = await readFile(join(tree, 'dist', 'index.cjs'), 'utf8')
  t.notMatch(cjs, /require\(['"](typebox|fastify|cookie)['"]\)/, 'the CommonJS entry holds its ES-module-only dependencies')
  t.match(cjs, /require\(['"]better-sqlite3['"]\)/)
  // Node holds a large module's source as one byte a character only when all of it is ASCII (scripts/bundle.mjs).
  for (const [name, text] of [['server.js', entry], ['index.cjs', cjs], ...chunks.map((c, i) => [`chunk ${i}`, c])]) {
    t.notMatch(text, /[^\0-\x7f]/, `${name} is ASCII`)
  }

  const packed = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], { cwd: tree, env: npmEnv() })
  const [info] = JSON.parse(packed.stdout) as Array<{ filename: string, files: Array<{ path: string }> }>
  const files = info?.files.map(f => f.path) ?? []
  for (const needed of ['package.json', 'LICENSE', 'dist/server.js', 'dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/index.d.cts', 'dist/ui/assets/index.html', 'dist/ui/assets/app.js', 'migrations/0001_apps_users_push.sql']) {
    t.ok(files.includes(needed), `the package carries ${needed}`)
  }
  t.notOk(files.some(f => f.startsWith('src/') || f.startsWith('test/')), 'sources and tests stay out')

  // A project that depends on it, installed as a user's would be: the tarball's dependency ranges
  // are resolved against the registry (a lockfile install of this repository fetched tarballs, not
  // the metadata that resolving needs, so an offline install fails on a fresh machine). The native
  // addon isn't built (--ignore-scripts in this throwaway project only) because --help and the
  // import never open a database.
  const consumer = join(dir, 'consumer')
  await mkdir(consumer)
  await writeFile(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }))
  await run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', join(dir, info?.filename ?? '')], { cwd: consumer, env: npmEnv() })
  // --no: the bin the install put in node_modules/.bin, never a download.
  const help = await run('npx', ['--no', '--', 'easemob-push-mock', '--help'], { cwd: consumer, env: npmEnv() })
  t.equal(help.stdout, `${HELP}\n`)

  await writeFile(join(consumer, 'probe.mjs'), "const m = await import('easemob-push-mock'); console.log(typeof m.startMockServer)\n")
  const probe = await run(process.execPath, ['probe.mjs'], { cwd: consumer, env: cleanEnv() })
  t.equal(probe.stdout, 'function\n', 'the package exports startMockServer')
  await writeFile(join(consumer, 'probe.cjs'), "console.log(typeof require('easemob-push-mock').startMockServer)\n")
  const required = await run(process.execPath, ['probe.cjs'], { cwd: consumer, env: cleanEnv() })
  t.equal(required.stdout, 'function\n', 'and to require()')
  t.match(await readFile(join(consumer, 'node_modules', 'easemob-push-mock', 'dist', 'index.d.ts'), 'utf8'), /startMockServer/, 'and its type')
})
