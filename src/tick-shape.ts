import { createHook } from 'node:async_hooks'

/*
 * Keeps one `process.nextTick` queue entry alive for the life of the process.
 *
 * Node 20 builds each entry as an object literal with two computed (symbol) keys. V8 remembers
 * the shape ("map") such a literal had, and keeps that memory weakly. Between requests no entry
 * may be alive, so a full garbage collection can drop the shape. The next entry then gets a new
 * shape, and V8, seeing a second one, marks the literal as taking any shape from then on. Every
 * optimized caller of `nextTick` then builds its entries through the runtime, for the rest of the
 * process: a request makes about four entries, and that cost ≈ 2.6 µs a read, 4–5 % of its time
 * (perf, README.md, Performance). It happened whenever a full collection came while the bench
 * ran, as it does with 10,000 users and their settings in memory.
 *
 * With one entry always alive, its shape is never dropped. An async hook is enabled just long
 * enough to see the entry `nextTick` makes, then disabled: no hook runs afterwards.
 */
const kept: object[] = []

const noop = (): void => {}

/** Makes and keeps one `nextTick` entry, once per process. */
export function keepTickShape (): void {
  if (kept.length > 0) return
  const hook = createHook({ init: (_id, _type, _trigger, resource: object) => { kept.push(resource) } })
  hook.enable()
  process.nextTick(noop)
  hook.disable()
}

/** For tests: what is kept. */
export const keptTickEntries = (): readonly object[] => kept
