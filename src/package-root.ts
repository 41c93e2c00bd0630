import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'

/**
 * The nearest folder at or above `from` that holds a package.json (the filesystem root if none
 * does). The package's folder holds package.json and migrations/, and this finds it from src/,
 * from dist/ and from the bundled dist/server.js (scripts/bundle.mjs) alike.
 */
export function findPackageRoot (from: string): string {
  let dir = from
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir)
  return dir
}

export const PACKAGE_ROOT = findPackageRoot(import.meta.dirname)
