// `npm start`'s first step (the prestart script): runs `npm run build` when dist/ is missing or
// older than what it is built from, so a fresh clone's `npm install && npm start` serves the
// emulator. The package no longer builds on install (no `prepare`: npm 11 asks every installer of
// the tarball to approve such a script, though it never runs there).
//   node scripts/build-if-stale.mjs [ROOT]   (ROOT defaults to the package folder)
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

const root = process.argv[2] ?? join(import.meta.dirname, '..')
const built = join(root, 'dist', 'server.js')
const SOURCES = ['src', 'ui', 'scripts', 'migrations', 'package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json']

/** The newest modification time under `path` (a file or a folder), 0 when it isn't there. */
function newest (path) {
  if (!existsSync(path)) return 0
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  return readdirSync(path).reduce((max, name) => Math.max(max, newest(join(path, name))), stat.mtimeMs)
}

const builtAt = existsSync(built) ? statSync(built).mtimeMs : 0
const sourcesAt = Math.max(...SOURCES.map(s => newest(join(root, s))))
if (builtAt >= sourcesAt) process.exit(0)

process.stderr.write(`${builtAt === 0 ? 'no build yet' : 'the build is older than its sources'}: npm run build\n`)
const r = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' })
process.exit(r.status ?? 1)
