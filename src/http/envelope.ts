import type { FastifyReply, FastifyRequest } from 'fastify'
import { appOf } from './request-context.js'

/**
 * Success envelopes, one builder per shape the vendor's examples show. The only place that knows
 * the envelope's field names and which endpoint sends which of them.
 */
interface EnvelopeContext {
  action: string
  timestamp: number
  duration: number
  organization: string
  applicationName: string
  application: string
  /** `scheme://host/org/app`, the prefix of every `uri`. */
  base: string
  /** The request's own URL without the query. */
  url: string
}

export function envelopeContext (req: FastifyRequest, reply: FastifyReply): EnvelopeContext {
  const app = appOf(req.mock)
  const base = `${req.protocol}://${req.host}/${app.org_name}/${app.app_name}`
  const path = req.url.split('?', 1)[0] as string
  return {
    action: req.method.toLowerCase(),
    timestamp: req.mock.now,
    duration: Math.round(reply.elapsedTime),
    organization: app.org_name,
    applicationName: app.app_name,
    application: app.uuid,
    base,
    url: `${req.protocol}://${req.host}${path}`
  }
}

/** User writes (register, update, delete): full envelope, `uri` without the username (AUTOTEST captures). */
export function usersEnvelope<E> (c: EnvelopeContext, entities: E[], data?: unknown[]) {
  return {
    action: c.action,
    application: c.application,
    path: '/users',
    uri: `${c.base}/users`,
    entities,
    ...(data === undefined ? {} : { data }),
    timestamp: c.timestamp,
    duration: c.duration,
    organization: c.organization,
    applicationName: c.applicationName
  }
}

/** `GET /users/{u}`: the account page's example, with `count` and no app fields. */
export function getUserEnvelope<E> (c: EnvelopeContext, entity: E, username: string) {
  return {
    action: c.action,
    path: '/users',
    uri: `${c.base}/users/${username}`,
    entities: [entity],
    timestamp: c.timestamp,
    duration: c.duration,
    count: 1
  }
}

/** Push bindings answer with only these four fields (push doc §绑定和解绑推送信息). */
export function shortEnvelope<E> (c: EnvelopeContext, entities: E[]) {
  return { timestamp: c.timestamp, entities, action: c.action, duration: c.duration }
}

/** `data` payloads: settings, language and recipient template (`path` "/users"), templates (no `path`). */
export function dataEnvelope<D> (c: EnvelopeContext, data: D, path?: string) {
  return {
    ...(path === undefined ? {} : { path }),
    uri: c.url,
    timestamp: c.timestamp,
    organization: c.organization,
    application: c.application,
    action: c.action,
    data,
    duration: c.duration,
    applicationName: c.applicationName
  }
}

/** `PUT /push/nickname`: `path` "/push" with `entities`. */
export function pushEnvelope<E> (c: EnvelopeContext, entities: E[]) {
  return {
    path: '/push',
    uri: `${c.base}/push`,
    timestamp: c.timestamp,
    organization: c.organization,
    application: c.application,
    action: c.action,
    entities,
    duration: c.duration,
    applicationName: c.applicationName
  }
}

/** The group service's envelope (group_manage.md, group_member.md): `entities` empty, `data` the answer. */
export function groupEnvelope<D> (c: EnvelopeContext, data: D, extra: { count?: number, params?: Record<string, string[]> } = {}) {
  return {
    action: c.action,
    application: c.application,
    ...(extra.params === undefined ? {} : { params: extra.params }),
    uri: c.url,
    entities: [],
    data,
    timestamp: c.timestamp,
    duration: c.duration,
    organization: c.organization,
    applicationName: c.applicationName,
    ...(extra.count === undefined ? {} : { count: extra.count })
  }
}
