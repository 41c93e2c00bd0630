import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ignoreUntil, MAX_IGNORE_DURATION_MS } from '../domain/expiry.js'
import { toInteger } from '../domain/coerce.js'
import { CHAT_TYPES, isNotificationType, viewSetting, type StoredSetting } from '../domain/notification-setting.js'
import { normalizeInterval } from '../domain/quiet-hours.js'
import { envelopeContext, JSON_TYPE, settingEnvelopeJson } from '../http/envelope.js'
import { appOf } from '../http/request-context.js'
import { check, invalidParameter, urlInvalid } from '../http/vendor-error.js'
import { SettingPath, SettingRequest } from '../schemas/push.js'
import type { Services } from '../services/index.js'

/**
 * Notification mode and do-not-disturb per conversation (push doc §设置离线推送, §查询离线推送设置).
 * `chattype=user` with `key` equal to the user is the user's app-wide setting.
 */
export const notificationSettingRoutes: FastifyPluginAsyncTypebox<Services> = async (app, s) => {
  const target = (params: { username: string, chattype: string, key: string }, appId: number, now: number) => {
    check((CHAT_TYPES as readonly string[]).includes(params.chattype) && params.key !== '', urlInvalid)
    const user = s.lookup.keyForPush(appId, params.username, now)
    // User ids are case-insensitive, group ids are not.
    const key = params.chattype === 'user' ? params.key.toLowerCase() : params.key
    return { user, key, appWide: params.chattype === 'user' && key === user.username }
  }

  // Checks, a read of the fields the body leaves out, then one write, all synchronous: no other
  // request can run in between, and a single statement is atomic on its own, so no transaction
  // (BEGIN and COMMIT cost two more statements on the busiest write). A body that sets every field
  // needs no read: skipping it saved ≈ 16,000 instructions a write (README.md, Performance).
  const put = (userId: number, chattype: string, key: string, appWide: boolean,
    body: { type?: string, ignoreInterval?: string, ignoreDuration?: number | string }, now: number): StoredSetting => {
    let type: string | null | undefined
    let interval: string | null | undefined
    let until: number | null | undefined
    if (body.type !== undefined) {
      // DEFAULT means "follow the app-wide setting", so the app-wide setting itself can't take it.
      check(isNotificationType(body.type) && !(appWide && body.type === 'DEFAULT'), () => invalidParameter('type'))
      type = body.type
    }
    if (body.ignoreInterval !== undefined) {
      const normal = body.ignoreInterval === '' ? '' : normalizeInterval(body.ignoreInterval)
      check(normal !== undefined, () => invalidParameter('ignoreInterval'))
      interval = normal === '' ? null : normal
    }
    if (body.ignoreDuration !== undefined) {
      const ms = toInteger(body.ignoreDuration)
      check(ms !== undefined && ms >= 0 && ms <= MAX_IGNORE_DURATION_MS, () => invalidParameter('ignoreDuration'))
      until = ignoreUntil(now, ms) ?? null
    }
    if (type === undefined || interval === undefined || until === undefined) {
      const stored = s.push.setting(userId, chattype, key)
      if (type === undefined) type = stored?.type ?? null
      if (interval === undefined) interval = stored?.ignore_interval ?? null
      if (until === undefined) until = stored?.ignore_until ?? null
    }
    const next: StoredSetting = { type, ignore_interval: interval, ignore_until: until }
    s.push.putSetting(userId, chattype, key, next)
    return next
  }

  app.put('/:org_name/:app_name/users/:username/notification/:chattype/:key', {
    schema: { params: SettingPath, body: SettingRequest }
  }, (req, reply) => {
    const now = req.mock.now
    const { user, key, appWide } = target(req.params, appOf(req.mock).id, now)
    const stored = put(user.id, req.params.chattype, key, appWide, req.body, now)
    return reply.type(JSON_TYPE).send(settingEnvelopeJson(envelopeContext(req), viewSetting(stored, appWide, now)))
  })

  app.get('/:org_name/:app_name/users/:username/notification/:chattype/:key', {
    schema: { params: SettingPath }
  }, (req, reply) => {
    const now = req.mock.now
    const { user, key, appWide } = target(req.params, appOf(req.mock).id, now)
    const stored = s.push.setting(user.id, req.params.chattype, key)
    return reply.type(JSON_TYPE).send(settingEnvelopeJson(envelopeContext(req), viewSetting(stored, appWide, now)))
  })
}
