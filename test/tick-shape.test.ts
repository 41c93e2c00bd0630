import t from 'tap'
import { keepTickShape, keptTickEntries } from '../src/tick-shape.js'
import { build } from './helper.js'

t.test('building an app keeps one nextTick entry, with the shape Node gives every entry', async (t) => {
  await build(t)
  const kept = keptTickEntries()
  t.equal(kept.length, 1)
  const entry = kept[0] as { callback: unknown, args: unknown }
  // Node's entry: two symbol keys (async ids), then the callback and its arguments.
  t.equal(Object.getOwnPropertySymbols(entry).length, 2)
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
