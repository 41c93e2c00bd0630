import t from 'tap'
import { APP, build, CLIENT_ID, CLIENT_SECRET, ORG, type Harness } from '../helper.js'

/**
 * The bad-input matrix: every vendor route the app serves (read from its own /openapi.json, so
 * routes added later are covered without touching this file) × every kind of bad input. Each
 * answer must be a vendor error envelope with a 4xx status, or — for inputs the vendor accepts —
 * a 2xx; never a 5xx. After every 4xx the stored state (the app's export and the app list) must be
 * exactly what it was before the request.
 */

t.setTimeout(120_000)

interface JsonSchema {
  type?: string | string[]
  anyOf?: JsonSchema[]
  properties?: Record<string, JsonSchema>
  required?: string[]
  items?: JsonSchema
}

interface Operation { method: string, path: string, body: JsonSchema | undefined, secured: boolean, query: string[] }

/** How a case must be answered: `reject` is a 4xx; `any` is a 2xx or a 4xx (never a 5xx). */
type Expect = 'reject' | 'any'

interface Case {
  name: string
  expect: Expect
  method: string
  url: string
  headers: Record<string, string>
  /** A string is sent as is; anything else as JSON. */
  payload?: string | Buffer
}

/** Values the vendor accepts, by field name; unknown fields get a value of their schema's type. */
const GOOD: Record<string, unknown> = {
  grant_type: 'client_credentials',
  client_id: CLIENT_ID,
  client_secret: CLIENT_SECRET,
  username: 'alice',
  password: 'pw',
  nickname: 'Nick',
  ttl: 0,
  autoCreateUser: false,
  notification_display_style: 1,
  notification_no_disturbing: false,
  notification_no_disturbing_start: 22,
  notification_no_disturbing_end: 7,
  device_id: 'd1',
  device_token: 'tok',
  notifier_name: 'n1',
  type: 'AT',
  ignoreInterval: '21:30-08:00',
  ignoreDuration: 60_000,
  translationLanguage: 'en',
  templateName: 'tpl1',
  name: 'tpl2',
  title_pattern: 'T {0}',
  content_pattern: 'C {1}',
  push_nickname: 'pn'
}

/** The fixture's group id. */
const GROUP = '100000000000001'

/** Path parameters: the value that names existing data, and whether odd values can still be valid. */
const PARAMS: Record<string, { good: string, oddMayBeValid: boolean }> = {
  org_name: { good: ORG, oddMayBeValid: false },
  app_name: { good: APP, oddMayBeValid: false },
  username: { good: 'alice', oddMayBeValid: false },
  chattype: { good: 'user', oddMayBeValid: false },
  key: { good: 'bob', oddMayBeValid: true },
  name: { good: 'tpl1', oddMayBeValid: false },
  // Bob's group, which Alice is not in (so adding her succeeds; removing her is the one that can't).
  group_id: { good: GROUP, oddMayBeValid: false }
}

/**
 * Valid bodies where sampling field by field can't make one: the send API's `type` is not the
 * settings' `type`, and a group needs users that exist.
 */
const BASELINES: Record<string, unknown> = {
  'POST /{org_name}/{app_name}/messages/users': { from: 'bob', to: ['alice'], type: 'txt', body: { msg: 'hi' }, ext: {} },
  'POST /{org_name}/{app_name}/messages/chatgroups': { from: 'bob', to: [GROUP], type: 'txt', body: { msg: 'hi' }, ext: {} },
  'POST /{org_name}/{app_name}/chatgroups': { groupname: 'g', description: 'd', public: true, maxusers: 10, owner: 'alice', members: ['bob'] },
  'POST /{org_name}/{app_name}/chatgroups/{group_id}/users': { usernames: ['alice'] }
}
const paramInfo = (name: string) => PARAMS[name] ?? { good: 'x1', oddMayBeValid: true }

const BY_TYPE: Record<string, unknown> = {
  string: 'str',
  integer: 7,
  number: 1.5,
  boolean: true,
  null: null,
  object: {},
  array: []
}

/** The JSON types a schema accepts; undefined when it accepts anything. */
function typesOf (s: JsonSchema): Set<string> | undefined {
  if (s.anyOf !== undefined) {
    const all = new Set<string>()
    for (const branch of s.anyOf) {
      const b = typesOf(branch)
      if (b === undefined) return undefined
      for (const x of b) all.add(x)
    }
    return all
  }
  if (s.type === undefined) return undefined
  const types = new Set(Array.isArray(s.type) ? s.type : [s.type])
  if (types.has('number')) types.add('integer')
  return types
}

/** The branch of a union that describes an object (or an array), for sampling and mutation. */
function shapeOf (s: JsonSchema): JsonSchema {
  if (s.anyOf === undefined) return s
  return s.anyOf.find(b => b.type === 'object') ?? s.anyOf.find(b => b.type === 'array') ?? s.anyOf[0] as JsonSchema
}

function sample (s: JsonSchema, name?: string): unknown {
  if (name !== undefined && name in GOOD) return GOOD[name]
  const shape = shapeOf(s)
  if (shape.type === 'object') {
    return Object.fromEntries(Object.entries(shape.properties ?? {}).map(([k, v]) => [k, sample(v, k)]))
  }
  if (shape.type === 'array') return [sample(shape.items ?? {})]
  const first = [...(typesOf(shape) ?? ['string'])][0] as string
  return first === 'string' ? 'x1' : BY_TYPE[first]
}

interface Leaf { path: Array<string | number>, schema: JsonSchema, required: boolean }

/** Every field of a body schema (nested objects and array items included), with its path. */
function leaves (s: JsonSchema, path: Array<string | number> = []): Leaf[] {
  const shape = shapeOf(s)
  if (shape.type === 'array' && shape.items !== undefined) return leaves(shape.items, [...path, 0])
  if (shape.type !== 'object') return []
  return Object.entries(shape.properties ?? {}).flatMap(([k, v]) => [
    { path: [...path, k], schema: v, required: (shape.required ?? []).includes(k) },
    ...leaves(v, [...path, k])
  ])
}

function withLeaf (body: unknown, path: Array<string | number>, value: unknown, remove = false): unknown {
  const copy = structuredClone(body) as Record<string | number, unknown>
  let node = copy
  for (const p of path.slice(0, -1)) node = node[p] as Record<string | number, unknown>
  const last = path.at(-1) as string | number
  if (remove) delete node[last]
  else node[last] = value
  return copy
}

/** Strings that are well-formed JSON but hostile to naive storage or display. */
const ODD_STRINGS: Record<string, string> = {
  empty: '',
  blank: '   ',
  CJK: '推送测试用户',
  emoji: '😀👍🏽‍🚀',
  RTL: 'مرحبا بالعالم\u200F',
  'control characters': 'a\u0001\u0007\u001b[31m\r\n\tb',
  NUL: 'a\u0000b',
  'lone surrogate': 'a\ud800b',
  'SQL quote': "x'); DROP TABLE users; --",
  'SQL or': "' OR '1'='1",
  'path-ish': '../%2F..%00',
  markup: '<script>alert(1)</script>',
  'huge (200 KB)': 'x'.repeat(200_000)
}

/** Path segment values, raw as they appear in the URL; `bad` ones never decode. */
const ODD_SEGMENTS: Array<{ name: string, raw: string, bad?: true }> = [
  { name: '%2F', raw: 'a%2Fb' },
  { name: 'lone %2F', raw: '%2F' },
  { name: '..', raw: '..' },
  { name: 'encoded ..', raw: '%2E%2E' },
  { name: '.', raw: '.' },
  { name: 'encoded NUL', raw: 'a%00b' },
  { name: 'newline', raw: 'a%0Ab' },
  { name: 'tab', raw: '%09' },
  { name: 'space', raw: 'a%20b' },
  { name: '65 bytes', raw: 'u'.repeat(65) },
  { name: '5000 bytes', raw: 'u'.repeat(5000) },
  { name: 'CJK', raw: encodeURIComponent('用户') },
  { name: 'emoji', raw: encodeURIComponent('😀') },
  { name: 'RTL', raw: encodeURIComponent('مرحبا') },
  { name: 'SQL', raw: encodeURIComponent("x' OR '1'='1") },
  { name: 'SQL drop', raw: encodeURIComponent('a;DROP TABLE users;--') },
  { name: 'lone %', raw: '%', bad: true },
  { name: '%ZZ', raw: '%ZZ', bad: true },
  { name: 'truncated UTF-8', raw: '%E0%A4%A', bad: true },
  { name: 'overlong UTF-8', raw: '%C0%AF', bad: true }
]

const MALFORMED_JSON = ['{', '{"a":}', "{'a':1}", '[1,2', '{"a":1}}', 'tru', 'NaN', '{"a":1,}', '{"a":"\\x"}', '\u0000', '{"a":1}\u0000']

interface Tokens { app: string, otherApp: string }

/** Bob's user token is issued afresh whenever the fixture is restored; cases name it by this. */
const BOB_TOKEN = '<bob-user-token>'

/** Bearer headers of every wrong shape, with whether the server may rightly accept them. */
function authHeaders (tok: Tokens): Array<{ name: string, headers: Record<string, string>, expect: Expect }> {
  const reject = (name: string, authorization: string | undefined, extra: Record<string, string> = {}) =>
    ({ name, headers: { ...(authorization === undefined ? {} : { authorization }), ...extra }, expect: 'reject' as Expect })
  return [
    reject('no Authorization', undefined),
    reject('empty Authorization', ''),
    reject('scheme only', 'Bearer'),
    reject('scheme and space', 'Bearer '),
    reject('token without scheme', tok.app),
    reject('Basic credentials', `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`),
    reject('Token scheme', `Token ${tok.app}`),
    reject('tab after scheme', `Bearer\t${tok.app}`),
    reject('token plus a character', `Bearer ${tok.app}x`),
    reject('token minus a character', `Bearer ${tok.app.slice(0, -1)}`),
    reject('token then another word', `Bearer ${tok.app} extra`),
    reject('two tokens joined by a proxy', `Bearer ${tok.app}, Bearer ${tok.app}`),
    reject('JWT-shaped', 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln'),
    reject('the word null', 'Bearer null'),
    reject('10 KB token', `Bearer ${'y'.repeat(10_000)}`),
    reject('latin-1 token', 'Bearer tök€n'),
    reject('SQL token', "Bearer ' OR '1'='1"),
    reject("another app's token", `Bearer ${tok.otherApp}`),
    reject("another user's user token", `Bearer ${BOB_TOKEN}`),
    reject('expired token', `Bearer ${tok.app}`, { 'x-mock-now': '2999-01-01T00:00:00Z' }),
    { name: 'lower-case scheme', headers: { authorization: `bearer ${tok.app}` }, expect: 'any' },
    { name: 'two spaces after scheme', headers: { authorization: `Bearer  ${tok.app}` }, expect: 'any' }
  ]
}

function casesFor (op: Operation, tok: Tokens, allOps: Operation[]): Case[] {
  const params = [...op.path.matchAll(/\{(\w+)\}/g)].map(m => m[1] as string)
  const urlWith = (over: Record<string, string> = {}): string =>
    op.path.replace(/\{(\w+)\}/g, (_, p: string) => over[p] ?? paramInfo(p).good)
  const url = urlWith()
  const auth = op.secured ? { authorization: `Bearer ${tok.app}` } : {}
  const json = { ...auth, 'content-type': 'application/json' }
  const label = `${op.method} ${op.path}`
  const base = op.body === undefined ? undefined : BASELINES[label] ?? sample(op.body)
  const cases: Case[] = []
  const add = (name: string, expect: Expect, c: Partial<Case> = {}): void => {
    cases.push({ name: `${label}: ${name}`, expect, method: op.method, url, headers: json, ...(base === undefined ? {} : { payload: JSON.stringify(base) }), ...c })
  }

  // The request itself, and unknown query parameters (SDKs add resource= and _v=).
  add('the valid request', 'any')
  add('odd query parameters', 'any', { url: `${url}?resource=x&_v=1&__proto__=1&a=%ZZ&a=2` })

  // Query parameters the route reads (the client-SDK GETs): odd values, repeats, bounds.
  for (const q of op.query) {
    for (const [name, value] of Object.entries(ODD_STRINGS)) {
      if (name === 'huge (200 KB)') continue
      // A lone surrogate has no UTF-8 form: its would-be bytes instead.
      const raw = name === 'lone surrogate' ? 'a%ED%A0%80b' : encodeURIComponent(value)
      add(`?${q}= ${name}`, 'any', { url: `${url}?${q}=${raw}` })
    }
    add(`?${q}= 2 KB`, 'any', { url: `${url}?${q}=${'q'.repeat(2048)}` })
    add(`?${q}= given twice`, 'any', { url: `${url}?${q}=a&${q}=b` })
    add(`?${q}= bad escape`, 'any', { url: `${url}?${q}=%ZZ` })
    add(`?${q}= a thousand commas`, 'any', { url: `${url}?${q}=${','.repeat(1000)}` })
    add(`?${q}= -1`, 'any', { url: `${url}?${q}=-1` })
    add(`?${q}= 1e9`, 'any', { url: `${url}?${q}=1000000000` })
  }

  // Wrong methods on the same path.
  const served = new Set(allOps.filter(o => o.path === op.path).map(o => o.method))
  for (const m of ['PATCH', 'PUT', 'POST', 'DELETE'].filter(m => !served.has(m))) add(`method ${m}`, 'reject', { method: m })

  // Path segments.
  for (const p of params) {
    const info = paramInfo(p)
    for (const seg of ODD_SEGMENTS) {
      // The token endpoint creates an unknown app on first use (decisions.md §Identity).
      // A `..` segment is resolved before routing, so the request names another path, which may exist
      // (DELETE /chatgroups/../users/alice is DELETE /users/alice).
      const dotDot = seg.name === '..' || seg.name === 'encoded ..'
      const mayBeValid = seg.bad !== true && (info.oddMayBeValid || dotDot || (op.path.endsWith('/token') && p.endsWith('_name')))
      add(`{${p}} = ${seg.name}`, mayBeValid ? 'any' : 'reject', { url: urlWith({ [p]: seg.raw }) })
    }
    if (p === 'username') add('{username} in upper case', 'any', { url: urlWith({ [p]: 'ALICE' }) })
  }

  // Bearer tokens.
  if (op.secured) {
    for (const a of authHeaders(tok)) add(`Authorization: ${a.name}`, a.expect, { headers: { 'content-type': 'application/json', ...a.headers } })
  }

  // Content types.
  for (const ct of ['text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=utf-8', 'application/octet-stream', 'application/json;;;==', '']) {
    add(`Content-Type ${JSON.stringify(ct)}`, 'any', { headers: { ...auth, 'content-type': ct } })
  }
  add('no Content-Type', 'any', { headers: auth })
  add('multipart body', op.body === undefined ? 'any' : 'reject', {
    headers: { ...auth, 'content-type': 'multipart/form-data; boundary=x' },
    payload: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--\r\n'
  })
  add('X-Mock-Now that is not a time', 'reject', { headers: { ...json, 'x-mock-now': 'yesterday' } })
  add('X-Mock-Now twice, joined', 'reject', { headers: { ...json, 'x-mock-now': '1, 2' } })

  // Bodies.
  const bodyExpect: Expect = op.body === undefined ? 'any' : 'reject'
  for (const text of MALFORMED_JSON) add(`malformed JSON ${JSON.stringify(text)}`, bodyExpect, { payload: text })
  add('empty body', bodyExpect, { payload: '' })
  add('whitespace body', bodyExpect, { payload: ' \n\t ' })
  add('body over the limit', 'reject', { payload: JSON.stringify({ pad: 'z'.repeat(1024 * 1024) }) })
  add('body with a BOM', 'any', { payload: `\uFEFF${JSON.stringify(base ?? {})}` })
  if (op.body === undefined) {
    add('a JSON body where none is read', 'any', { payload: '{"a":1}' })
    return cases
  }

  const rootTypes = typesOf(op.body)
  for (const [type, value] of Object.entries(BY_TYPE)) {
    if (rootTypes !== undefined && !rootTypes.has(type)) add(`body is ${type}`, 'reject', { payload: JSON.stringify(value) })
  }
  add('extra fields', 'any', { payload: JSON.stringify(Array.isArray(base) ? base.map(i => ({ ...i, extra: 'x' })) : { ...base as object, extra: 'x', nested: { a: [1] } }) })
  add('__proto__ and constructor keys', 'any', { payload: `${JSON.stringify(base).slice(0, -1).replace(/^\[\{/, '[{"__proto__":{"admin":true},').replace(/^\{/, '{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}},')}${JSON.stringify(base).slice(-1)}` })

  for (const leaf of leaves(op.body)) {
    const field = leaf.path.join('.')
    const accepted = typesOf(leaf.schema)
    if (accepted !== undefined) {
      for (const [type, value] of Object.entries(BY_TYPE)) {
        if (!accepted.has(type)) add(`${field} is ${type}`, 'reject', { payload: JSON.stringify(withLeaf(base, leaf.path, value)) })
      }
    }
    add(`${field} missing`, leaf.required ? 'reject' : 'any', { payload: JSON.stringify(withLeaf(base, leaf.path, undefined, true)) })
    if (accepted?.has('string') === true) {
      for (const [name, value] of Object.entries(ODD_STRINGS)) {
        add(`${field} ${name}`, 'any', { payload: JSON.stringify(withLeaf(base, leaf.path, value)) })
      }
    }
  }
  return cases
}

/** The vendor's error body, exactly: five fields of the right types, nothing else. */
function isEnvelope (body: unknown): boolean {
  if (typeof body !== 'object' || body === null) return false
  const b = body as Record<string, unknown>
  return Object.keys(b).sort().join(',') === 'duration,error,error_description,exception,timestamp' &&
    typeof b.error === 'string' && b.error !== '' && typeof b.exception === 'string' &&
    typeof b.error_description === 'string' && Number.isFinite(b.timestamp) && b.duration === 0
}

async function snapshot (h: Harness): Promise<string> {
  const state = await h.app.inject({ method: 'GET', url: `/_mock/state?app=${ORG}%23${APP}` })
  const apps = await h.app.inject({ method: 'GET', url: '/_mock/apps' })
  return `${state.body}\n${apps.body}`
}

async function ok (h: Harness, method: 'PUT' | 'POST', url: string, payload: object, headers: Record<string, string> = h.auth) {
  const res = await h.app.inject({ method, url, payload, headers })
  if (res.statusCode !== 200) throw new Error(`${method} ${url}: ${res.body}`)
  return res.json()
}

/** Alice with a binding, a setting and a nickname, Bob with a group, a template and a second app. */
async function setUp (h: Harness): Promise<Tokens> {
  await h.register('alice', 'bob')
  const state = (await h.app.inject({ method: 'GET', url: `/_mock/state?app=${ORG}%23${APP}` })).json()
  await ok(h, 'PUT', `/_mock/state?app=${ORG}%23${APP}`, { ...state, groups: [{ groupId: GROUP, name: 'g', owner: 'bob' }] }, {})
  await ok(h, 'PUT', h.path('/users/alice/push/binding'), { device_id: 'd0', device_token: 't0', notifier_name: 'n0' })
  await ok(h, 'PUT', h.path('/users/alice/notification/user/bob'), { type: 'NONE', ignoreInterval: '1:2-3:4' })
  await ok(h, 'PUT', h.path('/users/alice'), { nickname: 'Alice', notification_display_style: 0 })
  await ok(h, 'POST', h.path('/notification/template'), { name: 'tpl1', title_pattern: 't', content_pattern: 'c' })
  const other = await ok(h, 'POST', '/other/app/token', { grant_type: 'client_credentials', client_id: 'o', client_secret: 'o' }, {})
  return { app: h.token, otherApp: other.access_token }
}

const bobToken = async (h: Harness): Promise<string> =>
  (await ok(h, 'POST', h.path('/token'), { grant_type: 'password', username: 'bob', password: 'pw' }, {})).access_token

/** Puts the app back as setUp left it (an accepted case may have deleted Alice or the template). */
async function restore (h: Harness, fixture: string): Promise<void> {
  const res = await h.app.inject({ method: 'PUT', url: `/_mock/state?app=${ORG}%23${APP}`, payload: JSON.parse(fixture) })
  if (res.statusCode !== 200) throw new Error(`restore: ${res.body}`)
}

t.test('every bad input to every vendor route is a 4xx vendor envelope and changes nothing', async (t) => {
  const h = await build(t)
  const tokens = await setUp(h)
  const fixture = (await h.app.inject({ method: 'GET', url: `/_mock/state?app=${ORG}%23${APP}` })).body
  const doc = (await h.app.inject({ method: 'GET', url: '/openapi.json' })).json() as {
    paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: JsonSchema }> }, security?: unknown[], parameters?: Array<{ in: string, name: string }> }>>
  }
  const ops: Operation[] = Object.entries(doc.paths)
    .filter(([path]) => !path.startsWith('/_mock') && !path.startsWith('/docs'))
    .flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      body: op.requestBody?.content['application/json']?.schema,
      secured: op.security !== undefined,
      query: (op.parameters ?? []).filter(p => p.in === 'query').map(p => p.name)
    })))
  t.ok(ops.length >= 18, `${ops.length} vendor operations from /openapi.json`)

  const counts = { cases: 0, rejected: 0, accepted: 0 }
  const failures: string[] = []
  const validRequestsAccepted: string[] = []
  let bob = await bobToken(h)
  let before = await snapshot(h)
  for (const op of ops) {
    for (const c of casesFor(op, tokens, ops)) {
      counts.cases++
      const headers = Object.fromEntries(Object.entries(c.headers).map(([k, v]) => [k, v.replace(BOB_TOKEN, bob)]))
      const res = await h.app.inject({
        method: c.method as 'GET',
        url: c.url,
        headers,
        ...(c.payload === undefined ? {} : { payload: c.payload })
      })
      const status = res.statusCode
      const problems: string[] = []
      if (status >= 500) problems.push('a 5xx')
      if (status >= 400) {
        counts.rejected++
        let body: unknown
        try { body = res.json() } catch { body = res.body }
        if (!isEnvelope(body)) problems.push(`not the vendor envelope: ${res.body.slice(0, 200)}`)
        if (!String(res.headers['content-type']).startsWith('application/json')) problems.push('not JSON')
        if (await snapshot(h) !== before) problems.push('the stored state changed')
      } else {
        counts.accepted++
        if (c.expect === 'reject') problems.push('accepted')
        else if (status < 200 || status >= 300) problems.push('neither 2xx nor 4xx')
        if (c.name.endsWith(': the valid request')) validRequestsAccepted.push(c.name)
        await restore(h, fixture)
        bob = await bobToken(h)
        before = await snapshot(h)
      }
      if (problems.length > 0) failures.push(`${c.name} → ${status} ${problems.join('; ')} ${status < 400 ? '' : res.body.slice(0, 160)}`)
    }
  }
  t.strictSame(failures, [], 'no case failed')
  t.ok(counts.cases > 1500, `${counts.cases} cases: ${counts.rejected} rejected with a 4xx, ${counts.accepted} accepted`)
  // The fixture must make the baseline requests succeed, or the matrix only ever tests "not found".
  t.ok(validRequestsAccepted.length >= ops.length - 2, `${validRequestsAccepted.length} of ${ops.length} baseline requests succeed`)
})
