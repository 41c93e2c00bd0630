import { randomInt } from 'node:crypto'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { DEFAULT_MAXUSERS, type GroupRow, type Member } from '../db/repositories/groups-repo.js'
import type { UserRow } from '../db/repositories/users-repo.js'
import { envelopeContext, groupEnvelope } from '../http/envelope.js'
import { appOf } from '../http/request-context.js'
import {
  check, groupExceedLimit, groupForbidden, groupInvalidParameter, groupNotFound, groupNotFoundForList, groupUserNotFound
} from '../http/vendor-error.js'
import { fieldOf, type ValidationIssue } from '../http/error-handler.js'
import { AppPath } from '../schemas/common.js'
import { AddMembersRequest, CreateGroupRequest, GroupMemberPath, GroupPath, MembersQuery } from '../schemas/groups.js'
import type { Services } from '../services/index.js'

export const MAX_BATCH = 60
const TOO_MANY = 'members size is greater than max user size !'

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** One group as the detail API shows it (group_manage.md 获取群组详情): members, then the owner. */
function groupView (g: GroupRow, members: Member[]) {
  const others = members.filter(m => m.username !== g.owner)
  return {
    id: g.group_id,
    name: g.name,
    avatar: g.avatar,
    description: g.description,
    membersonly: g.members_only === 1,
    allowinvites: g.allowinvites === 1,
    maxusers: g.maxusers,
    owner: g.owner,
    created: g.created,
    custom: g.custom,
    mute: false,
    affiliations_count: members.length,
    disabled: false,
    affiliations: [...others.map(m => ({ member: m.username })), { owner: g.owner }],
    public: g.public === 1
  }
}

/**
 * The vendor's group API, as much of it as group pushes need (decisions.md "Delivery simulation"):
 * create, get, delete, and add, remove and list members. Errors in the group service's words.
 */
export const chatGroupRoutes: FastifyPluginAsyncTypebox<Services> = async (app, s) => {
  const groupOf = (appId: number, groupId: string): GroupRow => {
    const group = s.groups.find(appId, groupId)
    check(group !== undefined, () => groupNotFound(groupId))
    return group
  }
  const userOf = (appId: number, username: string): UserRow => {
    const user = s.users.find(appId, username.toLowerCase())
    check(user !== undefined, () => groupUserNotFound(username))
    return user
  }
  const text = (body: Record<string, unknown>, field: string, max: number): string => {
    const value = body[field] ?? ''
    check(typeof value === 'string', () => groupInvalidParameter(`${field} must be a string`))
    check(value.length <= max, () => groupInvalidParameter(`${field} length is too big`))
    return value
  }

  app.post('/:org_name/:app_name/chatgroups', {
    schema: { params: AppPath, body: CreateGroupRequest }, attachValidation: true
  }, (req, reply) => {
    const body: unknown = req.body
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
    const issue = req.validationError?.validation[0]
    check(issue === undefined, () => groupInvalidParameter(`${fieldOf(issue as ValidationIssue)} is invalid`))
    const appId = appOf(req.mock).id
    const owner = userOf(appId, body.owner)
    const members = [...new Map((names as string[]).map(n => userOf(appId, n)).filter(u => u.id !== owner.id).map(u => [u.id, u])).values()]
    check(members.length + 1 <= (maxusers as number), () => groupExceedLimit(TOO_MANY))
    const now = req.mock.now
    const group = s.groups.create(appId, {
      ...fields,
      public: body.public ? 1 : 0,
      maxusers: maxusers as number,
      members_only: body.membersonly === true ? 1 : 0,
      // A public group can't let members invite (group_create.md).
      allowinvites: body.allowinvites === true && !body.public ? 1 : 0,
      owner: owner.username
    }, [owner.id, ...members.map(m => m.id)], now, () => `${now}${String(randomInt(0, 100)).padStart(2, '0')}`)
    return groupEnvelope(envelopeContext(req), { groupid: group.group_id })
  })

  app.get('/:org_name/:app_name/chatgroups/:group_id', { schema: { params: GroupPath } }, (req, reply) => {
    const appId = appOf(req.mock).id
    const ids = req.params.group_id.split(',').filter(id => id !== '')
    check(ids.length <= 100, () => groupInvalidParameter('group ids must not exceed 100'))
    // Several ids answer the groups that exist; when none does, the single-group error.
    const groups = ids.flatMap(id => s.groups.find(appId, id) ?? [])
    check(groups.length > 0, () => groupNotFound(ids.join(',')))
    const data = groups.map(g => groupView(g, s.groups.members(g)))
    return { ...groupEnvelope(envelopeContext(req), data, { count: data.length }), properties: {} }
  })

  app.delete('/:org_name/:app_name/chatgroups/:group_id', { schema: { params: GroupPath } }, (req, reply) => {
    const group = groupOf(appOf(req.mock).id, req.params.group_id)
    s.groups.remove(group)
    return groupEnvelope(envelopeContext(req), { success: true, groupid: group.group_id })
  })

  app.get('/:org_name/:app_name/chatgroups/:group_id/users', {
    schema: { params: GroupPath, querystring: MembersQuery }
  }, (req, reply) => {
    const group = s.groups.find(appOf(req.mock).id, req.params.group_id)
    check(group !== undefined, () => groupNotFoundForList(req.params.group_id))
    const q = req.query
    const pagenum = Math.max(1, Number.parseInt(q.pagenum ?? '1', 10) || 1)
    const pagesize = Math.min(1000, Math.max(1, Number.parseInt(q.pagesize ?? '1000', 10) || 1000))
    const withTime = q.joined_time === 'true'
    const members = s.groups.members(group)
    // The owner first, then members in the order they joined (group_member.md's example).
    const ordered = [...members.filter(m => m.username === group.owner), ...members.filter(m => m.username !== group.owner)]
    const page = ordered.slice((pagenum - 1) * pagesize, pagenum * pagesize).map(m => ({
      [m.username === group.owner ? 'owner' : 'member']: m.username,
      ...(withTime ? { joined_time: m.joined } : {})
    }))
    const params = Object.fromEntries(Object.entries(q).map(([k, v]) => [k, [String(v)]]))
    return groupEnvelope(envelopeContext(req), page, {
      count: page.length, ...(Object.keys(params).length > 0 ? { params } : {})
    })
  })

  app.post('/:org_name/:app_name/chatgroups/:group_id/users/:username', { schema: { params: GroupMemberPath } }, (req, reply) => {
    const appId = appOf(req.mock).id
    const group = groupOf(appId, req.params.group_id)
    const user = userOf(appId, req.params.username)
    const members = s.groups.members(group)
    check(!members.some(m => m.user_id === user.id),
      () => groupForbidden(`can not join this group, reason:user: ${user.username} already in group: ${group.group_id}\n`))
    check(members.length < group.maxusers, () => groupExceedLimit(TOO_MANY))
    s.groups.addMembers(group, [user.id], req.mock.now)
    return groupEnvelope(envelopeContext(req), { result: true, groupid: group.group_id, action: 'add_member', user: user.username })
  })

  app.post('/:org_name/:app_name/chatgroups/:group_id/users', {
    schema: { params: GroupPath, body: AddMembersRequest }, attachValidation: true
  }, (req, reply) => {
    const body: unknown = req.body
    const names = isObject(body) ? body.usernames : undefined
    check(Array.isArray(names) && names.length > 0 && names.every(n => typeof n === 'string' && n !== ''),
      () => groupInvalidParameter('usernames must be provided'))
    check(names.length <= MAX_BATCH, () => groupExceedLimit(TOO_MANY))
    const appId = appOf(req.mock).id
    const group = groupOf(appId, req.params.group_id)
    const users = (names as string[]).map(n => userOf(appId, n))
    const members = s.groups.members(group)
    const isMember = new Set(members.map(m => m.user_id))
    const fresh = [...new Map(users.filter(u => !isMember.has(u.id)).map(u => [u.id, u])).values()]
    // Fails only when every user is a member already; the batch page spells it "an not join" (sic).
    check(fresh.length > 0, () => groupForbidden(`an not join this group, reason:user: ${users.map(u => u.username).join(',')} already in group: ${group.group_id}\n`))
    check(members.length + fresh.length <= group.maxusers, () => groupExceedLimit(TOO_MANY))
    s.groups.addMembers(group, fresh.map(u => u.id), req.mock.now)
    return groupEnvelope(envelopeContext(req), {
      newmembers: fresh.map(u => u.username), groupid: group.group_id, action: 'add_member'
    })
  })

  app.delete('/:org_name/:app_name/chatgroups/:group_id/users/:username', { schema: { params: GroupMemberPath } }, (req, reply) => {
    const appId = appOf(req.mock).id
    const group = groupOf(appId, req.params.group_id)
    const names = req.params.username.split(',').filter(n => n !== '')
    check(names.length <= MAX_BATCH, () => groupInvalidParameter(`kickMember: kickMembers number more than maxSize : ${MAX_BATCH}`))
    const members = new Map(s.groups.members(group).map(m => [m.username, m]))
    const results = names.map(raw => {
      const username = raw.toLowerCase()
      const member = username === group.owner ? undefined : members.get(username)
      const reason = username === group.owner ? 'forbidden operation on group owner!' : `user ${raw} doesn't exist.`
      return { raw, member, reason }
    })
    const removed = results.flatMap(r => r.member === undefined ? [] : [r.member])
    if (names.length === 1) {
      const only = results[0] as typeof results[number]
      check(only.member !== undefined, () => groupForbidden(only.raw.toLowerCase() === group.owner
        ? only.reason
        : `users [${only.raw}] are not members of this group!`))
    }
    check(removed.length > 0, () => groupForbidden(`users [${names.join(', ')}] are not members of this group!`))
    s.groups.removeMembers(group, removed.map(m => m.user_id))
    const c = envelopeContext(req)
    if (names.length === 1) return groupEnvelope(c, { result: true, action: 'remove_member', user: removed[0]?.username, groupid: group.group_id })
    // One entry per name; a failure says why (group_member.md 批量移除群组成员).
    return groupEnvelope(c, results.map(r => {
      // `reason` sits between the others, so it is set in order (http/envelope.ts on spreads).
      const entry: Record<string, unknown> = { result: r.member !== undefined, action: 'remove_member' }
      if (r.member === undefined) entry.reason = r.reason
      entry.user = r.member?.username ?? r.raw
      entry.groupid = group.group_id
      return entry
    }))
  })
}
