import { randomInt } from 'node:crypto'
import { DEFAULT_MAXUSERS, type GroupRow, type GroupsRepo, type Member } from '../db/repositories/groups-repo.js'
import type { UserRow, UsersRepo } from '../db/repositories/users-repo.js'
import {
  allowsInvites, distinctUsers, fitsGroup, groupIdCandidate, MAX_BATCH, MAX_GROUP_IDS, memberPage, ownerFirstPage,
  planRemoval, splitList, type Removal
} from '../domain/group.js'
import { fieldOf, type ValidationIssue } from '../http/error-handler.js'
import {
  check, groupExceedLimit, groupForbidden, groupInvalidParameter, groupNotFound, groupNotFoundForList, groupUserNotFound
} from '../http/vendor-error.js'

const TOO_MANY = 'members size is greater than max user size !'

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** A text field of a new group: absent is `""`, anything else must be a string of at most `max` characters. */
function text (body: Record<string, unknown>, field: string, max: number): string {
  const value = body[field] ?? ''
  check(typeof value === 'string', () => groupInvalidParameter(`${field} must be a string`))
  check(value.length <= max, () => groupInvalidParameter(`${field} length is too big`))
  return value
}

/** A member list's query, every parameter as sent (the answer echoes them). */
export interface MembersQuery { pagenum?: string, pagesize?: string, joined_time?: string }

/** The outcome of removing members: one result per name; `single` when one name was given. */
export interface RemovalResult { group: GroupRow, single: boolean, results: Array<Removal<Member>>, removed: Member[] }

/**
 * The vendor's group API, as much of it as group pushes need (decisions.md "Delivery simulation"):
 * create, get, delete, and add, remove and list members, with the group service's errors in its
 * own words. Bodies are checked here rather than by the schema, in the vendor's order.
 */
export function createChatGroups ({ groups, users }: { groups: GroupsRepo, users: UsersRepo }) {
  const groupOf = (appId: number, groupId: string): GroupRow => {
    const group = groups.find(appId, groupId)
    check(group !== undefined, () => groupNotFound(groupId))
    return group
  }
  const userOf = (appId: number, username: string): UserRow => {
    const user = users.find(appId, username.toLowerCase())
    check(user !== undefined, () => groupUserNotFound(username))
    return user
  }

  return {
    /**
     * Creates a group from a `POST /chatgroups` body; `issue` is the first field the schema found
     * of the wrong type, reported only once the vendor's own checks pass.
     */
    create (appId: number, body: unknown, issue: ValidationIssue | undefined, now: number): GroupRow {
      check(isObject(body), () => groupInvalidParameter('request body must be a JSON object'))
      check(typeof body.public === 'boolean', () => groupInvalidParameter('group must contain public field!'))
      check(typeof body.owner === 'string' && body.owner !== '', () => groupInvalidParameter('owner must be provided'))
      const maxusers = body.maxusers ?? DEFAULT_MAXUSERS
      check(Number.isSafeInteger(maxusers) && (maxusers as number) > 0, () => groupInvalidParameter('maxusers must be a positive integer'))
      const names = body.members ?? []
      check(Array.isArray(names) && names.every(n => typeof n === 'string' && n !== ''), () => groupInvalidParameter('members must be an array of user ids'))
      const fields = {
        name: text(body, 'groupname', 128),
        avatar: text(body, 'avatar', 1024),
        description: text(body, 'description', 512),
        custom: text(body, 'custom', 8192)
      }
      // Anything else of the wrong type (a flag that isn't a boolean, a null): the field by name.
      check(issue === undefined, () => groupInvalidParameter(`${fieldOf(issue as ValidationIssue)} is invalid`))
      const owner = userOf(appId, body.owner)
      const members = distinctUsers((names as string[]).map(n => userOf(appId, n)), new Set([owner.id]))
      check(fitsGroup(members.length + 1, maxusers as number), () => groupExceedLimit(TOO_MANY))
      return groups.create(appId, {
        ...fields,
        public: body.public ? 1 : 0,
        maxusers: maxusers as number,
        members_only: body.membersonly === true ? 1 : 0,
        allowinvites: allowsInvites(body.allowinvites === true, body.public) ? 1 : 0,
        owner: owner.username
      }, [owner.id, ...members.map(m => m.id)], now, () => groupIdCandidate(now, randomInt(0, 100)))
    },

    /** The groups of a comma list (up to 100) that exist, with their members; none is the single-group error. */
    find (appId: number, idList: string): Array<{ group: GroupRow, members: Member[] }> {
      const ids = splitList(idList)
      check(ids.length <= MAX_GROUP_IDS, () => groupInvalidParameter(`group ids must not exceed ${MAX_GROUP_IDS}`))
      const found = ids.flatMap(id => groups.find(appId, id) ?? [])
      check(found.length > 0, () => groupNotFound(ids.join(',')))
      return found.map(group => ({ group, members: groups.members(group) }))
    },

    /** Deletes a group with its members. */
    remove (appId: number, groupId: string): GroupRow {
      const group = groupOf(appId, groupId)
      groups.remove(group)
      return group
    },

    /** One page of a group's members, the owner first; `params` echoes the query when it has any. */
    members (appId: number, groupId: string, query: MembersQuery) {
      const group = groups.find(appId, groupId)
      check(group !== undefined, () => groupNotFoundForList(groupId))
      const page = ownerFirstPage(groups.members(group), group.owner, memberPage(query))
      const entries = Object.entries(query)
      const params = entries.length > 0 ? Object.fromEntries(entries.map(([k, v]) => [k, [String(v)]])) : undefined
      return { group, page, withTime: query.joined_time === 'true', params }
    },

    /** Adds one user; a member already, or a full group, is refused. */
    addMember (appId: number, groupId: string, username: string, now: number): { group: GroupRow, user: UserRow } {
      const group = groupOf(appId, groupId)
      const user = userOf(appId, username)
      const members = groups.members(group)
      check(!members.some(m => m.user_id === user.id),
        () => groupForbidden(`can not join this group, reason:user: ${user.username} already in group: ${group.group_id}\n`))
      check(fitsGroup(members.length + 1, group.maxusers), () => groupExceedLimit(TOO_MANY))
      groups.addMembers(group, [user.id], now)
      return { group, user }
    },

    /** Adds the users of a `{usernames}` body (up to 60); refused only when every one is a member already. */
    addMembers (appId: number, groupId: string, body: unknown, now: number): { group: GroupRow, added: UserRow[] } {
      const names = isObject(body) ? body.usernames : undefined
      check(Array.isArray(names) && names.length > 0 && names.every(n => typeof n === 'string' && n !== ''),
        () => groupInvalidParameter('usernames must be provided'))
      check(names.length <= MAX_BATCH, () => groupExceedLimit(TOO_MANY))
      const group = groupOf(appId, groupId)
      const named = (names as string[]).map(n => userOf(appId, n))
      const members = groups.members(group)
      const added = distinctUsers(named, new Set(members.map(m => m.user_id)))
      // The batch page spells it "an not join" (sic).
      check(added.length > 0, () => groupForbidden(`an not join this group, reason:user: ${named.map(u => u.username).join(',')} already in group: ${group.group_id}\n`))
      check(fitsGroup(members.length + added.length, group.maxusers), () => groupExceedLimit(TOO_MANY))
      groups.addMembers(group, added.map(u => u.id), now)
      return { group, added }
    },

    /**
     * Removes the members of a comma list (up to 60). One name: its own error when it can't go.
     * Several: refused only when none could go.
     */
    removeMembers (appId: number, groupId: string, nameList: string): RemovalResult {
      const group = groupOf(appId, groupId)
      const names = splitList(nameList)
      check(names.length <= MAX_BATCH, () => groupInvalidParameter(`kickMember: kickMembers number more than maxSize : ${MAX_BATCH}`))
      const results = planRemoval(names, group.owner, new Map(groups.members(group).map(m => [m.username, m])))
      const removed = results.flatMap(r => r.member === undefined ? [] : [r.member])
      const single = names.length === 1
      if (single) {
        const only = results[0] as Removal<Member>
        check(only.member !== undefined, () => groupForbidden(only.raw.toLowerCase() === group.owner
          ? only.reason
          : `users [${only.raw}] are not members of this group!`))
      }
      check(removed.length > 0, () => groupForbidden(`users [${names.join(', ')}] are not members of this group!`))
      groups.removeMembers(group, removed.map(m => m.user_id))
      return { group, single, results, removed }
    }
  }
}

export type ChatGroups = ReturnType<typeof createChatGroups>
