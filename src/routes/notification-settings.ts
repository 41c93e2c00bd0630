import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { dataEnvelope, envelopeContext } from '../http/envelope.js'
import { appOf } from '../http/request-context.js'
import { SettingEnvelope, SettingPath, SettingRequest } from '../schemas/push.js'
import type { Services } from '../services/index.js'

/**
 * Notification mode and do-not-disturb per conversation (push doc §设置离线推送, §查询离线推送设置).
 * `chattype=user` with `key` equal to the user is the user's app-wide setting
 * (services/notification-settings.ts). Fastify serializes the answer from its response schema.
 */
export const notificationSettingRoutes: FastifyPluginAsyncTypebox<Services> = async (app, s) => {
  app.put('/:org_name/:app_name/users/:username/notification/:chattype/:key', {
    schema: { params: SettingPath, body: SettingRequest, response: { 200: SettingEnvelope } }
  }, (req) => {
    const view = s.settings.write(appOf(req.mock).id, req.params, req.body, req.mock.now)
    return dataEnvelope(envelopeContext(req), view, '/users')
  })

  app.get('/:org_name/:app_name/users/:username/notification/:chattype/:key', {
    schema: { params: SettingPath, response: { 200: SettingEnvelope } }
  }, (req) => {
    const view = s.settings.read(appOf(req.mock).id, req.params, req.mock.now)
    return dataEnvelope(envelopeContext(req), view, '/users')
  })
}
