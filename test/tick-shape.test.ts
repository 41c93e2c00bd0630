import { createHook } from 'node:async_hooks'
import t from 'tap'
import { keepTickShape, keptTickEntries } from '../src/tick-shape.js'
import { build } from './helper.js'

t.test('building an app keeps one nextTick entry, with the shape Node gives every entry', async (t) => {
  await build(t)
  const kept = keptTickEntries()
  t.equal(kept.length, 1)
  const entry = kept[0] as { callback: unknown, args: unknown }
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
  // Once per process: a second call keeps nothing more.
  keepTickShape()
  t.equal(keptTickEntries().length, 1)
})

t.test('the hook is off again: later nextTick entries are not kept', async (t) => {
  await build(t)
  const before = keptTickEntries().length
  await new Promise<void>((resolve) => process.nextTick(resolve))
  t.equal(keptTickEntries().length, before)
})
