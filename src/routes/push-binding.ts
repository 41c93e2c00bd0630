import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { envelopeContext, shortEnvelope } from '../http/envelope.js'
import { appOf } from '../http/request-context.js'
import { UserPath } from '../schemas/common.js'
import { BindingRequest } from '../schemas/push.js'
import type { Services } from '../services/index.js'

/** Device push bindings (push doc §绑定和解绑推送信息, §查询推送绑定信息). */
export const pushBindingRoutes: FastifyPluginAsyncTypebox<Services> = async (app, s) => {
  app.put('/:org_name/:app_name/users/:username/push/binding', {
    schema: { params: UserPath, body: BindingRequest }
  }, (req, reply) => {
    const entities = s.accounts.bind(appOf(req.mock).id, req.params.username, req.body, req.mock.now)
    return shortEnvelope(envelopeContext(req), entities)
  })

  app.get('/:org_name/:app_name/users/:username/push/binding', {
    schema: { params: UserPath }
  }, (req, reply) => {
    const entities = s.accounts.bindings(appOf(req.mock).id, req.params.username, req.mock.now)
    return shortEnvelope(envelopeContext(req), entities)
  })
}
