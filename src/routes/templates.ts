import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { TemplateRow } from '../db/repositories/templates-repo.js'
import { isValidTemplateName } from '../domain/template-name.js'
import { dataEnvelope, envelopeContext } from '../http/envelope.js'
import { appOf } from '../http/request-context.js'
import { check, duplicateUniqueProperty, entityNotFound, invalidParameter } from '../http/vendor-error.js'
import { AppPath } from '../schemas/common.js'
import { TemplatePath, TemplateRequest, TemplateUpdateRequest } from '../schemas/push.js'
import type { Services } from '../services/index.js'

/** The vendor's template object: camelCase times beside snake_case patterns, as its examples show. */
function toTemplate (t: TemplateRow) {
  return {
    name: t.name,
    createAt: t.create_at,
    updateAt: t.update_at,
    title_pattern: t.title_pattern,
    content_pattern: t.content_pattern
  }
}

const notExist = (name: string) => () => entityNotFound(`${name} template is not exist`)

/** Push templates (push doc §创建/查询/删除离线推送模板; modify from push_error.md). */
export const templateRoutes: FastifyPluginAsyncTypebox<Services> = async (app, s) => {
  app.post('/:org_name/:app_name/notification/template', {
    schema: { params: AppPath, body: TemplateRequest }
  }, (req, reply) => {
    const { name, title_pattern, content_pattern } = req.body
    check(isValidTemplateName(name), () => invalidParameter('name'))
    const created = s.templates.create(appOf(req.mock).id, { name, title_pattern, content_pattern }, req.mock.now)
    check(created !== undefined, () => duplicateUniqueProperty(`template ${name} already exists`))
    return dataEnvelope(envelopeContext(req), toTemplate(created))
  })

  app.get('/:org_name/:app_name/notification/template/:name', {
    schema: { params: TemplatePath }
  }, (req, reply) => {
    const found = s.templates.find(appOf(req.mock).id, req.params.name)
    check(found !== undefined, notExist(req.params.name))
    return dataEnvelope(envelopeContext(req), toTemplate(found))
  })

  app.put('/:org_name/:app_name/notification/template/:name', {
    schema: { params: TemplatePath, body: TemplateUpdateRequest }
  }, (req, reply) => {
    const updated = s.templates.update(appOf(req.mock).id, req.params.name, req.body, req.mock.now)
    check(updated !== undefined, notExist(req.params.name))
    return dataEnvelope(envelopeContext(req), toTemplate(updated))
  })

  app.delete('/:org_name/:app_name/notification/template/:name', {
    schema: { params: TemplatePath }
  }, (req, reply) => {
    const removed = s.templates.remove(appOf(req.mock).id, req.params.name)
    check(removed !== undefined, notExist(req.params.name))
    return dataEnvelope(envelopeContext(req), toTemplate(removed))
  })
}
