import type { Db } from './database.js'

/*
 * Every vendor request finds its app by name, its token, and most often its user, and those rows
 * change only through a few writes, so the rows found are kept in memory per database (README.md, Performance: the
 * three lookups were ≈ 20 µs of a ≈ 130 µs read). The rules that keep them true:
 *
 * - the database belongs to one process (db/database.ts opens it with an exclusive lock), so no
 *   other writer can change a row behind a cache;
 * - every statement that updates or deletes `apps`, `users` or `tokens` rows, or deletes rows that
 *   cascade into them, calls `invalidateRowCaches` first; inserts need nothing, because only rows
 *   that were found are cached, never a miss;
 * - nothing is cached while a transaction is open, so a rolled-back write can't leave a row that
 *   never was;
 * - cached rows are frozen, and each cache is bounded: when full it keeps what it holds and takes
 *   no more until the next invalidation empties it. (Starting again empty when full made a
 *   database of a million users churn: every row kept lived long enough for the garbage collector
 *   to copy it twice and then was dropped, a cost with no hits to show for it; bench --big.)
 */
export const ROW_CACHE_LIMIT = 20_000

export interface RowCache<V> {
  get: (key: string) => V | undefined
  /** Keeps `row` (frozen) when no transaction is open; returns it either way. */
  keep: (key: string, row: V) => V
}

const registry = new WeakMap<Db, Array<Map<string, unknown>>>()

/** A new cache of rows of `db`, emptied by every `invalidateRowCaches(db)`. */
export function createRowCache<V extends object> (db: Db, limit = ROW_CACHE_LIMIT): RowCache<V> {
  const map = new Map<string, V>()
  let all = registry.get(db)
  if (all === undefined) {
    all = []
    registry.set(db, all)
  }
  all.push(map)
  return {
    get: (key) => map.get(key),
    keep (key, row) {
      if (db.inTransaction || map.size >= limit) return row
      map.set(key, Object.freeze(row))
      return row
    }
  }
}

/** Forgets every cached row of `db`: call before any update or delete of apps, users or tokens. */
export function invalidateRowCaches (db: Db): void {
  for (const map of registry.get(db) ?? []) map.clear()
}
