import { Type } from 'typebox'

/** Epoch ms or an ISO-8601 string. */
export const Instant = Type.Union([Type.Integer({ minimum: 0 }), Type.String({ minLength: 1 })])

export const ClockSet = Type.Object({ now: Instant })
export const ClockAdvance = Type.Object({ ms: Type.Integer() })

export const AppKeyQuery = Type.Object({ app: Type.Optional(Type.String()) })
export const RequiredAppQuery = Type.Object({ app: Type.String() })

export const NewAppBody = Type.Object({
  appKey: Type.String(),
  clientId: Type.String({ minLength: 1 }),
  clientSecret: Type.String({ minLength: 1 })
})

export const AppNamePath = Type.Object({ org: Type.String(), app: Type.String() })

export const JournalQuery = Type.Object({
  app: Type.Optional(Type.String()),
  method: Type.Optional(Type.String()),
  path: Type.Optional(Type.String()),
  status: Type.Optional(Type.String({ pattern: '^[0-9]{3}$' }))
})

export const FaultBody = Type.Object({
  match: Type.Optional(Type.Object({
    method: Type.Optional(Type.String()),
    path: Type.Optional(Type.String({ pattern: '^/' })),
    app: Type.Optional(Type.String())
  })),
  status: Type.Optional(Type.Integer({ minimum: 400, maximum: 599 })),
  delayMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 60_000 })),
  times: Type.Optional(Type.Integer({ minimum: 1 })),
  probability: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
  seed: Type.Optional(Type.Integer())
})

export const FaultIdPath = Type.Object({ id: Type.String({ pattern: '^[0-9]+$' }) })

const Binding = Type.Object({ device_id: Type.String({ minLength: 1 }), device_token: Type.String({ minLength: 1 }), notifier_name: Type.String({ minLength: 1 }) })
const Setting = Type.Object({
  chattype: Type.Union([Type.Literal('user'), Type.Literal('chatgroup')]),
  key: Type.String({ minLength: 1 }),
  type: Type.Optional(Type.Union([...['ALL', 'NONE', 'AT', 'DEFAULT'].map(v => Type.Literal(v)), Type.Null()])),
  ignoreInterval: Type.Optional(Type.Union([Type.String({ pattern: '^[0-9]{2}:[0-9]{2}-[0-9]{2}:[0-9]{2}$' }), Type.Null()])),
  ignoreUntil: Type.Optional(Type.Union([Type.Integer(), Type.Null()]))
})
// In every union the likelier value comes first: Ajv builds an error object, with its path as a
// new string, for each alternative a value fails before one passes. A 10,000-user document made
// ≈ 10 MB of them; with these and import-state.ts's `repeats`, its import took 140–158 ms instead
// of 206–208 on Node 24.22 (docs/performance.md).
const NullableString = Type.Optional(Type.Union([Type.String(), Type.Null()]))
const NullableInteger = Type.Optional(Type.Union([Type.Integer(), Type.Null()]))

/** One app's state: the `GET /_mock/state` document and the `--seed` file format. */
export const AppStateSchema = Type.Object({
  appKey: Type.String(),
  clientId: Type.String({ minLength: 1 }),
  clientSecret: Type.String({ minLength: 1 }),
  uuid: Type.Optional(Type.String()),
  created: Type.Optional(Type.Integer()),
  users: Type.Optional(Type.Array(Type.Object({
    username: Type.String(),
    uuid: Type.Optional(Type.String()),
    password: Type.Optional(Type.String()),
    passwordHash: NullableString,
    created: Type.Optional(Type.Integer()),
    modified: Type.Optional(Type.Integer()),
    activated: Type.Optional(Type.Boolean()),
    nickname: NullableString,
    notification_display_style: Type.Optional(Type.Union([Type.Literal(0), Type.Literal(1), Type.Null()])),
    notification_no_disturbing: Type.Optional(Type.Union([Type.Boolean(), Type.Null()])),
    notification_no_disturbing_start: NullableInteger,
    notification_no_disturbing_end: NullableInteger,
    device_id: NullableString,
    device_token: NullableString,
    notifier_name: NullableString,
    language: NullableString,
    templateName: NullableString,
    groupIgnores: Type.Optional(Type.Union([Type.Record(Type.String({ minLength: 1, maxLength: 64 }), Type.Boolean()), Type.Null()])),
    bindings: Type.Optional(Type.Array(Binding)),
    settings: Type.Optional(Type.Array(Setting))
  }))),
  templates: Type.Optional(Type.Array(Type.Object({
    name: Type.String({ pattern: '^[A-Za-z0-9]{1,64}$' }),
    title_pattern: Type.String(),
    content_pattern: Type.String(),
    createAt: Type.Optional(Type.Integer()),
    updateAt: Type.Optional(Type.Integer())
  }))),
  groups: Type.Optional(Type.Array(Type.Object({
    groupId: Type.String({ pattern: '^[0-9]{1,20}$' }),
    name: Type.Optional(Type.String()),
    description: Type.Optional(Type.String()),
    avatar: Type.Optional(Type.String()),
    public: Type.Optional(Type.Boolean()),
    maxusers: Type.Optional(Type.Integer({ minimum: 1 })),
    membersonly: Type.Optional(Type.Boolean()),
    allowinvites: Type.Optional(Type.Boolean()),
    owner: Type.String(),
    custom: Type.Optional(Type.String()),
    created: Type.Optional(Type.Integer()),
    /** Usernames, or `{username, joined}` as an export writes them; the owner is a member even if not listed. */
    members: Type.Optional(Type.Array(Type.Union([Type.String(), Type.Object({ username: Type.String(), joined: Type.Integer() })])))
  })))
})

export const PushQuery = Type.Object({
  app: Type.Optional(Type.String()),
  to: Type.Optional(Type.String()),
  msg_id: Type.Optional(Type.String()),
  outcome: Type.Optional(Type.Union([Type.Literal('delivered'), Type.Literal('skipped')]))
})

export const PresenceBody = Type.Object({
  app: Type.String(),
  username: Type.String({ minLength: 1 }),
  online: Type.Boolean()
})
