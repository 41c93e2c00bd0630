import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { envelopeContext, JSON_TYPE, settingEnvelopeJson } from '../http/envelope.js'
import { appOf } from '../http/request-context.js'
import { SettingPath, SettingRequest } from '../schemas/push.js'
import type { Services } from '../services/index.js'

/**
 * Notification mode and do-not-disturb per conversation (push doc §设置离线推送, §查询离线推送设置).
 * `chattype=user` with `key` equal to the user is the user's app-wide setting
 * (services/notification-settings.ts).
 */
export const notificationSettingRoutes: FastifyPluginAsyncTypebox<Services> = async (app, s) => {
  app.put('/:org_name/:app_name/users/:username/notification/:chattype/:key', {
    schema: { params: SettingPath, body: SettingRequest }
  }, (req, reply) => {
    const view = s.settings.write(appOf(req.mock).id, req.params, req.body, req.mock.now)
    return reply.type(JSON_TYPE).send(settingEnvelopeJson(envelopeContext(req), view))
  })

  app.get('/:org_name/:app_name/users/:username/notification/:chattype/:key', {
    schema: { params: SettingPath }
  }, (req, reply) => {
    const view = s.settings.read(appOf(req.mock).id, req.params, req.mock.now)
    return reply.type(JSON_TYPE).send(settingEnvelopeJson(envelopeContext(req), view))
  })
}
