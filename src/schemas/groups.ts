import { Type } from 'typebox'

export const GroupPath = Type.Object({
  org_name: Type.String(),
  app_name: Type.String(),
  group_id: Type.String()
})

export const GroupMemberPath = Type.Object({
  org_name: Type.String(),
  app_name: Type.String(),
  group_id: Type.String(),
  username: Type.String({ description: 'one user id, or several separated by commas (remove only)' })
})

/**
 * `POST /chatgroups` (group_create.md). Checked by the route in the group service's words; the
 * schema documents it.
 */
export const CreateGroupRequest = Type.Object({
  groupname: Type.Optional(Type.String({ maxLength: 128 })),
  avatar: Type.Optional(Type.String({ maxLength: 1024 })),
  description: Type.Optional(Type.String({ maxLength: 512 })),
  public: Type.Boolean(),
  maxusers: Type.Optional(Type.Integer({ minimum: 1 })),
  allowinvites: Type.Optional(Type.Boolean()),
  membersonly: Type.Optional(Type.Boolean()),
  invite_need_confirm: Type.Optional(Type.Boolean()),
  owner: Type.String(),
  members: Type.Optional(Type.Array(Type.String())),
  custom: Type.Optional(Type.String({ maxLength: 8192 }))
})

export const AddMembersRequest = Type.Object({
  usernames: Type.Array(Type.String(), { maxItems: 60 })
})

export const MembersQuery = Type.Object({
  pagenum: Type.Optional(Type.String()),
  pagesize: Type.Optional(Type.String()),
  joined_time: Type.Optional(Type.String())
})
