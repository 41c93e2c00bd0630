import { transaction } from '../db/database.js'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { isValidNickname } from '../domain/nickname.js'
import { envelopeContext, pushEnvelope } from '../http/envelope.js'
import { appOf } from '../http/request-context.js'
import { check, illegalArgument } from '../http/vendor-error.js'
import { AppPath } from '../schemas/common.js'
import { PushNicknameRequest } from '../schemas/users.js'
import type { Services } from '../services/index.js'

export const MAX_NICKNAME_BATCH = 50

/**
 * `PUT /push/nickname`: up to 50 push nicknames in one call (ZH-NEW push_nickname_set_batch.md).
 * It sets the same `nickname` as `PUT /users/{u}`; one unknown user rejects the whole batch.
 */
export const pushNicknameRoutes: FastifyPluginAsyncTypebox<Services> = async (app, s) => {
  const setAll = transaction(s.db, (appId: number, items: Array<{ username: string, push_nickname: string }>, now: number) =>
    items.map(item => {
      const user = s.lookup.forPush(appId, item.username, now)
      s.users.update(user.id, { nickname: item.push_nickname === '' ? null : item.push_nickname }, now)
      return { push_nickname: item.push_nickname, username: user.username }
    }))

  app.put('/:org_name/:app_name/push/nickname', {
    schema: { params: AppPath, body: PushNicknameRequest }
  }, (req, reply) => {
    const items = req.body
    check(items.length > 0, () => illegalArgument('put user push nicknames illegal empty request body'))
    check(items.length <= MAX_NICKNAME_BATCH, () => illegalArgument('put user push nicknames exceeds the limit'))
    for (const item of items) {
      check(isValidNickname(item.push_nickname), () => illegalArgument(`${item.username} push nickname length exceeds the limit`))
    }
    const entities = setAll(appOf(req.mock).id, items, req.mock.now)
    return pushEnvelope(envelopeContext(req), entities)
  })
}
