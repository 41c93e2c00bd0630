import { createRing } from './ring.js'

/**
 * The request journal: every vendor-API request with its bodies, newest last, in a bounded ring
 * so a long run keeps memory flat (the oldest entries are dropped). Bodies are cut at 64 KiB.
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

/**
 * An entry as the ring holds it: a response body that is JSON text up to the cut is kept as the
 * text and parsed only when the entry is first listed (most entries are dropped unread, and the
 * parse was a cost on every request, bench/README.md).
 */
type Kept = JournalEntry & { responseText?: string }

export function createJournal (capacity: number) {
  const ring = createRing<Kept>(capacity)
  let nextId = 1
  const parsed = (e: Kept): JournalEntry => {
    if (e.responseText !== undefined) {
      e.responseBody = journalBody(e.responseText)
      delete e.responseText
    }
    return e
  }
  return {
    get capacity () { return capacity },
    /** `responseBody` is the payload as sent; it is kept as `journalBody` would read it. */
    record (entry: Omit<JournalEntry, 'id'>): void {
      if (capacity === 0) return
      const payload = entry.responseBody
      if (typeof payload === 'string' && payload !== '' && payload.length <= MAX_BODY_CHARS) {
        ring.push({ id: nextId++, ...entry, responseBody: null, responseText: payload })
      } else {
        ring.push({ id: nextId++, ...entry, responseBody: journalBody(payload) })
      }
    },
    list (filter: JournalFilter = {}): JournalEntry[] {
      const method = filter.method?.toUpperCase()
      return ring.items().map(parsed).filter(e =>
        (filter.app === undefined || e.app === filter.app) &&
        (method === undefined || e.method === method) &&
        (filter.path === undefined || e.path === filter.path || (filter.path.endsWith('*') && e.path.startsWith(filter.path.slice(0, -1)))) &&
        (filter.status === undefined || e.status === filter.status))
    },
    clear (app?: string): void {
      ring.clear(app === undefined ? undefined : e => e.app === app)
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
