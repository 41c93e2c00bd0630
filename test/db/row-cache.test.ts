import t from 'tap'
import { setFlagsFromString } from 'node:v8'
import { openDatabase } from '../../src/db/database.js'
import { createRowCache, invalidateRowCaches } from '../../src/db/row-cache.js'

t.test('createRowCache: keeps found rows frozen, never inside a transaction, and no more once full', async (t) => {
  const db = openDatabase(':memory:')
  t.teardown(() => db.close())
  const cache = createRowCache<{ n: number }>(db, 3)
  const row = { n: 1 }
  const kept = cache.keep('a', row)
  t.same(kept, row, 'keep returns a copy of the row')
  t.not(kept, row)
  t.equal(cache.get('a'), kept, 'and that copy is what the cache answers')
  t.ok(Object.isFrozen(kept), 'a kept row is frozen, so nobody edits what others will read')
  t.notOk(Object.isFrozen(row), "the caller's row is left as it was")

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

t.test('a kept row has fast properties, even when better-sqlite3 made it in dictionary mode', async (t) => {
  // Natives syntax is checked when a function is compiled, so it can be switched on here.
  setFlagsFromString('--allow-natives-syntax')
  // eslint-disable-next-line no-new-func -- natives syntax only compiles from source text
  const hasFastProperties = new Function('o', 'return %HasFastProperties(o)') as (o: object) => boolean
  const db = openDatabase(':memory:')
  t.teardown(() => db.close())
  const row = db.prepare<[], { id: number, name: string }>("SELECT 1 AS id, 'a' AS name").get()!
  // better-sqlite3 12 builds rows with v8::Object::New(names, values) on Node 22 and later. If a
  // new version makes fast rows, this fails: measure again whether the cache still needs its copy.
  t.equal(hasFastProperties(row), Number(process.versions.node.split('.')[0]) < 22, "the driver's row, for this Node")
  const cache = createRowCache<{ id: number, name: string }>(db)
  const kept = cache.keep('k', row)
  t.ok(hasFastProperties(kept), 'kept by keep')
  const found = cache.find('x', '', a => a, () => db.prepare<[], { id: number, name: string }>("SELECT 2 AS id, 'b' AS name").get())!
  t.same(found, { id: 2, name: 'b' })
  t.ok(hasFastProperties(found), 'kept by find')
})
