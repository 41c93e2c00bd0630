import { transaction } from '../db/database.js'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { envelopeContext, getUserEnvelope, usersEnvelope } from '../http/envelope.js'
import { appOf } from '../http/request-context.js'
import { toUserEntity } from '../http/user-entity.js'
import { AppPath, UserPath } from '../schemas/common.js'
import { RegisterRequest, UserUpdateRequest } from '../schemas/users.js'
import type { Services } from '../services/index.js'
import { createRegistration } from '../services/register.js'
import { planUserUpdate } from '../services/user-update.js'

/** Accounts: register, get, update (push nickname, display style, legacy DND, web-SDK binding), delete. */
export const userRoutes: FastifyPluginAsyncTypebox<Services> = async (app, s) => {
  const register = createRegistration(s.db, s.users)
  const update = transaction(s.db, (userId: number, body: Parameters<typeof planUserUpdate>[0], now: number) => {
    const { patch, binding } = planUserUpdate(body)
    if (binding !== undefined) s.push.bind(userId, binding)
    return s.users.update(userId, patch, now)
  })

  app.post('/:org_name/:app_name/users', {
    schema: { params: AppPath, body: RegisterRequest }
  }, (req, reply) => {
    const target = appOf(req.mock)
    const result = register(target.id, target.uuid, req.body, req.mock.now)
    const entities = result.created.map(toUserEntity)
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
    const user = s.lookup.forPush(appOf(req.mock).id, req.params.username, req.mock.now)
    const updated = update(user.id, req.body, req.mock.now)
    return usersEnvelope(envelopeContext(req), [toUserEntity(updated)])
  })

  app.delete('/:org_name/:app_name/users/:username', {
    schema: { params: UserPath }
  }, (req, reply) => {
    const user = s.lookup.forAccount(appOf(req.mock).id, req.params.username, req.mock.now)
    s.users.remove(user.id)
    return usersEnvelope(envelopeContext(req), [toUserEntity(user)])
  })
}
