import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'

/**
 * The open database (our own name for it, so declaration files can refer to it), with the row
 * caches of its repositories (row-cache.ts): they belong to this handle, as does the data they
 * hold, so two emulators in one process share none.
 */
export interface Db extends Database.Database {
  readonly rowCaches: Array<{ clear: () => void }>
}

/** `db.transaction(fn)` typed as a plain function: callers see `(...args) => result`. */
export function transaction<A extends unknown[], R> (db: Db, fn: (...args: A) => R): (...args: A) => R {
  return db.transaction(fn) as unknown as (...args: A) => R
}

/**
 * The row an `INSERT`/`UPDATE … RETURNING` gives, with the statement run to its end. `.get()`
 * stops after one row, and a statement still open while its own commit runs the WAL
 * auto-checkpoint keeps that checkpoint from finishing: a run of such writes grew the WAL by a
 * page each, without bound (200 MB after 50,000 upserts of one setting row).
 */
export function returned<P extends unknown[], R> (statement: Database.Statement<P, R>, ...params: P): R {
  return statement.all(...params)[0] as R
}

/** Thrown when the file can't be opened; the entry point prints its one-line message. */
export class DatabaseOpenError extends Error {
  constructor (message: string) {
    super(message)
    this.name = 'DatabaseOpenError'
  }
}

/**
 * SQLite quietly opens a file it may not write read-only, and a write lock held elsewhere shows
 * only at the first write: try one (undone) now, so either fails here with the file's name.
 */
function probeWrite (db: Db): void {
  const version = db.pragma('user_version', { simple: true }) as number
  db.exec('BEGIN IMMEDIATE')
  try {
    db.pragma(`user_version = ${version}`)
  } finally {
    db.exec('ROLLBACK')
  }
}

/** SQLite's page cache per database, in KiB. */
export const PAGE_CACHE_KIB = 32 * 1024

/** Opens (creating the folder if needed) a SQLite file in WAL mode, or `:memory:`. */
export function openDatabase (file: string): Db {
  let db: Db | undefined
  try {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true })
    db = Object.assign(new Database(file, { timeout: 5000 }), { rowCaches: [] })
    // First, while locks are still shared, so a file it may not write or a lock held elsewhere is
    // reported as such.
    probeWrite(db)
    // Then the file belongs to this process while it runs: the row caches (row-cache.ts) are only
    // true if nobody else writes, and with the lock held every statement is ≈ 3 µs cheaper (no
    // lock calls). Another process gets "database is locked" until this one closes the file.
    db.pragma('locking_mode = EXCLUSIVE')
    db.pragma('journal_mode = WAL')
    // WAL with synchronous=NORMAL keeps every committed write through a process crash (kill -9);
    // only a power cut can lose the last commits, an acceptable trade for a test emulator.
    db.pragma('synchronous = NORMAL')
    db.pragma('foreign_keys = ON')
    // SQLite's page cache, 2 MiB by default, is filled only by pages actually read: a small
    // database never reaches more, while one of a million users keeps its index pages in memory
    // instead of re-reading them for every lookup (bench --big).
    db.pragma(`cache_size = -${PAGE_CACHE_KIB}`)
    // Takes the exclusive lock now rather than at the first request.
    probeWrite(db)
  } catch (err) {
    db?.close()
    throw new DatabaseOpenError(`cannot open database ${file}: ${(err as Error).message}`)
  }
  return db
}
