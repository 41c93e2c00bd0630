import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { dataEnvelope, envelopeContext } from '../http/envelope.js'
import { appOf } from '../http/request-context.js'
import { UserPath } from '../schemas/common.js'
import { LanguageRequest, UserTemplateRequest } from '../schemas/push.js'
import type { Services } from '../services/index.js'

/**
 * A user's preferred push language (push doc §设置/获取推送通知的首选语言) and the template the user
 * receives with (ZH-NEW push_template_receiver.md). Never set, both read as `""`.
 */
export const userPreferenceRoutes: FastifyPluginAsyncTypebox<Services> = async (app, s) => {
  app.put('/:org_name/:app_name/users/:username/notification/language', {
    schema: { params: UserPath, body: LanguageRequest }
  }, (req, reply) => {
    const { translationLanguage } = req.body
    s.accounts.setLanguage(appOf(req.mock).id, req.params.username, translationLanguage, req.mock.now)
    return dataEnvelope(envelopeContext(req), { language: translationLanguage }, '/users')
  })

  app.get('/:org_name/:app_name/users/:username/notification/language', {
    schema: { params: UserPath }
  }, (req, reply) => {
    const language = s.accounts.language(appOf(req.mock).id, req.params.username, req.mock.now)
    return dataEnvelope(envelopeContext(req), { language }, '/users')
  })

  app.put('/:org_name/:app_name/users/:username/notification/template', {
    schema: { params: UserPath, body: UserTemplateRequest }
  }, (req, reply) => {
    const { templateName } = req.body
    s.accounts.setTemplate(appOf(req.mock).id, req.params.username, templateName, req.mock.now)
    return dataEnvelope(envelopeContext(req), { templateName }, '/users')
  })

  app.get('/:org_name/:app_name/users/:username/notification/template', {
    schema: { params: UserPath }
  }, (req, reply) => {
    const templateName = s.accounts.template(appOf(req.mock).id, req.params.username, req.mock.now)
    return dataEnvelope(envelopeContext(req), { templateName }, '/users')
  })
}
