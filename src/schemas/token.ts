import { Type } from 'typebox'
import { BooleanLike, IntegerLike } from './common.js'

/** `POST /{org}/{app}/token`: one body for the three grants (easemob-reference.md §3). */
export const TokenRequest = Type.Object({
  grant_type: Type.Optional(Type.String()),
  client_id: Type.Optional(Type.String()),
  client_secret: Type.Optional(Type.String()),
  username: Type.Optional(Type.String()),
  password: Type.Optional(Type.String()),
  ttl: Type.Optional(IntegerLike),
  autoCreateUser: Type.Optional(BooleanLike)
})
