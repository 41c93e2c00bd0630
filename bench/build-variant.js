// Builds one revision of the emulator into a folder of its own, for an A/B run of the bench:
//   node bench/build-variant.js REV DIR     (REV: a commit, branch or tag; "." for the working tree)
//   npm run bench -- --emulator DIR_A/dist --against DIR_B/dist
// DIR gets the revision's src/, package.json, migrations/ and build files, a link to this
// package's node_modules, and dist/ built the way `npm run build` builds it (tsc, then the bundle).
import { execFileSync } from 'node:child_process'
import { cpSync, mkdirSync, rmSync, symlinkSync } from 'node:fs'
import { join, resolve } from 'node:path'

const ROOT = join(import.meta.dirname, '..')
const [rev, dirArg] = process.argv.slice(2)
if (rev === undefined || dirArg === undefined) {
  process.stderr.write('usage: node bench/build-variant.js REV DIR\n')
  process.exit(2)
}
const dir = resolve(dirArg)
const PARTS = ['src', 'migrations', 'scripts', 'package.json', 'tsconfig.json', 'tsconfig.build.json']

rmSync(dir, { recursive: true, force: true })
mkdirSync(dir, { recursive: true })
if (rev === '.') {
  for (const part of PARTS) cpSync(join(ROOT, part), join(dir, part), { recursive: true })
} else {
  const tar = execFileSync('git', ['archive', '--format=tar', rev, ...PARTS], { cwd: ROOT, maxBuffer: 1 << 28 })
  execFileSync('tar', ['-x', '-C', dir], { input: tar })
}
symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'))
execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(dir, 'tsconfig.build.json')], { cwd: dir, stdio: 'inherit' })
execFileSync(process.execPath, [join(dir, 'scripts', 'bundle.mjs')], { cwd: dir, stdio: 'inherit' })
const head = rev === '.' ? 'working tree' : execFileSync('git', ['rev-parse', '--short', rev], { cwd: ROOT, encoding: 'utf8' }).trim()
process.stdout.write(`${join(dir, 'dist')}: ${head}\n`)
