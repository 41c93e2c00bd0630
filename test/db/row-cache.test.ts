import t from 'tap'
import { openDatabase } from '../../src/db/database.js'
import { createRowCache, invalidateRowCaches } from '../../src/db/row-cache.js'

t.test('createRowCache: keeps found rows frozen, never inside a transaction, and no more once full', async (t) => {
  const db = openDatabase(':memory:')
  t.teardown(() => db.close())
  const cache = createRowCache<{ n: number }>(db, 3)
  const row = { n: 1 }
  t.equal(cache.keep('a', row), row, 'keep returns the row')
  t.equal(cache.get('a'), row)
  t.ok(Object.isFrozen(row), 'a kept row is frozen, so nobody edits what others will read')

  db.exec('BEGIN')
  t.same(cache.keep('b', { n: 2 }), { n: 2 })
  db.exec('ROLLBACK')
  t.equal(cache.get('b'), undefined, 'nothing is kept while a transaction is open')

  cache.keep('b', { n: 2 })
  cache.keep('c', { n: 3 })
  t.same([cache.get('a'), cache.get('b'), cache.get('c')], [{ n: 1 }, { n: 2 }, { n: 3 }], 'up to the limit')
  const late = { n: 4 }
  t.equal(cache.keep('d', late), late, 'full: the row is returned')
  t.notOk(Object.isFrozen(late), 'and not kept')
  t.same([cache.get('a'), cache.get('b'), cache.get('c'), cache.get('d')], [{ n: 1 }, { n: 2 }, { n: 3 }, undefined], 'full: what it held stays')
  invalidateRowCaches(db)
  cache.keep('d', { n: 4 })
  t.same([cache.get('a'), cache.get('d')], [undefined, { n: 4 }], 'emptied by an invalidation, it takes rows again')
})

t.test('invalidateRowCaches empties every cache of that database and no other', async (t) => {
  const db = openDatabase(':memory:')
  const other = openDatabase(':memory:')
  t.teardown(() => { db.close(); other.close() })
  const one = createRowCache<{ n: number }>(db)
  const two = createRowCache<{ n: number }>(db)
  const elsewhere = createRowCache<{ n: number }>(other)
  one.keep('k', { n: 1 })
  two.keep('k', { n: 2 })
  elsewhere.keep('k', { n: 3 })
  invalidateRowCaches(db)
  t.equal(one.get('k'), undefined)
  t.equal(two.get('k'), undefined)
  t.same(elsewhere.get('k'), { n: 3 }, 'another database keeps its rows')
  invalidateRowCaches(openDatabase(':memory:'))
  t.same(elsewhere.get('k'), { n: 3 }, 'a database without caches is a no-op')
})

t.test('find: the last row found answers a repeat of its lookup; anything that empties the cache forgets it', async (t) => {
  const db = openDatabase(':memory:')
  t.teardown(() => db.close())
  const cache = createRowCache<{ n: number }>(db, 2)
  const rows = new Map([['a/b', { n: 1 }], ['a/c', { n: 2 }], ['x/y', { n: 3 }]])
  const keyed: string[] = []
  const loaded: string[] = []
  const keyOf = (a: string, b: string): string => { keyed.push(`${a}/${b}`); return `${a}/${b}` }
  const load = (a: string, b: string): { n: number } | undefined => { loaded.push(`${a}/${b}`); return rows.get(`${a}/${b}`) }
  const find = (a: string, b: string): { n: number } | undefined => cache.find(a, b, keyOf, load)

  t.same(find('a', 'b'), { n: 1 })
  t.same([keyed, loaded], [['a/b'], ['a/b']], 'a first lookup loads and keeps')
  // A string made afresh, as every request's header is: equal, not the same object.
  t.same(find(['a'].join(''), 'b'), { n: 1 })
  t.same(keyed, ['a/b'], 'a repeat is answered without building a key')
  t.same(find('a', 'c'), { n: 2 })
  t.same(find('a', 'b'), { n: 1 })
  t.same([keyed, loaded], [['a/b', 'a/c', 'a/b'], ['a/b', 'a/c']], 'another lookup in between: the map answers, nothing is loaded')
  t.equal(find('q', 'r'), undefined, 'a miss is undefined')
  t.same(find('a', 'b'), { n: 1 })
  t.equal(keyed.length, 4, 'a miss does not displace the last row found')

  invalidateRowCaches(db)
  rows.set('a/b', { n: 10 })
  t.same(find('a', 'b'), { n: 10 }, 'after an invalidation the row is read again')
  t.same(loaded.slice(-1), ['a/b'])

  db.exec('BEGIN')
  rows.set('x/y', { n: 30 })
  t.same(find('x', 'y'), { n: 30 })
  rows.set('x/y', { n: 31 })
  t.same(find('x', 'y'), { n: 31 }, 'a row read inside a transaction is neither kept nor remembered')
  db.exec('ROLLBACK')
  t.same(find('a', 'b'), { n: 10 }, 'the row remembered before the transaction still answers')

  t.same(find('a', 'c'), { n: 2 })
  rows.set('x/y', { n: 32 })
  t.same(find('x', 'y'), { n: 32 }, 'the cache is full (2 rows)')
  rows.set('x/y', { n: 33 })
  t.same(find('x', 'y'), { n: 33 }, 'so a row it could not keep is not remembered either')
})
