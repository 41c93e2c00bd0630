import { toInteger } from './coerce.js'

/*
 * The two reads the vendor's client SDKs make over many conversations at once
 * (`getSilentModeForConversations`, `getSilentModeRemindTypeConversations`). The vendor documents
 * neither bound nor order; the values here are decided (docs/fidelity.md).
 */

/** Ids one `user=` or `group=` list may hold. */
export const MAX_IDS = 20

/** `limit` of the remind-type list: the SDK's default page and the bounds around it. */
export const PAGE_SIZE = { min: 1, max: 50, fallback: 10 } as const

/**
 * A comma-separated id list: blanks around ids and empty items are dropped, repeats kept once (the
 * first), and an absent or empty list is no ids. Undefined when it names more than `MAX_IDS`.
 */
export function parseIdList (raw: string | undefined): string[] | undefined {
  const ids = [...new Set((raw ?? '').split(',').map(id => id.trim()).filter(id => id !== ''))]
  return ids.length > MAX_IDS ? undefined : ids
}

/** The page size: absent or empty is the SDK's default; anything but an integer in bounds is undefined. */
export function parsePageSize (raw: string | undefined): number | undefined {
  if (raw === undefined || raw === '') return PAGE_SIZE.fallback
  const n = toInteger(raw)
  return n !== undefined && n >= PAGE_SIZE.min && n <= PAGE_SIZE.max ? n : undefined
}

/** A place in the remind-type list: the last conversation of the page before. */
export interface ListPosition {
  chattype: 'chatgroup' | 'user'
  key: string
}

const CURSOR_CHATTYPES: Record<string, ListPosition['chattype']> = { g: 'chatgroup', u: 'user' }

/**
 * The cursor names the last conversation a page held, so the next page starts after it: the same
 * data gives the same cursor, and a conversation set meanwhile never shifts a page already read.
 * It is base64url so clients treat it as opaque (and can put it in a URL as it is).
 */
export function encodeCursor (p: ListPosition): string {
  return Buffer.from(`${p.chattype === 'chatgroup' ? 'g' : 'u'}:${p.key}`, 'utf8').toString('base64url')
}

/** The position a cursor names; undefined for anything `encodeCursor` could not have made. */
export function decodeCursor (cursor: string): ListPosition | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined
  const text = Buffer.from(cursor, 'base64url').toString('utf8')
  const chattype = CURSOR_CHATTYPES[text.slice(0, 1)]
  const key = text.slice(2)
  if (chattype === undefined || text[1] !== ':' || key === '' || encodeCursor({ chattype, key }) !== cursor) return undefined
  return { chattype, key }
}

/** One entry of the remind-type list as the SDK reads it: `{user|group: id, value: TYPE}`. */
export type RemindEntry = { user: string, value: string } | { group: string, value: string }

/**
 * A page from rows read in list order (conversations whose type is set and is not `DEFAULT`,
 * which follows the app-wide type; the query is push-repo.ts `remindTypes`), one more than `size` when more follow: the entries, and
 * the cursor of the next page when there is one.
 */
export function remindPage (rows: ReadonlyArray<{ chattype: string, key: string, type: string }>, size: number) {
  const page = rows.slice(0, size)
  const entries: RemindEntry[] = page.map(r => r.chattype === 'chatgroup'
    ? { group: r.key, value: r.type }
    : { user: r.key, value: r.type })
  const last = page.at(-1)
  const cursor = rows.length > size && last !== undefined
    ? encodeCursor({ chattype: last.chattype === 'chatgroup' ? 'chatgroup' : 'user', key: last.key })
    : undefined
  return { entries, cursor }
}
