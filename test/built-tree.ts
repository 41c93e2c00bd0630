import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { Test } from 'tap'

/** Helpers for the tests that run the built package (test/cli.test.ts, test/docker.test.ts). */

export const ROOT = join(import.meta.dirname, '..')

export const run = promisify(execFile)

/**
 * The environment a built program sees: PATH and HOME only, plus `extra`. Tap's loader and coverage
 * variables stay out, so the child runs the way it would outside the test suite.
 */
export function cleanEnv (extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? tmpdir(), ...extra }
}

/**
 * The environment for an `npm` or `npx` child: cleanEnv plus the npm cache, registry and config
 * files the suite itself runs with (`npm test` exports them), so a test installs from where the
 * user's npm does (through its proxy and CA file, when the config names them) and, in CI, into the
 * run's own empty cache. Nothing else of npm's: a consumer project's install must not inherit the
 * suite's prefix or scripts settings.
 */
export function npmEnv (extra: Record<string, string> = {}): Record<string, string> {
  const env = cleanEnv(extra)
  for (const key of ['npm_config_cache', 'npm_config_registry', 'npm_config_globalconfig', 'npm_config_userconfig']) {
    const value = process.env[key]
    if (value !== undefined) env[key] = value
  }
  return env
}

/** A fresh folder outside the repository (so coverage never sees built files), removed at the end. */
export async function tempDir (t: Test, prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `easemob-push-mock-${prefix}-`))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  return dir
}

/** Runs the package's own build (`tsc -p tsconfig.build.json`, scripts/bundle.mjs, scripts/build-ui.mjs) with its output in `outDir`. */
export async function buildInto (outDir: string): Promise<void> {
  await run(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', outDir],
    { cwd: ROOT, env: cleanEnv() })
  // Through `env -i`: tap hooks the node processes a test spawns for coverage, and the build
  // script is not the package's code.
  const vars = Object.entries(cleanEnv()).map(([k, v]) => `${k}=${v}`)
  await run('env', ['-i', ...vars, process.execPath, join(ROOT, 'scripts', 'bundle.mjs'), outDir], { cwd: ROOT })
  await buildUi(join(outDir, 'ui', 'assets'))
}

/** Builds the web UI (scripts/build-ui.mjs) into `outDir`, outside tap's coverage like the build above. */
export async function buildUi (outDir: string): Promise<void> {
  const vars = Object.entries(cleanEnv()).map(([k, v]) => `${k}=${v}`)
  await run('env', ['-i', ...vars, process.execPath, join(ROOT, 'scripts', 'build-ui.mjs'), outDir], { cwd: ROOT })
}
