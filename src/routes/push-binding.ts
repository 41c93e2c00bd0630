import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { envelopeContext, shortEnvelope } from '../http/envelope.js'
import { appOf } from '../http/request-context.js'
import { check, invalidParameter } from '../http/vendor-error.js'
import { UserPath } from '../schemas/common.js'
import { BindingRequest } from '../schemas/push.js'
import type { Services } from '../services/index.js'

/** Device push bindings (push doc §绑定和解绑推送信息, §查询推送绑定信息). */
export const pushBindingRoutes: FastifyPluginAsyncTypebox<Services> = async (app, s) => {
  app.put('/:org_name/:app_name/users/:username/push/binding', {
    schema: { params: UserPath, body: BindingRequest }
  }, (req, reply) => {
    check(req.body.device_id !== '', () => invalidParameter('device_id'))
    const user = s.lookup.keyForPush(appOf(req.mock).id, req.params.username, req.mock.now)
    const { device_id, device_token, notifier_name } = req.body
    const entities = s.push.bind(user.id, { device_id, device_token, notifier_name })
    return shortEnvelope(envelopeContext(req), entities)
  })

  app.get('/:org_name/:app_name/users/:username/push/binding', {
    schema: { params: UserPath }
  }, (req, reply) => {
    const user = s.lookup.forPush(appOf(req.mock).id, req.params.username, req.mock.now)
    return shortEnvelope(envelopeContext(req), s.push.bindings(user.id))
  })
}
