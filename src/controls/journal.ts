import { parseJsonText } from '../http/body-parser.js'

/**
 * The request journal: every vendor-API request with its bodies, newest last, bounded so a long
 * run keeps memory flat (the oldest entries are dropped). Bodies are cut at 64 KiB.
 */
export interface JournalEntry {
  id: number
  time: number
  app: string | null
  method: string
  path: string
  query: Record<string, string>
  status: number
  durationMs: number
  requestBody: unknown
  responseBody: unknown
}

export interface JournalFilter {
  app?: string | undefined
  method?: string | undefined
  path?: string | undefined
  status?: number | undefined
}

export const MAX_BODY_CHARS = 64 * 1024

/** What the hook hands over: the request's URL as received, split and parsed only when listed. */
export interface JournalRecord {
  time: number
  app: string | null
  method: string
  url: string
  status: number
  durationMs: number
  /** The request body as parsed, or null. */
  requestBody: unknown
  /** The JSON text `requestBody` was parsed from, when it came from one: kept in its place. */
  requestText?: string | undefined
  /** The payload as sent; listed as `journalBody` reads it. */
  responseBody: unknown
}

/** Text is written into shared byte slabs of this size (a larger text gets a slab of its own). */
const SLAB_BYTES = 256 * 1024
/** Slots are added in steps up to the capacity, so a large --journal-size costs nothing until used. */
const FIRST_SLOTS = 1024
/** Marks a body that isn't text in the slab but a value in the side column. */
const NOT_TEXT = -1
/**
 * The entries, a column per field, used as a ring. Every text (URL, request JSON, response JSON)
 * lives in byte slabs outside V8's heap and every number in a typed array, so a kept entry adds no
 * object for the garbage collector to copy. An object per entry instead, Node 24.22: RSS 272 MB
 * against 180 MB after the bench's read, write and mixed runs, at the same throughput (bench A/B,
 * docs/performance.md). Texts are kept as UTF-16, so each one's size in bytes is twice its length,
 * known before it is written.
 */
interface Columns {
  id: Float64Array
  time: Float64Array
  durationMs: Float64Array
  status: Int32Array
  /** Where the entry's text starts in its slab: URL, request text, response text. */
  start: Int32Array
  urlBytes: Int32Array
  requestBytes: Int32Array
  responseBytes: Int32Array
  /** The number of the slab that holds the entry's text. */
  slab: Int32Array
  app: Array<string | null>
  method: string[]
  /** Bodies that are not kept as text (a form body, an object payload, none at all). */
  requestBody: unknown[]
  responseBody: unknown[]
}

function columns (size: number): Columns {
  return {
    id: new Float64Array(size),
    time: new Float64Array(size),
    durationMs: new Float64Array(size),
    status: new Int32Array(size),
    start: new Int32Array(size),
    urlBytes: new Int32Array(size),
    requestBytes: new Int32Array(size),
    responseBytes: new Int32Array(size),
    slab: new Int32Array(size),
    app: new Array<string | null>(size).fill(null),
    method: new Array<string>(size).fill(''),
    requestBody: new Array<unknown>(size).fill(null),
    responseBody: new Array<unknown>(size).fill(null)
  }
}

export function createJournal (capacity: number) {
  let cols = columns(Math.min(capacity, FIRST_SLOTS))
  let size = cols.id.length
  let first = 0
  let count = 0
  let nextId = 1
  // The slabs by number, how many entries each holds, and those that hold none (but the one being
  // filled): a slab is used again once its last entry is overwritten, so a full journal allocates
  // nothing. (A new slab every ≈ 290 requests, the old ones left for V8's full collections to
  // free, kept tens of MB of dead slabs in the process: docs/performance.md.)
  let slabs: Buffer[] = []
  let held: number[] = []
  let spare: number[] = []
  let current = -1
  let used = 0
  // Each request names its app in a string of its own: the entry keeps the first of a run of
  // equal ones, so it holds no string that was made for one request.
  let lastApp: string | null = null

  /** Room for `bytes` more in the current slab, moving to a spare or new one if needed. */
  function reserve (bytes: number): void {
    if (current !== -1 && used + bytes <= slabs[current]!.length) return
    const previous = current
    // A text larger than a slab gets a slab of its size, given up when it is spare.
    const length = Math.max(SLAB_BYTES, bytes)
    const reused = spare.pop()
    if (reused === undefined) {
      current = slabs.push(Buffer.allocUnsafeSlow(length)) - 1
    } else {
      current = reused
      if (slabs[current]!.length !== length) slabs[current] = Buffer.allocUnsafeSlow(length)
    }
    held[current] = 0
    used = 0
    if (previous !== -1 && held[previous] === 0) retire(previous)
  }

  function retire (n: number): void {
    if (slabs[n]!.length !== SLAB_BYTES) slabs[n] = Buffer.alloc(0)
    spare.push(n)
  }

  /** The next slot, the oldest one (its slab given back) once the ring is full at its capacity. */
  function claim (): number {
    if (count === size && size < capacity) rebuild(Math.min(capacity, size * 2), () => true)
    if (count < size) return (first + count++) % size
    const slot = first
    first = (first + 1) % size
    const n = cols.slab[slot]!
    if (--held[n]! === 0 && n !== current) retire(n)
    return slot
  }

  /** Room for `slot`'s text of `bytes` bytes: the slab to write it in, at `cols.start[slot]`. */
  function place (slot: number, bytes: number): Buffer {
    reserve(bytes)
    cols.start[slot] = used
    cols.slab[slot] = current
    held[current]!++
    used += bytes
    return slabs[current]!
  }

  /** Copies an entry from another set of columns and slabs (growing, clearing), packing its text anew. */
  function copy (from: Columns, fromSlabs: Buffer[], at: number, to: number): void {
    const text = from.urlBytes[at]! + Math.max(0, from.requestBytes[at]!) + Math.max(0, from.responseBytes[at]!)
    const start = from.start[at]!
    fromSlabs[from.slab[at]!]!.copy(place(to, text), cols.start[to], start, start + text)
    cols.id[to] = from.id[at]!
    cols.time[to] = from.time[at]!
    cols.durationMs[to] = from.durationMs[at]!
    cols.status[to] = from.status[at]!
    cols.urlBytes[to] = from.urlBytes[at]!
    cols.requestBytes[to] = from.requestBytes[at]!
    cols.responseBytes[to] = from.responseBytes[at]!
    cols.app[to] = from.app[at]!
    cols.method[to] = from.method[at]!
    cols.requestBody[to] = from.requestBody[at]
    cols.responseBody[to] = from.responseBody[at]
  }

  /** Rebuilds the ring oldest first in `newSize` slots, keeping the entries `keep` picks. */
  function rebuild (newSize: number, keep: (app: string | null) => boolean): void {
    const old = cols
    const oldFirst = first
    const oldCount = count
    const oldSlabs = slabs
    cols = columns(newSize)
    size = newSize
    first = 0
    count = 0
    slabs = []
    held = []
    spare = []
    current = -1
    for (let i = 0; i < oldCount; i++) {
      const at = (oldFirst + i) % old.id.length
      if (keep(old.app[at]!)) copy(old, oldSlabs, at, count++)
    }
  }

  /** The text of a body kept in `slot` ('' when none), or, with no text, the value itself in the side column. */
  function keepBody (slot: number, text: string | undefined, value: unknown, bytes: Int32Array, values: unknown[]): string {
    if (text === undefined) {
      bytes[slot] = NOT_TEXT
      values[slot] = value
      return ''
    }
    bytes[slot] = 2 * text.length
    values[slot] = null
    return text
  }

  function entry (slot: number): JournalEntry {
    const buf = slabs[cols.slab[slot]!]!
    let at = cols.start[slot]!
    const url = buf.toString('utf16le', at, at += cols.urlBytes[slot]!)
    const [path, query = ''] = url.split('?', 2) as [string, string?]
    let requestBody = cols.requestBody[slot]
    const requestBytes = cols.requestBytes[slot]!
    if (requestBytes !== NOT_TEXT) requestBody = parseJsonText(buf.toString('utf16le', at, at += requestBytes))
    let responseBody = cols.responseBody[slot]
    const responseBytes = cols.responseBytes[slot]!
    if (responseBytes !== NOT_TEXT) responseBody = buf.toString('utf16le', at, at + responseBytes)
    return {
      id: cols.id[slot]!,
      time: cols.time[slot]!,
      app: cols.app[slot]!,
      method: cols.method[slot]!,
      path,
      query: Object.fromEntries(new URLSearchParams(query)),
      status: cols.status[slot]!,
      durationMs: cols.durationMs[slot]!,
      requestBody,
      responseBody: journalBody(responseBody)
    }
  }

  return {
    get capacity () { return capacity },
    /** The bytes its slabs take, in use or spare: bounded by the entries kept, not the entries seen. */
    get slabBytes () { return slabs.reduce((sum, slab) => sum + slab.length, 0) },
    record (e: JournalRecord): void {
      if (capacity === 0) return
      const slot = claim()
      const requestText = e.requestText !== undefined && e.requestText.length <= MAX_BODY_CHARS ? e.requestText : undefined
      let responseText = typeof e.responseBody === 'string' ? e.responseBody : undefined
      // A long body is cut now, so memory stays bounded (cutting again when listed changes nothing).
      if (responseText !== undefined && responseText.length > MAX_BODY_CHARS) responseText = journalBody(responseText) as string
      cols.id[slot] = nextId++
      cols.time[slot] = e.time
      cols.durationMs[slot] = e.durationMs
      cols.status[slot] = e.status
      if (e.app !== lastApp) lastApp = e.app
      cols.app[slot] = lastApp
      cols.method[slot] = e.method
      cols.urlBytes[slot] = 2 * e.url.length
      // The texts go into the slab now, so no string of this request outlives it in V8's heap.
      const text = e.url + keepBody(slot, requestText, e.requestBody, cols.requestBytes, cols.requestBody) +
        keepBody(slot, responseText, e.responseBody, cols.responseBytes, cols.responseBody)
      place(slot, 2 * text.length).write(text, cols.start[slot]!, 'utf16le')
    },
    list (filter: JournalFilter = {}): JournalEntry[] {
      const method = filter.method?.toUpperCase()
      const listed: JournalEntry[] = []
      for (let i = 0; i < count; i++) {
        const slot = (first + i) % size
        if ((filter.app !== undefined && cols.app[slot] !== filter.app) ||
          (method !== undefined && cols.method[slot] !== method) ||
          (filter.status !== undefined && cols.status[slot] !== filter.status)) continue
        const e = entry(slot)
        if (filter.path === undefined || e.path === filter.path || (filter.path.endsWith('*') && e.path.startsWith(filter.path.slice(0, -1)))) listed.push(e)
      }
      return listed
    },
    clear (app?: string): void {
      rebuild(size, app === undefined ? () => false : kept => kept !== app)
    }
  }
}

export type Journal = ReturnType<typeof createJournal>

/** A body as the journal keeps it: JSON when it parses, else the text, cut to a bounded size. */
export function journalBody (payload: unknown): unknown {
  if (payload === undefined || payload === null || payload === '') return null
  if (typeof payload !== 'string') return payload
  if (payload.length > MAX_BODY_CHARS) return `${payload.slice(0, MAX_BODY_CHARS)}…[truncated]`
  try {
    return JSON.parse(payload)
  } catch {
    return payload
  }
}
