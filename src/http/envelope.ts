import type { FastifyRequest } from 'fastify'
import { monotonic } from '../clock.js'
import type { AppRow } from '../db/repositories/apps-repo.js'
import type { SettingView } from '../domain/notification-setting.js'
import { jsonInner, numberText } from './json-text.js'
import { appOf } from './request-context.js'

/**
 * Success envelopes, one builder per shape the vendor's examples show. The only place that knows
 * the envelope's field names and which endpoint sends which of them.
 */
export interface EnvelopeContext {
  app: AppRow
  action: string
  timestamp: number
  duration: number
  organization: string
  applicationName: string
  application: string
  /** `scheme://host`, which every `uri` starts with. */
  origin: string
  /** The request's path: its URL as received, without the query. */
  path: string
}

/** Each method's `action`, made once rather than lower-cased on every request. */
const ACTIONS: Partial<Record<string, string>> = { __proto__: null, GET: 'get', POST: 'post', PUT: 'put', DELETE: 'delete' } as never

export function envelopeContext (req: FastifyRequest): EnvelopeContext {
  const app = appOf(req.mock)
  const origin = `${req.protocol}://${req.host}`
  const query = req.url.indexOf('?')
  const path = query === -1 ? req.url : req.url.slice(0, query)
  return {
    app,
    action: ACTIONS[req.method] ?? req.method.toLowerCase(),
    timestamp: req.mock.now,
    duration: Math.round(monotonic() - req.mock.started),
    organization: app.org_name,
    applicationName: app.app_name,
    application: app.uuid,
    origin,
    path
  }
}

/** The request's own URL without the query, the `uri` of the envelopes that echo it. */
const url = (c: EnvelopeContext): string => c.origin + c.path

/** `scheme://host/org/app`, the prefix of the `uri` of the envelopes that don't echo the URL. */
const base = (c: EnvelopeContext): string => `${c.origin}/${c.organization}/${c.applicationName}`

/*
 * A note on building these: an object literal with a spread *before* other properties
 * (`{ ...(x ? {} : { x }), a, b }`) takes V8's slow path, ≈ 5 µs an envelope (docs/performance.md).
 * Optional fields in the middle are therefore set in order on a plain object, which keeps the
 * vendor's field order and costs nanoseconds.
 */

/** User writes (register, update, delete): full envelope, `uri` without the username (AUTOTEST captures). */
export function usersEnvelope<E> (c: EnvelopeContext, entities: E[], data?: unknown[]) {
  const body: { action: string, application: string, path: string, uri: string, entities: E[], data?: unknown[], timestamp: number, duration: number, organization: string, applicationName: string } =
    { action: c.action, application: c.application, path: '/users', uri: `${base(c)}/users`, entities } as never
  if (data !== undefined) body.data = data
  body.timestamp = c.timestamp
  body.duration = c.duration
  body.organization = c.organization
  body.applicationName = c.applicationName
  return body
}

/** `GET /users/{u}`: the account page's example, with `count` and no app fields. */
export function getUserEnvelope<E> (c: EnvelopeContext, entity: E, username: string) {
  return {
    action: c.action,
    path: '/users',
    uri: `${base(c)}/users/${username}`,
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

interface DataEnvelope<D> {
  path: string
  uri: string
  timestamp: number
  organization: string
  application: string
  action: string
  data: D
  duration: number
  applicationName: string
}

/** `data` payloads: settings, language and recipient template (`path` "/users"), templates (no `path`). */
export function dataEnvelope<D> (c: EnvelopeContext, data: D): Omit<DataEnvelope<D>, 'path'>
export function dataEnvelope<D> (c: EnvelopeContext, data: D, path: string): DataEnvelope<D>
export function dataEnvelope<D> (c: EnvelopeContext, data: D, path?: string) {
  // Two literals rather than a spread (see above): with `path` first, or without it.
  if (path === undefined) {
    return { uri: url(c), timestamp: c.timestamp, organization: c.organization, application: c.application, action: c.action, data, duration: c.duration, applicationName: c.applicationName }
  }
  return { path, uri: url(c), timestamp: c.timestamp, organization: c.organization, application: c.application, action: c.action, data, duration: c.duration, applicationName: c.applicationName }
}

/** A `data` page with the vendor's top-level `cursor`, present only while more pages follow. */
export function cursorEnvelope<D> (c: EnvelopeContext, data: D, cursor: string | undefined): DataEnvelope<D> & { cursor?: string } {
  const body: DataEnvelope<D> & { cursor?: string } = dataEnvelope(c, data, '/users')
  if (cursor !== undefined) body.cursor = cursor
  return body
}

/** What Fastify labels the JSON it serializes itself, for the envelope sent as ready text. */
export const JSON_TYPE = 'application/json; charset=utf-8'

/**
 * The setting routes' answer (`dataEnvelope(c, view, '/users')`) as JSON text, built directly:
 * these are the busiest answers. Measured A/B against Fastify serializing it from a response
 * schema (fast-json-stringify): on Node 20.20 it saved 7 % of read and write and 4 % of mixed
 * throughput (6 % CPU a request); on Node 24.22, between −3 % and +4 % (docs/performance.md).
 * test/envelope.test.ts holds the text to `JSON.stringify` of the object, field order included.
 */
export function settingEnvelopeJson (c: EnvelopeContext, view: SettingView): string {
  return `{"path":"/users","uri":"${jsonInner(c.origin)}${jsonInner(c.path)}","timestamp":${numberText(c.timestamp)}` +
    `,"organization":"${jsonInner(c.organization)}","application":"${jsonInner(c.application)}","action":"${jsonInner(c.action)}"` +
    `,"data":{"type":"${jsonInner(view.type)}","ignoreDuration":${numberText(view.ignoreDuration)},"ignoreInterval":"${jsonInner(view.ignoreInterval)}"}` +
    `,"duration":${c.duration},"applicationName":"${jsonInner(c.applicationName)}"}`
}

/** `PUT /push/nickname`: `path` "/push" with `entities`. */
export function pushEnvelope<E> (c: EnvelopeContext, entities: E[]) {
  return {
    path: '/push',
    uri: `${base(c)}/push`,
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
  const body: { action: string, application: string, params?: Record<string, string[]>, uri: string, entities: never[], data: D, timestamp: number, duration: number, organization: string, applicationName: string, count?: number } =
    { action: c.action, application: c.application } as never
  if (extra.params !== undefined) body.params = extra.params
  body.uri = url(c)
  body.entities = []
  body.data = data
  body.timestamp = c.timestamp
  body.duration = c.duration
  body.organization = c.organization
  body.applicationName = c.applicationName
  if (extra.count !== undefined) body.count = extra.count
  return body
}
