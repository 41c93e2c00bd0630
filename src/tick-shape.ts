import { createHook } from 'node:async_hooks'

/*
 * Keeps one `process.nextTick` queue entry alive while an app lives.
 *
 * Node builds each entry as an object literal with computed (symbol) keys: two on Node 20, three
 * on Node 22 and 24. V8 remembers the shape ("map") such a literal had, and keeps that memory
 * weakly. Between requests no entry may be alive, so a full garbage collection can drop the
 * shape. The next entry then gets a new shape, and V8, seeing a second one, marks the literal as
 * taking any shape from then on: every optimized caller of `nextTick` builds its entries through
 * the runtime for the rest of the process, about four entries a request. The emulator, with its
 * users, settings and journal in memory, meets full collections under load; the bench's reference
 * server met them in some runs and not others, and keeps an entry the same way.
 *
 * Measured A/B with the bench (docs/performance.md): on Node 20.20 the keeper gave 22 % more read,
 * 4 % more write and 11 % more mixed throughput; on Node 24.22, +2 %, −2 % and +7 % (within noise).
 *
 * An async hook is enabled just long enough to see the entry `nextTick` makes, then disabled: no
 * hook runs afterwards. The entry is the caller's to keep (app.ts keeps it until the app closes).
 */
export function keepTickEntry (): object {
  let entry: object | undefined
  const hook = createHook({ init: (_id, _type, _trigger, resource: object) => { entry ??= resource } })
  hook.enable()
  process.nextTick(() => {})
  hook.disable()
  return entry!
}
