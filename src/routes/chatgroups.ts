import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { envelopeContext, groupEnvelope } from '../http/envelope.js'
import { toGroupEntity, toMemberEntries, toRemovalEntries } from '../http/group-entity.js'
import { appOf } from '../http/request-context.js'
import { AppPath } from '../schemas/common.js'
import { AddMembersRequest, CreateGroupRequest, GroupMemberPath, GroupPath, MembersQuery } from '../schemas/groups.js'
import type { Services } from '../services/index.js'

/**
 * The vendor's group API, as much of it as group pushes need (services/groups.ts): create, get,
 * delete, and add, remove and list members. Bodies are checked by the service in the group
 * service's words; the schemas document them and report a field of the wrong type.
 */
export const chatGroupRoutes: FastifyPluginAsyncTypebox<Services> = async (app, s) => {
  app.post('/:org_name/:app_name/chatgroups', {
    schema: { params: AppPath, body: CreateGroupRequest }, attachValidation: true
  }, (req, reply) => {
    const group = s.chatGroups.create(appOf(req.mock).id, req.body, req.validationError?.validation[0], req.mock.now)
    return groupEnvelope(envelopeContext(req), { groupid: group.group_id })
  })

  app.get('/:org_name/:app_name/chatgroups/:group_id', { schema: { params: GroupPath } }, (req, reply) => {
    const data = s.chatGroups.find(appOf(req.mock).id, req.params.group_id).map(g => toGroupEntity(g.group, g.members))
    return { ...groupEnvelope(envelopeContext(req), data, { count: data.length }), properties: {} }
  })

  app.delete('/:org_name/:app_name/chatgroups/:group_id', { schema: { params: GroupPath } }, (req, reply) => {
    const group = s.chatGroups.remove(appOf(req.mock).id, req.params.group_id)
    return groupEnvelope(envelopeContext(req), { success: true, groupid: group.group_id })
  })

  app.get('/:org_name/:app_name/chatgroups/:group_id/users', {
    schema: { params: GroupPath, querystring: MembersQuery }
  }, (req, reply) => {
    const { group, page, withTime, params } = s.chatGroups.members(appOf(req.mock).id, req.params.group_id, req.query)
    return groupEnvelope(envelopeContext(req), toMemberEntries(page, group.owner, withTime), {
      count: page.length, ...(params === undefined ? {} : { params })
    })
  })

  app.post('/:org_name/:app_name/chatgroups/:group_id/users/:username', { schema: { params: GroupMemberPath } }, (req, reply) => {
    const { group, user } = s.chatGroups.addMember(appOf(req.mock).id, req.params.group_id, req.params.username, req.mock.now)
    return groupEnvelope(envelopeContext(req), { result: true, groupid: group.group_id, action: 'add_member', user: user.username })
  })

  app.post('/:org_name/:app_name/chatgroups/:group_id/users', {
    schema: { params: GroupPath, body: AddMembersRequest }, attachValidation: true
  }, (req, reply) => {
    const { group, added } = s.chatGroups.addMembers(appOf(req.mock).id, req.params.group_id, req.body, req.mock.now)
    return groupEnvelope(envelopeContext(req), {
      newmembers: added.map(u => u.username), groupid: group.group_id, action: 'add_member'
    })
  })

  app.delete('/:org_name/:app_name/chatgroups/:group_id/users/:username', { schema: { params: GroupMemberPath } }, (req, reply) => {
    const { group, single, results, removed } = s.chatGroups.removeMembers(appOf(req.mock).id, req.params.group_id, req.params.username)
    const c = envelopeContext(req)
    if (single) return groupEnvelope(c, { result: true, action: 'remove_member', user: removed[0]?.username, groupid: group.group_id })
    return groupEnvelope(c, toRemovalEntries(results, group.group_id))
  })
}
