/**
 * A bounded, append-only log for the emulator's observations (journal, pushes): the newest
 * `capacity` items are kept, trimmed in chunks so appending stays O(1) amortised. Capacity 0 keeps nothing.
 */
export function createRing<T> (capacity: number) {
  let items: T[] = []
  return {
    get capacity () { return capacity },
    push (...added: T[]): void {
      if (capacity === 0) return
      for (const item of added) items.push(item)
      if (items.length >= capacity * 2) items = items.slice(-capacity)
    },
    /** The kept items, oldest first. */
    items: (): T[] => items.length > capacity ? items.slice(-capacity) : items.slice(),
    /** Drops every item, or those `drop` picks. */
    clear (drop?: (item: T) => boolean): void {
      items = drop === undefined ? [] : items.filter(item => !drop(item))
    }
  }
}
