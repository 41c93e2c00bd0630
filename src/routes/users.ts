import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { envelopeContext, getUserEnvelope, usersEnvelope } from '../http/envelope.js'
import { appOf } from '../http/request-context.js'
import { toUserEntity } from '../http/user-entity.js'
import { AppPath, UserPath } from '../schemas/common.js'
import { RegisterRequest, UserUpdateRequest } from '../schemas/users.js'
import type { Services } from '../services/index.js'

/** Accounts: register, get, update (push nickname, display style, legacy DND, web-SDK binding), delete. */
export const userRoutes: FastifyPluginAsyncTypebox<Services> = async (app, s) => {
  app.post('/:org_name/:app_name/users', {
    schema: { params: AppPath, body: RegisterRequest }
  }, (req, reply) => {
    const target = appOf(req.mock)
    const result = s.accounts.register(target.id, target.uuid, req.body, req.mock.now)
    const entities = result.created.map(toUserEntity)
    // A batch lists the names it skipped; a single registration has no `data`.
    return usersEnvelope(envelopeContext(req), entities, Array.isArray(req.body) ? result.failed : undefined)
  })

  app.get('/:org_name/:app_name/users/:username', {
    schema: { params: UserPath }
  }, (req, reply) => {
    const user = s.lookup.forAccount(appOf(req.mock).id, req.params.username, req.mock.now)
    return getUserEnvelope(envelopeContext(req), toUserEntity(user), user.username)
  })

  app.put('/:org_name/:app_name/users/:username', {
    schema: { params: UserPath, body: UserUpdateRequest }
  }, (req, reply) => {
    const updated = s.accounts.update(appOf(req.mock).id, req.params.username, req.body, req.mock.now)
    return usersEnvelope(envelopeContext(req), [toUserEntity(updated)])
  })

  app.delete('/:org_name/:app_name/users/:username', {
    schema: { params: UserPath }
  }, (req, reply) => {
    const removed = s.accounts.remove(appOf(req.mock).id, req.params.username, req.mock.now)
    return usersEnvelope(envelopeContext(req), [toUserEntity(removed)])
  })
}
