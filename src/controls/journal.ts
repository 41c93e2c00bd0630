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

/** Slots are added in steps up to the capacity, so a large --journal-size costs nothing until used. */
const FIRST_SLOTS = 1024

/**
 * The entries, a column per field, used as a ring: every number in a typed array, and every text
 * (URL, request JSON, response JSON) as the string the request came with or the answer left as,
 * neither copied nor parsed until listed. An entry was once an object holding the parsed bodies,
 * and every young-generation collection traced and copied the newest few hundred of them: ≈ 3 ms
 * instead of ≈ 0.5 ms, ≈ 4 µs a request. A string has nothing inside to trace, so keeping it costs
 * a collection little more than a copy: ≈ 130 instructions a request, where encoding each text into
 * byte slabs outside the heap (the way before this) cost ≈ 2,500 (README.md, Performance).
 */
interface Columns {
  id: Float64Array
  time: Float64Array
  durationMs: Float64Array
  status: Int32Array
  url: string[]
  app: Array<string | null>
  method: string[]
  /** The request body's JSON text, or undefined when `requestBody` holds the body itself. */
  requestText: Array<string | undefined>
  requestBody: unknown[]
  responseBody: unknown[]
}

function columns (size: number): Columns {
  return {
    id: new Float64Array(size),
    time: new Float64Array(size),
    durationMs: new Float64Array(size),
    status: new Int32Array(size),
    url: new Array<string>(size).fill(''),
    app: new Array<string | null>(size).fill(null),
    method: new Array<string>(size).fill(''),
    requestText: new Array<string | undefined>(size).fill(undefined),
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

  /** The next slot, the oldest one once the ring is full at its capacity. */
  function claim (): number {
    if (count === size && size < capacity) rebuild(Math.min(capacity, size * 2), () => true)
    if (count < size) return (first + count++) % size
    const slot = first
    first = (first + 1) % size
    return slot
  }

  /** Copies an entry from another set of columns (growing, clearing). */
  function copy (from: Columns, at: number, to: number): void {
    cols.id[to] = from.id[at]!
    cols.time[to] = from.time[at]!
    cols.durationMs[to] = from.durationMs[at]!
    cols.status[to] = from.status[at]!
    cols.url[to] = from.url[at]!
    cols.app[to] = from.app[at]!
    cols.method[to] = from.method[at]!
    cols.requestText[to] = from.requestText[at]
    cols.requestBody[to] = from.requestBody[at]
    cols.responseBody[to] = from.responseBody[at]
  }

  /** Rebuilds the ring oldest first in `newSize` slots, keeping the entries `keep` picks. */
  function rebuild (newSize: number, keep: (app: string | null) => boolean): void {
    const old = cols
    const oldFirst = first
    const oldCount = count
    cols = columns(newSize)
    size = newSize
    first = 0
    count = 0
    for (let i = 0; i < oldCount; i++) {
      const at = (oldFirst + i) % old.id.length
      if (keep(old.app[at]!)) copy(old, at, count++)
    }
  }

  function entry (slot: number): JournalEntry {
    const [path, query = ''] = cols.url[slot]!.split('?', 2) as [string, string?]
    const requestText = cols.requestText[slot]
    return {
      id: cols.id[slot]!,
      time: cols.time[slot]!,
      app: cols.app[slot]!,
      method: cols.method[slot]!,
      path,
      query: Object.fromEntries(new URLSearchParams(query)),
      status: cols.status[slot]!,
      durationMs: cols.durationMs[slot]!,
      requestBody: requestText === undefined ? cols.requestBody[slot] : parseJsonText(requestText),
      responseBody: journalBody(cols.responseBody[slot])
    }
  }

  return {
    get capacity () { return capacity },
    record (e: JournalRecord): void {
      if (capacity === 0) return
      const slot = claim()
      const requestText = e.requestText !== undefined && e.requestText.length <= MAX_BODY_CHARS ? e.requestText : undefined
      let responseBody = e.responseBody
      // A long body is cut now, so memory stays bounded (cutting again when listed changes nothing).
      if (typeof responseBody === 'string' && responseBody.length > MAX_BODY_CHARS) responseBody = journalBody(responseBody)
      cols.id[slot] = nextId++
      cols.time[slot] = e.time
      cols.durationMs[slot] = e.durationMs
      cols.status[slot] = e.status
      cols.url[slot] = e.url
      cols.app[slot] = e.app
      cols.method[slot] = e.method
      cols.requestText[slot] = requestText
      cols.requestBody[slot] = requestText === undefined ? e.requestBody : null
      cols.responseBody[slot] = responseBody
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
