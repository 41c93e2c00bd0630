import { isActive } from './expiry.js'
import { intervalWindow, isInWindow, legacyWindow, minuteOfDay } from './quiet-hours.js'

/**
 * Whether the real service would push one message to one recipient, and what the device would
 * show (decisions.md "Delivery simulation"; easemob-reference.md §6, §7). A pure function of the
 * message, the sender, the recipient's stored state and the time: no database, no clock.
 */

/** The vendor's default banner (easemob-reference.md §6.3, display style 0). */
export const DEFAULT_TITLE = '您有一条新消息'
export const DEFAULT_CONTENT = '请点击查看'

/**
 * What `{$msg}` and the summary show for each message type. Only text is documented; the others
 * follow the client SDKs' conversation-list labels (decided, see docs/fidelity.md).
 */
export const TYPE_LABELS: Readonly<Record<string, string>> = {
  img: '[图片]',
  audio: '[语音]',
  video: '[视频]',
  file: '[文件]',
  loc: '[位置]',
  custom: '[自定义消息]',
  cmd: ''
}

/** The callback's `detail` words (easemob-reference.md §6.1), plus `user online`, ours. */
export const REASONS = {
  noUser: 'no user exist',
  online: 'user online',
  messageIgnore: 'message ignore push',
  userIgnore: 'user ignore push',
  noBinding: 'no push binding',
  deviceIgnore: 'ignore push device id'
} as const

export interface Message {
  id: string
  from: string
  chatType: 'chat' | 'groupchat'
  /** The group, for group messages. */
  groupId: string | null
  type: string
  body: Record<string, unknown>
  ext: Record<string, unknown>
}

export interface Sender {
  username: string
  /** The sender's push nickname, if the sender is a user with one. */
  nickname: string | null
}

export interface Setting {
  type: string | null
  ignore_interval: string | null
  ignore_until: number | null
}

export interface Device {
  device_id: string
  notifier_name: string
  device_token: string
}

export interface Recipient {
  username: string
  exists: boolean
  online: boolean
  displayStyle: number | null
  /** Legacy DND hours on the user entity. */
  legacy: { on: boolean | null, start: number | null, end: number | null }
  /** `notification/user/{self}`. */
  appWide: Setting | undefined
  /** `notification/user/{sender}` or `notification/chatgroup/{group}`. */
  conversation: Setting | undefined
  templateName: string | null
  bindings: readonly Device[]
  /** For a group message: the recipient blocked this group (`notification_ignore_<groupId>`). */
  groupBlocked: boolean
}

export interface Template {
  title_pattern: string
  content_pattern: string
}

export interface Context {
  now: number
  timeZone: string
  /** `minuteOfDay(now, timeZone)`, when the caller worked it out once for many recipients. */
  minute?: number
  /** The app's template by name, if it exists. */
  template: (name: string) => Template | undefined
}

export interface Outcome {
  to: string
  outcome: 'delivered' | 'skipped'
  reason: string | null
  device: Device | null
  title: string | null
  content: string | null
}

/** A recipient with no account: the vendor's `no user exist`. */
export function unknownRecipient (username: string): Recipient {
  return {
    username,
    exists: false,
    online: false,
    displayStyle: null,
    legacy: { on: null, start: null, end: null },
    appWide: undefined,
    conversation: undefined,
    templateName: null,
    bindings: [],
    groupBlocked: false
  }
}

/** One rule the recipient met on the way to the outcome, in the order the rules run. */
export interface TraceStep {
  rule: 'user exists' | 'user offline' | 'message pushable' | 'group blocked' | 'do not disturb' | 'notification type' | 'push binding' | 'device filter'
  passed: boolean
  detail: string
}

/** An outcome with the rules that led to it: each one passed, and the last the one that stopped it, if any. */
export interface TracedOutcome extends Outcome {
  trace: TraceStep[]
}

/** One decision per binding, or one device-less record when the recipient gets no push at all. */
export function decide (message: Message, sender: Sender, recipient: Recipient, ctx: Context): Outcome[] {
  return evaluate(message, sender, recipient, ctx, false)
}

/** `decide`, with each outcome's trace: the same rules, noted as they run. */
export function decideTraced (message: Message, sender: Sender, recipient: Recipient, ctx: Context): TracedOutcome[] {
  return evaluate(message, sender, recipient, ctx, true) as TracedOutcome[]
}

/** What one recipient's decision was made from: enough to run the same rules again, traced. */
export interface DecisionBasis {
  message: Message
  sender: Sender
  recipient: Recipient
  now: number
  timeZone: string
}

/**
 * The trace of the decision for one of the recipient's devices (null: the device-less record),
 * from the rules run again on what they first ran on. Titles don't enter the trace, so no template
 * is looked up.
 */
export function traceOf (basis: DecisionBasis, deviceId: string | null): TraceStep[] {
  const outcomes = decideTraced(basis.message, basis.sender, basis.recipient, { now: basis.now, timeZone: basis.timeZone, template: () => undefined })
  return (outcomes.find(o => (o.device?.device_id ?? null) === deviceId) ?? outcomes[0] as TracedOutcome).trace
}

function evaluate (message: Message, sender: Sender, recipient: Recipient, ctx: Context, traced: boolean): Outcome[] {
  const trace: TraceStep[] = []
  const note = (rule: TraceStep['rule'], passed: boolean, detail: string): boolean => {
    if (traced) trace.push({ rule, passed, detail })
    return passed
  }
  const withTrace = (o: Outcome, own?: TraceStep): Outcome => {
    if (!traced) return o
    return { ...o, trace: own === undefined ? trace.slice() : [...trace, own] } as TracedOutcome
  }
  const skipAll = (reason: string, devices: readonly Device[]): Outcome[] =>
    (devices.length === 0 ? [null] : devices).map(device =>
      withTrace({ to: recipient.username, outcome: 'skipped', reason, device, title: null, content: null }))

  if (!note('user exists', recipient.exists, recipient.exists ? 'the user has an account' : REASONS.noUser)) return skipAll(REASONS.noUser, [])
  if (!note('user offline', !recipient.online, recipient.online ? 'the user is online (PUT /_mock/presence): no offline push' : 'the user is offline')) return skipAll(REASONS.online, [])
  const reason = suppression(message, recipient, ctx, note)
  if (reason !== undefined) return skipAll(reason, recipient.bindings)
  const count = recipient.bindings.length
  if (!note('push binding', count > 0, count > 0 ? `${count} bound device${count === 1 ? '' : 's'}` : REASONS.noBinding)) return skipAll(REASONS.noBinding, [])

  const { title, content } = display(message, sender, recipient, ctx.template)
  const filter = asRecord(message.ext.em_push_filter)
  return recipient.bindings.map(device => {
    const step = (passed: boolean): TraceStep => ({
      rule: 'device filter',
      passed,
      detail: passed ? `${device.notifier_name} ${device.device_id} is not filtered out` : `em_push_filter leaves out ${device.notifier_name} ${device.device_id}`
    })
    return filtered(filter, device)
      ? withTrace({ to: recipient.username, outcome: 'skipped', reason: REASONS.deviceIgnore, device, title: null, content: null }, step(false))
      : withTrace({ to: recipient.username, outcome: 'delivered', reason: null, device, title, content }, step(true))
  })
}

type Note = (rule: TraceStep['rule'], passed: boolean, detail: string) => boolean

/** Why the recipient gets no push at all, by the documented order; undefined if it does. */
function suppression (message: Message, recipient: Recipient, ctx: Context, note: Note): string | undefined {
  const ext = message.ext
  // A command message is data for the app, never shown (decided, see docs/fidelity.md).
  const ignored = isTrue(ext.em_ignore_notification)
  if (!note('message pushable', !ignored && message.type !== 'cmd',
    ignored ? 'the message sets em_ignore_notification' : message.type === 'cmd' ? 'a command message is never shown' : `a ${message.type} message may be pushed`)) return REASONS.messageIgnore
  // A blocked group is that conversation's type NONE (decided): force, which only lifts DND, can't undo it.
  if (recipient.groupBlocked === true && !note('group blocked', false, 'the user blocked this group (blockGroupMessages)')) return REASONS.userIgnore
  const forced = isTrue(ext.em_force_notification)
  const quiet = forced ? undefined : doNotDisturbCause(recipient, ctx)
  if (!note('do not disturb', quiet === undefined,
    forced ? 'em_force_notification overrides do-not-disturb' : quiet ?? 'outside every do-not-disturb window')) return REASONS.userIgnore
  const type = effectiveType(recipient)
  if (!note('notification type', type !== 'NONE', `type ${type}`)) return REASONS.userIgnore
  if (type === 'AT') {
    const named = mentions(ext, recipient.username)
    if (!note('notification type', named, named ? 'em_at_list names the user' : 'type AT and em_at_list does not name the user')) return REASONS.userIgnore
  }
  return undefined
}

/** App-wide window, legacy hours, app-wide or conversation duration (decisions.md). */
export function inDoNotDisturb (recipient: Recipient, ctx: Pick<Context, 'now' | 'timeZone' | 'minute'>): boolean {
  return doNotDisturbCause(recipient, ctx) !== undefined
}

/** Which do-not-disturb source holds at `ctx.now`, in words; undefined if none does. */
export function doNotDisturbCause (recipient: Recipient, ctx: Pick<Context, 'now' | 'timeZone' | 'minute'>): string | undefined {
  const { appWide, conversation, legacy } = recipient
  const iso = (ms: number): string => new Date(ms).toISOString()
  if (isActive(appWide?.ignore_until, ctx.now)) return `app-wide ignoreDuration runs until ${iso(appWide.ignore_until)}`
  if (isActive(conversation?.ignore_until, ctx.now)) return `the conversation's ignoreDuration runs until ${iso(conversation.ignore_until)}`
  // The minute of the day costs a time-zone conversion: given once per delivery, or worked out
  // only when there is a window to test.
  const minute = (): number => ctx.minute ?? minuteOfDay(ctx.now, ctx.timeZone)
  const interval = appWide?.ignore_interval
  const w = interval === null || interval === undefined ? undefined : intervalWindow(interval)
  if (w !== undefined && isInWindow(w, minute())) return `inside the app-wide ignoreInterval ${interval as string} (${ctx.timeZone})`
  if (legacy.on === true && legacy.start !== null && legacy.end !== null && isInWindow(legacyWindow(legacy.start, legacy.end), minute())) {
    return `inside the legacy do-not-disturb hours ${legacy.start}–${legacy.end} (${ctx.timeZone})`
  }
  return undefined
}

/** The conversation's type unless unset or `DEFAULT`, else the app-wide one, else `ALL`. */
export function effectiveType (recipient: Pick<Recipient, 'appWide' | 'conversation'>): string {
  const own = recipient.conversation?.type
  if (own !== null && own !== undefined && own !== 'DEFAULT') return own
  const wide = recipient.appWide?.type
  return wide !== null && wide !== undefined && wide !== 'DEFAULT' ? wide : 'ALL'
}

/**
 * Whether `em_at_list` names the recipient or is "all" (any case: the docs spell it three ways).
 * The settings docs put it at the top of `ext`, older client docs inside `em_apns_ext`.
 */
export function mentions (ext: Record<string, unknown>, username: string): boolean {
  const lists = [ext.em_at_list, asRecord(ext.em_apns_ext).em_at_list]
  return lists.some(list => {
    const names = typeof list === 'string' ? [list] : Array.isArray(list) ? list : []
    return names.some(n => typeof n === 'string' && (n.toLowerCase() === 'all' || n.toLowerCase() === username))
  })
}

function filtered (filter: Record<string, unknown>, device: Device): boolean {
  const has = (key: string, value: string): boolean | undefined => {
    const list = filter[key]
    return Array.isArray(list) && list.length > 0 ? list.includes(value) : undefined
  }
  return has('accept_device_id', device.device_id) === false ||
    has('accept_notifier_name', device.notifier_name) === false ||
    has('ignore_device_id', device.device_id) === true ||
    has('ignore_notifier_name', device.notifier_name) === true
}

/** The text a message stands for in `{$msg}` and the summary. */
export function messageText (message: Pick<Message, 'type' | 'body'>): string {
  if (message.type === 'txt') return typeof message.body.msg === 'string' ? message.body.msg : ''
  return TYPE_LABELS[message.type] ?? ''
}

/**
 * Title and content, each layer over the one before (easemob-reference.md §6.3): display style,
 * the `default`/`detail` template, the sender's `em_push_ext`/`em_apns_ext` title and content, the
 * recipient's template, the sender's `em_push_template` (or its directed template for this recipient).
 */
export function display (message: Message, sender: Sender, recipient: Recipient, template: Context['template']): { title: string, content: string } {
  const ext = message.ext
  const text = messageText(message)
  const pushExt = asRecord(ext.em_push_ext)
  const apnsExt = asRecord(ext.em_apns_ext)
  const nickname = sender.nickname ?? sender.username
  const groupNickname = message.chatType === 'groupchat' ? str(pushExt.group_user_nickname) : undefined
  const builtins: Record<string, string> = {
    fromNickname: nickname,
    msg: text,
    dynamicFrom: groupNickname ?? nickname
  }
  const expand = (pattern: string, args: unknown): string => {
    const list = Array.isArray(args) ? args : []
    return pattern
      .replace(/\{(\d+)\}/g, (whole, i: string) => {
        const arg: unknown = list[Number(i)]
        return typeof arg === 'string' || typeof arg === 'number' ? String(arg) : whole
      })
      .replace(/\{\$(fromNickname|msg|dynamicFrom)\}/g, (_, name: string) => builtins[name] as string)
  }

  const style = recipient.displayStyle === 1 ? 1 : 0
  // Under style 1 group pushes name the group, not the sender (client push_display.md).
  const who = message.chatType === 'groupchat' && message.groupId !== null ? message.groupId : nickname
  let title = DEFAULT_TITLE
  let content = style === 1 ? `${who}: ${text}` : DEFAULT_CONTENT

  const use = (name: unknown, titleArgs?: unknown, contentArgs?: unknown): boolean => {
    const t = typeof name === 'string' && name !== '' ? template(name) : undefined
    if (t === undefined) return false
    title = expand(t.title_pattern, titleArgs)
    content = expand(t.content_pattern, contentArgs)
    return true
  }

  use(style === 1 ? 'detail' : 'default')
  title = str(apnsExt.em_push_title) ?? str(pushExt.title) ?? title
  content = str(apnsExt.em_push_content) ?? str(pushExt.content) ?? content
  use(recipient.templateName)
  // The sender's template: the directed one if it targets this recipient (groups), else the main one.
  for (const chosen of senderTemplates(message, recipient.username)) {
    if (use(chosen.name, chosen.title_args, chosen.content_args)) break
  }
  return { title, content }
}

/** The sender's templates for this recipient, best first: a directed one that targets them, the main one. */
function senderTemplates (message: Message, username: string): Array<Record<string, unknown>> {
  const main = asRecord(message.ext.em_push_template)
  const directed = asRecord(main.directed_template)
  const targets = Array.isArray(directed.target) ? directed.target : []
  const targeted = message.chatType === 'groupchat' && targets.some(t => typeof t === 'string' && t.toLowerCase() === username)
  return targeted ? [directed, main] : [main]
}

/** `true`, `"true"`, `"YES"` (the web SDK's spelling of force) or 1. */
export function isTrue (value: unknown): boolean {
  return value === true || value === 1 || (typeof value === 'string' && ['true', 'yes', '1'].includes(value.toLowerCase()))
}

function asRecord (value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value as Record<string, unknown> : {}
}

function str (value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}
