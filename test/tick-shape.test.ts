import { createHook } from 'node:async_hooks'
import t from 'tap'
import { keepTickEntry } from '../src/tick-shape.js'
import { build } from './helper.js'

t.test('the kept entry is a nextTick entry, with the shape Node gives every entry', async (t) => {
  const entry = keepTickEntry() as { callback: unknown, args: unknown }
  // Node's entry: symbol keys (async ids: two on Node 20, three on 22 and 24), then the callback
  // and its arguments; the kept one has the keys of an entry Node makes now.
  const fresh: object[] = []
  const hook = createHook({ init: (_id, _type, _trigger, resource: object) => { fresh.push(resource) } })
  hook.enable()
  process.nextTick(() => {})
  hook.disable()
  t.equal(fresh.length, 1)
  t.strictSame(Object.getOwnPropertySymbols(entry).map(String), Object.getOwnPropertySymbols(fresh[0]).map(String))
  t.ok(Object.getOwnPropertySymbols(entry).length >= 2)
  t.strictSame(Object.keys(entry), ['callback', 'args'])
  t.type(entry.callback, 'function')
  t.equal(entry.args, undefined)
})

t.test('each keeper keeps its own entry; an app built and closed answers as before', async (t) => {
  const one = keepTickEntry()
  const two = keepTickEntry()
  t.not(one, two, 'two apps share no entry')
  const { app } = await build(t)
  t.equal((await app.inject({ method: 'GET', url: '/_mock/health' })).statusCode, 200)
})
