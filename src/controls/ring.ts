/**
 * A bounded, append-only log for the emulator's observations (the push log): the newest
 * `capacity` items are kept, trimmed in chunks of an eighth of the capacity so appending stays
 * O(1) amortised while memory stays within 1⅛ of the capacity (trimming at twice the capacity
 * held up to 100,000 push records, ≈ 30 MB, for a log of 50,000). Capacity 0 keeps nothing.
 */
export function createRing<T> (capacity: number) {
  let items: T[] = []
  const limit = capacity + Math.max(16, Math.ceil(capacity / 8))
  return {
    get capacity () { return capacity },
    /** How many items are in memory, trimmed or not yet (at most 1⅛ of the capacity, or 16 over). */
    get held () { return items.length },
    push (...added: T[]): void {
      if (capacity === 0) return
      for (const item of added) items.push(item)
      if (items.length >= limit) items = items.slice(-capacity)
    },
    /** The kept items, oldest first. */
    items: (): T[] => items.length > capacity ? items.slice(-capacity) : items.slice(),
    /** Drops every item, or those `drop` picks. */
    clear (drop?: (item: T) => boolean): void {
      items = drop === undefined ? [] : items.filter(item => !drop(item))
    }
  }
}
