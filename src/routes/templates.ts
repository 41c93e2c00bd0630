import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { dataEnvelope, envelopeContext } from '../http/envelope.js'
import { appOf } from '../http/request-context.js'
import { toTemplateEntity } from '../http/template-entity.js'
import { AppPath } from '../schemas/common.js'
import { TemplatePath, TemplateRequest, TemplateUpdateRequest } from '../schemas/push.js'
import type { Services } from '../services/index.js'

/** Push templates (push doc §创建/查询/删除离线推送模板; modify from push_error.md). */
export const templateRoutes: FastifyPluginAsyncTypebox<Services> = async (app, s) => {
  app.post('/:org_name/:app_name/notification/template', {
    schema: { params: AppPath, body: TemplateRequest }
  }, (req, reply) => {
    const created = s.templateService.create(appOf(req.mock).id, req.body, req.mock.now)
    return dataEnvelope(envelopeContext(req), toTemplateEntity(created))
  })

  app.get('/:org_name/:app_name/notification/template/:name', {
    schema: { params: TemplatePath }
  }, (req, reply) => {
    const found = s.templateService.find(appOf(req.mock).id, req.params.name)
    return dataEnvelope(envelopeContext(req), toTemplateEntity(found))
  })

  app.put('/:org_name/:app_name/notification/template/:name', {
    schema: { params: TemplatePath, body: TemplateUpdateRequest }
  }, (req, reply) => {
    const updated = s.templateService.update(appOf(req.mock).id, req.params.name, req.body, req.mock.now)
    return dataEnvelope(envelopeContext(req), toTemplateEntity(updated))
  })

  app.delete('/:org_name/:app_name/notification/template/:name', {
    schema: { params: TemplatePath }
  }, (req, reply) => {
    const removed = s.templateService.remove(appOf(req.mock).id, req.params.name)
    return dataEnvelope(envelopeContext(req), toTemplateEntity(removed))
  })
}
