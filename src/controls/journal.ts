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

/** What the hook hands over: the request's URL as received, split and parsed only when listed. */
export type JournalRecord = Omit<JournalEntry, 'id' | 'path' | 'query'> & { url: string }

/**
 * An entry as the ring holds it: the URL unsplit and a response body that is JSON text up to the
 * cut kept as the text; both are worked out the first time the entry is listed, once (most entries
 * are dropped unread, and doing it on every request was a cost, README.md, Performance).
 */
type Kept = JournalRecord & { id: number, listed?: JournalEntry }

function materialise (e: Kept): JournalEntry {
  if (e.listed === undefined) {
    const [path, query = ''] = e.url.split('?', 2) as [string, string?]
    e.listed = {
      id: e.id,
      time: e.time,
      app: e.app,
      method: e.method,
      path,
      query: Object.fromEntries(new URLSearchParams(query)),
      status: e.status,
      durationMs: e.durationMs,
      requestBody: e.requestBody,
      responseBody: journalBody(e.responseBody)
    }
    // The listed entry holds the body from now on; keeping the text too would double its memory.
    e.responseBody = null
  }
  return e.listed
}

export function createJournal (capacity: number) {
  const ring = createRing<Kept>(capacity)
  let nextId = 1
  return {
    get capacity () { return capacity },
    /** `responseBody` is the payload as sent; it is listed as `journalBody` reads it. */
    record (entry: JournalRecord): void {
      if (capacity === 0) return
      const body = entry.responseBody
      // A long body is cut now, so the ring's memory stays bounded (cutting is idempotent).
      const responseBody = typeof body === 'string' && body.length > MAX_BODY_CHARS ? journalBody(body) : body
      ring.push({ ...entry, responseBody, id: nextId++ })
    },
    list (filter: JournalFilter = {}): JournalEntry[] {
      const method = filter.method?.toUpperCase()
      return ring.items().map(materialise).filter(e =>
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
