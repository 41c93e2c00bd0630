/**
 * The group API's rules (group_create.md, group_manage.md, group_member.md), as much of it as
 * group pushes need: pure functions of names, ids and counts.
 */

/** Users in one add or remove call. */
export const MAX_BATCH = 60

/** Group ids in one `GET /chatgroups/{ids}`. */
export const MAX_GROUP_IDS = 100

/** Members in one page of `GET /chatgroups/{id}/users`, and the page size when none is asked. */
export const MAX_PAGE_SIZE = 1000

/** The ids of a comma list in one path segment; empty items are dropped. */
export function splitList (text: string): string[] {
  return text.split(',').filter(item => item !== '')
}

/** A new group's id: the vendor's are numeric strings; here the creation instant and two digits of `random` (0–99). */
export function groupIdCandidate (now: number, random: number): string {
  return `${now}${String(random).padStart(2, '0')}`
}

/** A public group never lets members invite, whatever the request asks (group_create.md). */
export function allowsInvites (requested: boolean, isPublic: boolean): boolean {
  return requested && !isPublic
}

/** Whether `count` members, the owner included, fit a group of `maxusers`. */
export function fitsGroup (count: number, maxusers: number): boolean {
  return count <= maxusers
}

/** Each user once, in first-seen order, leaving out those `excluded` (members already, the owner). */
export function distinctUsers<U extends { id: number }> (users: readonly U[], excluded: ReadonlySet<number>): U[] {
  return [...new Map(users.filter(u => !excluded.has(u.id)).map(u => [u.id, u])).values()]
}

/** The page a member list asks for: numbers from 1, a size of at most 1,000; anything unreadable is the default. */
export function memberPage (query: { pagenum?: string | undefined, pagesize?: string | undefined }): { pagenum: number, pagesize: number } {
  return {
    pagenum: Math.max(1, Number.parseInt(query.pagenum ?? '1', 10) || 1),
    pagesize: Math.min(MAX_PAGE_SIZE, Math.max(1, Number.parseInt(query.pagesize ?? String(MAX_PAGE_SIZE), 10) || MAX_PAGE_SIZE))
  }
}

/** The owner first, then members in the order they joined (group_member.md's example); then one page of them. */
export function ownerFirstPage<M extends { username: string }> (members: readonly M[], owner: string, page: { pagenum: number, pagesize: number }): M[] {
  const ordered = [...members.filter(m => m.username === owner), ...members.filter(m => m.username !== owner)]
  return ordered.slice((page.pagenum - 1) * page.pagesize, page.pagenum * page.pagesize)
}

/** One name of a remove call: the member it removes, or why it can't. */
export interface Removal<M> { raw: string, member: M | undefined, reason: string }

/**
 * What removing `names` from a group does: each name (case-folded) removes its member, except the
 * owner, who can't be removed, and a name that is no member. Names keep the caller's spelling.
 */
export function planRemoval<M> (names: readonly string[], owner: string, members: ReadonlyMap<string, M>): Array<Removal<M>> {
  return names.map(raw => {
    const username = raw.toLowerCase()
    const member = username === owner ? undefined : members.get(username)
    const reason = username === owner ? 'forbidden operation on group owner!' : `user ${raw} doesn't exist.`
    return { raw, member, reason }
  })
}
