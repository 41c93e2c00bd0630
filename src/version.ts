import { readFileSync } from 'node:fs'
import { join } from 'node:path'

/** The package version, read once from package.json (one folder above both src/ and dist/). */
export const VERSION: string = (JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8')) as { version: string }).version
