import type { Db } from './database.js'

/*
 * Every vendor request finds its app by name, its token, and most often its user, and those rows
 * change only through a few writes, so the rows found are kept in memory, per database handle.
 * Measured on Node 24.22 (bench A/B, docs/performance.md): without them a read cost 16 % and a
 * write 11 % more CPU time, and read throughput fell to 0.82. The rules that keep them true:
 *
 * - the database belongs to one process (db/database.ts opens it with an exclusive lock), so no
 *   other writer can change a row behind a cache;
 * - every statement that updates or deletes `apps`, `users` or `tokens` rows, or deletes rows that
 *   cascade into them, calls `invalidateRowCaches` first; inserts need nothing, because only rows
 *   that were found are cached, never a miss;
 * - nothing is cached while a transaction is open, so a rolled-back write can't leave a row that
 *   never was;
 * - a cached row is a frozen plain copy of the row found, and each cache is bounded: when full it
 *   keeps what it holds and takes no more until the next invalidation empties it. (Starting again
 *   empty when full made a database of a million users churn: every row kept lived long enough
 *   for the garbage collector to copy it twice and then was dropped, a cost with no hits to show
 *   for it; bench --big.)
 * - `find` also remembers the last row it returned, which is always one the cache holds, and an
 *   invalidation forgets it with the rest.
 */
export const ROW_CACHE_LIMIT = 20_000

export interface RowCache<V> {
  get: (key: string) => V | undefined
  /** Keeps a frozen copy of `row` when no transaction is open; returns the copy kept, else `row`. */
  keep: (key: string, row: V) => V
  /**
   * The row for the lookup `(a, b)`: the one found last if `a` and `b` equal what it was found
   * with, else the row cached under `keyOf(a, b)`, else `load(a, b)` (kept). A client sends the
   * same token and app on every request, and comparing the fresh strings it sends costs less than
   * building a key and hashing it. Without it and the bearer fast path (http/auth.ts), Node 24.22:
   * read 0.98 and 0.94, mixed 0.94 and 0.94 of the req/s, 3–8 % more CPU (bench A/B,
   * docs/performance.md). The last row is only ever one the cache holds, so an invalidation
   * forgets it too.
   */
  find: (a: string, b: string, keyOf: (a: string, b: string) => string, load: (a: string, b: string) => V | undefined) => V | undefined
}

/** A new cache of rows of `db`, emptied by every `invalidateRowCaches(db)`. */
export function createRowCache<V extends object> (db: Db, limit = ROW_CACHE_LIMIT): RowCache<V> {
  const map = new Map<string, V>()
  let last: V | undefined
  let lastA = ''
  let lastB = ''
  db.rowCaches.push({
    clear () {
      map.clear()
      last = undefined
    }
  })
  /**
   * The copy kept of `row`, or undefined: nothing is kept while a transaction is open, nor once the
   * cache is full. better-sqlite3 12 on Node 22 and later makes each row in V8's dictionary mode
   * (`v8::Object::New` with names and values), where a property read is a hash lookup, and a
   * frozen one is slower still. Node 24.22: three reads of a frozen row took 313 ns, of a plain
   * copy 5 ns; a mixed request 6–10 % less CPU time (docs/performance.md). `Object.assign` rather
   * than a spread: on Node 20.20 a frozen spread copy read at 289 ns.
   */
  const hold = (key: string, row: V): V | undefined => {
    if (db.inTransaction || map.size >= limit) return undefined
    const kept = Object.freeze(Object.assign({}, row))
    map.set(key, kept)
    return kept
  }
  return {
    get: (key) => map.get(key),
    keep: (key, row) => hold(key, row) ?? row,
    find (a, b, keyOf, load) {
      if (last !== undefined && a === lastA && b === lastB) return last
      const key = keyOf(a, b)
      let row = map.get(key)
      if (row === undefined) {
        const loaded = load(a, b)
        if (loaded === undefined) return undefined
        row = hold(key, loaded)
        if (row === undefined) return loaded
      }
      last = row
      lastA = a
      lastB = b
      return row
    }
  }
}

/** Forgets every cached row of `db`: call before any update or delete of apps, users or tokens. */
export function invalidateRowCaches (db: Db): void {
  for (const cache of db.rowCaches) cache.clear()
}
