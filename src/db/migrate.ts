import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Db } from './database.js'
import { PACKAGE_ROOT } from '../package-root.js'

/** Where the numbered `.sql` files live: the package's migrations/ folder. */
export const MIGRATIONS_DIR = join(PACKAGE_ROOT, 'migrations')

export class MigrationError extends Error {
  constructor (message: string) {
    super(message)
    this.name = 'MigrationError'
  }
}

interface Migration { version: number, name: string, sql: string }

/** Reads `NNNN_name.sql` files in order; numbers must run 1, 2, 3… with no gap. */
export function readMigrations (dir: string = MIGRATIONS_DIR): Migration[] {
  const files = readdirSync(dir).filter(f => f.endsWith('.sql')).sort()
  if (files.length === 0) throw new MigrationError(`no migrations in ${dir}`)
  return files.map((name, index) => {
    const version = Number(/^(\d+)_/.exec(name)?.[1])
    if (version !== index + 1) throw new MigrationError(`migration ${name} is out of sequence: expected number ${index + 1}`)
    return { version, name, sql: readFileSync(join(dir, name), 'utf8') }
  })
}

/**
 * Applies every migration newer than `PRAGMA user_version`, each in its own transaction.
 * A database written by a newer emulator is refused rather than guessed at.
 */
export function migrate (db: Db, dir: string = MIGRATIONS_DIR): number {
  const migrations = readMigrations(dir)
  const latest = migrations.length
  const current = db.pragma('user_version', { simple: true }) as number
  if (current > latest) {
    throw new MigrationError(`database schema version ${current} is newer than this emulator supports (${latest}); upgrade easemob-push-mock`)
  }
  for (const m of migrations.slice(current)) {
    db.transaction(() => {
      db.exec(m.sql)
      db.pragma(`user_version = ${m.version}`)
    }).immediate()
  }
  return latest
}
