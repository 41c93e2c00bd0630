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
