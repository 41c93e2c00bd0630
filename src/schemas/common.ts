import { Type } from 'typebox'

/** `{org_name}/{app_name}` as the vendor's pages name them. */
export const AppPath = Type.Object({
  org_name: Type.String(),
  app_name: Type.String()
})

export const UserPath = Type.Object({
  org_name: Type.String(),
  app_name: Type.String(),
  username: Type.String()
})

/** An integer field the SDKs may send as a string of digits (`"1"`). */
export const IntegerLike = Type.Union([Type.Integer(), Type.String()])

/** A boolean field the SDKs may send as `"true"`/`"false"` or 0/1. */
export const BooleanLike = Type.Union([Type.Boolean(), Type.Integer(), Type.String()])
