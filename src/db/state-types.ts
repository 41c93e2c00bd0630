// The state document's types, apart from the code that reads and writes it, so that the package's
// public declarations (startMockServer's `seed` option) carry no database types.

/**
 * One app's whole state as JSON: what `GET /_mock/state` exports, `PUT /_mock/state` and `--seed`
 * import. Export → import → export gives the same document. In a hand-written seed only
 * `appKey`, `clientId`, `clientSecret` and each user's `username` are required.
 */
export interface AppState {
  appKey: string
  clientId: string
  clientSecret: string
  uuid?: string
  created?: number
  users?: UserState[]
  templates?: TemplateState[]
  groups?: GroupState[]
}

export interface GroupState {
  groupId: string
  name?: string
  description?: string
  avatar?: string
  public?: boolean
  maxusers?: number
  membersonly?: boolean
  allowinvites?: boolean
  owner: string
  custom?: string
  created?: number
  members?: Array<string | { username: string, joined: number }>
}

export interface UserState {
  username: string
  uuid?: string
  /** A plain password (seeds); `passwordHash` is what an export carries. */
  password?: string
  passwordHash?: string | null
  created?: number
  modified?: number
  activated?: boolean
  nickname?: string | null
  notification_display_style?: number | null
  notification_no_disturbing?: boolean | null
  notification_no_disturbing_start?: number | null
  notification_no_disturbing_end?: number | null
  device_id?: string | null
  device_token?: string | null
  notifier_name?: string | null
  language?: string | null
  templateName?: string | null
  /** Groups whose pushes the user blocked (`notification_ignore_<groupId>`), id → boolean. */
  groupIgnores?: Record<string, boolean> | null
  bindings?: Array<{ device_id: string, device_token: string, notifier_name: string }>
  settings?: Array<{ chattype: string, key: string, type?: string | null, ignoreInterval?: string | null, ignoreUntil?: number | null }>
}

export interface TemplateState {
  name: string
  title_pattern: string
  content_pattern: string
  createAt?: number
  updateAt?: number
}
