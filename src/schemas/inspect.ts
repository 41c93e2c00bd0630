import { Type } from 'typebox'

/** `GET /_mock/users`: one page of an app's users, searched by username prefix or nickname. */
export const UserSearchQuery = Type.Object({
  app: Type.String(),
  q: Type.Optional(Type.String({ maxLength: 64 })),
  offset: Type.Optional(Type.String({ pattern: '^[0-9]{1,9}$' })),
  limit: Type.Optional(Type.String({ pattern: '^([1-9][0-9]?|100)$' }))
})

export const InspectUserPath = Type.Object({ org: Type.String(), app: Type.String(), username: Type.String() })

export const TraceQuery = Type.Object({
  app: Type.String(),
  msg_id: Type.String({ minLength: 1 }),
  to: Type.String({ minLength: 1 })
})
