import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { dataEnvelope, envelopeContext } from '../http/envelope.js'
import { appOf } from '../http/request-context.js'
import { check, invalidRequestBody, messageSendError, messageTooLarge } from '../http/vendor-error.js'
import { AppPath } from '../schemas/common.js'
import { MESSAGE_TYPES, SendMessageRequest } from '../schemas/messages.js'
import type { Services } from '../services/index.js'

/** The body plus ext may not pass 5 KB (message_single.md). */
export const MAX_MESSAGE_BYTES = 5 * 1024

/** Fields each type's `body` must carry (message_single.md's tables). */
const REQUIRED_BODY: Readonly<Record<string, readonly string[]>> = {
  txt: ['msg'], img: ['url'], audio: ['url'], video: ['url'], file: ['url'], loc: ['lat', 'lng', 'addr'], cmd: ['action'], custom: []
}

interface Send {
  from: string
  to: string[]
  type: string
  body: Record<string, unknown>
  ext: Record<string, unknown>
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Checks a send body in the vendor's order and words; `limit` is 600 users or 3 groups. */
export function readSend (raw: unknown, limit: number): Send {
  check(isObject(raw), invalidRequestBody)
  const { from = 'admin', to, type, body, ext = {} } = raw
  check(typeof from === 'string' && from !== '', () => messageSendError("param from can't be empty"))
  check(Array.isArray(to) && to.length > 0, () => messageSendError("param to can't be empty"))
  check(to.length <= limit, () => messageSendError(`params to's size can't exceed limit ${limit}`))
  check(to.every(t => typeof t === 'string' && t !== ''), invalidRequestBody)
  check(typeof type === 'string' && type !== '', () => messageSendError("param type can't be empty"))
  check((MESSAGE_TYPES as readonly string[]).includes(type), invalidRequestBody)
  check(isObject(body) && Object.keys(body).length > 0, () => messageSendError("param body can't be empty"))
  check((REQUIRED_BODY[type] as readonly string[]).every(f => typeof body[f] === 'string'), invalidRequestBody)
  check(isObject(ext), () => messageSendError('param ext must be JSONObject'))
  check(Buffer.byteLength(JSON.stringify(body)) + Buffer.byteLength(JSON.stringify(ext)) <= MAX_MESSAGE_BYTES, messageTooLarge)
  return { from: from.toLowerCase(), to: to as string[], type, body, ext }
}

/**
 * The vendor's send API, here to run the delivery simulation: every recipient is evaluated as
 * the real service would, and the outcome kept for `GET /_mock/pushes`. Nothing is delivered.
 */
export const messageRoutes: FastifyPluginAsyncTypebox<Services> = async (app, s) => {
  // The body is checked by readSend, in the vendor's words; the schema only documents it.
  const options = { schema: { params: AppPath, body: SendMessageRequest }, attachValidation: true }
  const raw = (req: FastifyRequest): unknown => req.body

  /** The vendor's own checks first, in its words; any other field of the wrong type is a bad body. */
  const read = (req: FastifyRequest, limit: number): Send => {
    const send = readSend(raw(req), limit)
    check(req.validationError === undefined, invalidRequestBody)
    return send
  }

  app.post('/:org_name/:app_name/messages/users', options, (req, reply) => {
    const send = read(req, 600)
    const target = appOf(req.mock)
    const recipients = [...new Set(send.to.map(t => t.toLowerCase()))]
    const ids = s.delivery.send(target, { ...send, chatType: 'chat', groupId: null }, recipients, req.mock.now)
    const data = Object.fromEntries(send.to.map(t => [t, ids.get(t.toLowerCase()) as string]))
    return dataEnvelope(envelopeContext(req), data, '/messages/users')
  })

  app.post('/:org_name/:app_name/messages/chatgroups', options, (req, reply) => {
    const send = read(req, 3)
    const target = appOf(req.mock)
    const data: Record<string, string> = {}
    for (const groupId of new Set(send.to)) {
      // The vendor doesn't check that the group exists; an unknown one just reaches no one.
      const group = s.groups.find(target.id, groupId)
      const members = group === undefined ? [] : s.groups.members(group).map(m => m.username).filter(u => u !== send.from)
      const id = s.delivery.newMessageId(req.mock.now)
      s.delivery.send(target, { ...send, chatType: 'groupchat', groupId }, members, req.mock.now, id)
      data[groupId] = id
    }
    return dataEnvelope(envelopeContext(req), data, '/messages/chatgroups')
  })
}
