import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { APP, build, CLIENT_ID, CLIENT_SECRET, ORG, T0, type Harness } from './helper.js'

/**
 * Replays every request/response example of the vendor's push page (spec/push-settings.zh.md),
 * saved under test/fixtures/, and holds the emulator's answer to the doc's shape: the same keys,
 * the same value types, the same nesting, and the same values wherever they are not ids, uuids,
 * times, durations or hosts.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

interface Fixture {
  method: 'GET' | 'PUT' | 'POST' | 'DELETE'
  path: string
  request: Json
  response: { [key: string]: Json }
}

const FIXTURES = join(import.meta.dirname, 'fixtures')

function loadFixture (name: string): Fixture {
  return JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8')) as Fixture
}

// ---------------------------------------------------------------------------------------------
// Shape comparison

/** Keys whose values are ids, uuids, times or durations: the type must match, the value need not. */
const TYPE_ONLY = new Set([
  'uuid', 'application', 'created', 'modified', 'timestamp', 'duration', 'createAt', 'updateAt',
  'ignoreDuration', 'device_id', 'device_token', 'uri'
])

interface ShapeOptions {
  /** Values the emulator rightly answers differently from the doc, by dotted path (`entities.0.x`). */
  overrides?: Record<string, Json>
  /** Keys the emulator adds to the doc's object at a dotted path ('' is the top level). */
  extraKeys?: Record<string, string[]>
}

function kindOf (value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  return typeof value
}

const child = (at: string, key: string | number): string => at === '' ? String(key) : `${at}.${key}`

/** The value a doc field must have in our answer, or TYPE_ONLY when any value of its type will do. */
function expectedValue (key: string, doc: Json): Json | typeof TYPE_ONLY {
  if (TYPE_ONLY.has(key)) return TYPE_ONLY
  // organization / applicationName are the path's names (decisions.md §Envelopes); the fixtures use hx/hxdemo.
  if (key === 'organization') return ORG
  if (key === 'applicationName') return APP
  // Usernames are folded to lower case (decisions.md §Users): the doc's "User1" comes back "user1".
  if (key === 'username' && typeof doc === 'string') return doc.toLowerCase()
  return doc
}

/** Every way `actual` differs from the doc's `doc` in keys, types, nesting or (non-volatile) values. */
function compareShape (actual: unknown, doc: Json, opts: ShapeOptions = {}, at = ''): string[] {
  const where = at === '' ? '(top)' : at
  const kind = kindOf(doc)
  if (kindOf(actual) !== kind) return [`${where}: ${kindOf(actual)} where the doc has ${kind}`]
  if (Array.isArray(doc)) {
    const items = actual as unknown[]
    const problems = items.length === doc.length ? [] : [`${where}: ${items.length} items where the doc has ${doc.length}`]
    doc.forEach((item, i) => {
      if (i < items.length) problems.push(...compareShape(items[i], item, opts, child(at, i)))
    })
    return problems
  }
  if (kind === 'object') {
    const object = actual as Record<string, unknown>
    const docObject = doc as Record<string, Json>
    const extra = opts.extraKeys?.[at] ?? []
    const problems: string[] = []
    for (const key of Object.keys(docObject)) {
      if (!(key in object)) problems.push(`${child(at, key)}: missing`)
      else problems.push(...compareShape(object[key], docObject[key] as Json, opts, child(at, key)))
    }
    for (const key of Object.keys(object)) {
      if (!(key in docObject) && !extra.includes(key)) problems.push(`${child(at, key)}: not in the doc`)
    }
    for (const key of extra) {
      if (!(key in object)) problems.push(`${child(at, key)}: allowed extra key is absent (stale allowance?)`)
    }
    return problems
  }
  const key = at.split('.').at(-1) as string
  const overrides = opts.overrides ?? {}
  const expected = at in overrides ? overrides[at] as Json : expectedValue(key, doc)
  if (expected === TYPE_ONLY || actual === expected) return []
  return [`${where}: ${JSON.stringify(actual)} where ${JSON.stringify(expected)} is expected (doc: ${JSON.stringify(doc)})`]
}

t.test('the shape comparison notices missing, extra, retyped, re-nested and changed fields', async (t) => {
  const doc: Json = { action: 'put', timestamp: 1, entities: [{ a: 1, b: 'x' }], data: { type: 'NONE' } }
  t.same(compareShape({ action: 'put', timestamp: 99, entities: [{ a: 1, b: 'x' }], data: { type: 'NONE' } }, doc), [])
  t.same(compareShape({ action: 'get', timestamp: 99, entities: [{ a: 1, b: 'x' }], data: { type: 'NONE' } }, doc),
    ['action: "get" where "put" is expected (doc: "put")'])
  t.same(compareShape({ action: 'put', timestamp: '99', entities: [{ a: 1, b: 'x' }], data: { type: 'NONE' } }, doc),
    ['timestamp: string where the doc has number'])
  t.same(compareShape({ action: 'put', timestamp: 1, entities: [{ a: 1 }, { a: 1, b: 'x' }], data: { type: 'NONE' }, x: 1 }, doc),
    ['entities: 2 items where the doc has 1', 'entities.0.b: missing', 'x: not in the doc'])
  t.same(compareShape({ action: 'put', timestamp: 1, entities: [{ a: 1, b: 'x' }], data: [] }, doc),
    ['data: array where the doc has object'])
  t.same(compareShape({ action: 'get', timestamp: 1, entities: [{ a: 1, b: 'x', c: 2 }], data: { type: 'NONE' } }, doc,
    { overrides: { action: 'get' }, extraKeys: { 'entities.0': ['c'] } }), [])
  t.same(compareShape({ action: 'put', timestamp: 1, entities: [{ a: 1, b: 'x' }], data: { type: 'NONE' } }, doc,
    { extraKeys: { 'entities.0': ['c'] } }), ['entities.0.c: allowed extra key is absent (stale allowance?)'])
  t.same(compareShape({ username: 'user1', organization: 'hx' }, { username: 'User1', organization: 'agora-demo' }), [])
})

// ---------------------------------------------------------------------------------------------
// The examples

interface GoldenCase {
  /** State the example presumes (registered users, earlier settings…). */
  setup?: (h: Harness) => Promise<void>
  shape?: ShapeOptions
  /**
   * The emulator's `uri` after `scheme://host/hx/hxdemo`, where it differs from the doc's tail after
   * `https://XXXX/XXXX/XXXX` (the doc leaves the `{username}` segment out of these examples).
   */
  uriTail?: string
  /** Exact checks of the volatile values, which the frozen clock makes deterministic. */
  exact?: (t: Test, body: Record<string, any>, h: Harness) => void
}

async function call (h: Harness, method: Fixture['method'], rest: string, payload?: unknown): Promise<void> {
  const res = await h.app.inject({ method, url: h.path(rest), headers: h.auth, ...(payload === undefined ? {} : { payload: payload as object }) })
  if (res.statusCode !== 200) throw new Error(`setup ${method} ${rest} failed: ${res.body}`)
}

/** The web SDK's way to set `notifier_name` on the entity (decisions.md: it binds like push/binding). */
const WEB_SDK_BINDING = { device_id: 'web-device', device_token: 'web-token', notifier_name: '2882303761517426801' }
/** The entity then also carries `device_id` and `device_token`, which the doc's example entity lacks. */
const BINDING_FIELDS = { 'entities.0': ['device_id', 'device_token'] }

const entityAtT0 = (t: Test, body: Record<string, any>): void => {
  t.equal(body.timestamp, T0)
  t.equal(body.entities[0].created, T0)
  t.equal(body.entities[0].modified, T0)
}

const settingAtT0 = (t: Test, body: Record<string, any>): void => {
  t.equal(body.timestamp, T0)
  // 86400000 ms sent at T0 is answered as the absolute expiry (push doc example; decisions.md).
  t.equal(body.data.ignoreDuration, T0 + 86400000)
}

const templateAtT0 = (t: Test, body: Record<string, any>): void => {
  t.equal(body.timestamp, T0)
  t.equal(body.data.createAt, T0)
  t.equal(body.data.updateAt, T0)
}

const TEMPLATE = { name: 'test7', title_pattern: '你好,{0}', content_pattern: '推送测试,{0}' }

const CASES: Record<string, GoldenCase> = {
  'push-binding-bind': {
    setup: async (h) => h.register('wzy'),
    exact: (t, body) => {
      t.equal(body.timestamp, T0)
      // The doc masks ids differently in request and response; the emulator echoes what was sent.
      t.same(body.entities, [{ device_id: '8ce08cad-XXXX-XXXX-86c8-695a0d247cda', device_token: 'XXXX', notifier_name: '104410638' }])
    }
  },
  'push-binding-unbind': {
    setup: async (h) => {
      await h.register('wzy')
      await call(h, 'PUT', '/users/wzy/push/binding',
        { device_id: '8ce08cad-XXXX-XXXX-86c8-695a0d247cda', device_token: 'XXXX', notifier_name: '104410638' })
    },
    exact: (t, body) => t.equal(body.timestamp, T0)
  },
  'push-binding-get': {
    // The doc's example lists the same device twice; two distinct devices give its shape.
    setup: async (h) => {
      await h.register('wzy')
      await call(h, 'PUT', '/users/wzy/push/binding',
        { device_id: '8ce08cad-9369-4bdd-86c8-695a0d247cda', device_token: 'token-1', notifier_name: '104410638' })
      await call(h, 'PUT', '/users/wzy/push/binding',
        { device_id: 'second-device', device_token: 'token-2', notifier_name: '104410638' })
    },
    exact: (t, body) => {
      t.equal(body.timestamp, T0)
      t.same(body.entities.map((e: { device_id: string }) => e.device_id), ['8ce08cad-9369-4bdd-86c8-695a0d247cda', 'second-device'])
    }
  },
  'user-nickname': {
    setup: async (h) => h.register('user1'),
    exact: entityAtT0
  },
  'user-display-style': {
    setup: async (h) => {
      await h.register('user1')
      await call(h, 'PUT', '/users/user1', {
        nickname: 'testuser',
        notification_no_disturbing: false,
        notification_no_disturbing_start: '1',
        notification_no_disturbing_end: '3',
        ...WEB_SDK_BINDING
      })
    },
    shape: { extraKeys: BINDING_FIELDS },
    exact: entityAtT0
  },
  'user-legacy-dnd-set': {
    setup: async (h) => {
      await h.register('user1')
      await call(h, 'PUT', '/users/user1', { nickname: 'testuser', notification_display_style: 0, ...WEB_SDK_BINDING })
    },
    shape: { extraKeys: BINDING_FIELDS },
    exact: entityAtT0
  },
  'user-legacy-dnd-off': {
    setup: async (h) => {
      await h.register('user1')
      await call(h, 'PUT', '/users/user1', {
        nickname: 'testuser',
        notification_display_style: 0,
        notification_no_disturbing: true,
        notification_no_disturbing_start: '1',
        notification_no_disturbing_end: '3',
        ...WEB_SDK_BINDING
      })
    },
    // The doc shows one response for both DND requests; switching off answers `false`, hours kept.
    shape: { extraKeys: BINDING_FIELDS, overrides: { 'entities.0.notification_no_disturbing': false } },
    exact: entityAtT0
  },
  'notification-settings-put': {
    setup: async (h) => h.register('user1'),
    uriTail: '/users/user1/notification/user/hxtest',
    exact: settingAtT0
  },
  'notification-settings-get': {
    setup: async (h) => {
      await h.register('user1')
      await call(h, 'PUT', '/users/user1/notification/chatgroup/12312312321',
        { type: 'NONE', ignoreInterval: '21:30-08:00', ignoreDuration: 86400000 })
    },
    uriTail: '/users/user1/notification/chatgroup/12312312321',
    exact: settingAtT0
  },
  'language-put': {
    setup: async (h) => h.register('user1'),
    uriTail: '/users/user1/notification/language',
    exact: (t, body) => t.equal(body.timestamp, T0)
  },
  'language-get': {
    setup: async (h) => {
      await h.register('user1')
      await call(h, 'PUT', '/users/user1/notification/language', { translationLanguage: 'EU' })
    },
    uriTail: '/users/user1/notification/language',
    // The doc's GET example says "put", a copy-paste slip (easemob-reference.md §1.9); a GET answers "get".
    shape: { overrides: { action: 'get' } },
    exact: (t, body) => t.equal(body.timestamp, T0)
  },
  'template-create': {
    exact: templateAtT0
  },
  'template-get': {
    setup: async (h) => call(h, 'POST', '/notification/template', TEMPLATE),
    exact: templateAtT0
  },
  'template-delete': {
    setup: async (h) => call(h, 'POST', '/notification/template', TEMPLATE),
    exact: templateAtT0
  }
}

/** Name prefixes of the push page's examples (other suites may keep fixtures of their own here). */
const PUSH_PAGE_FIXTURE = /^(push-binding|user|notification-settings|language|template)-/

t.test('every push-page fixture has a golden case and every case a fixture', async (t) => {
  const files = readdirSync(FIXTURES).filter(f => f.endsWith('.json')).map(f => f.slice(0, -'.json'.length))
  t.same(files.filter(f => PUSH_PAGE_FIXTURE.test(f)).sort(), Object.keys(CASES).sort())
})

const DOC_URI = /^https:\/\/XXXX\/XXXX\/XXXX(\/.*)$/
const OUR_URI = new RegExp(`^https?://[^/]+/${ORG}/${APP}(/.*)$`)

for (const [name, golden] of Object.entries(CASES)) {
  t.test(`golden: ${name}`, async (t) => {
    const fixture = loadFixture(name)
    t.ok(fixture.path.startsWith(`/${ORG}/${APP}/`), 'the fixture path is under hx/hxdemo')
    const h = await build(t)
    const tokenRes = await h.app.inject({
      method: 'POST',
      url: h.path('/token'),
      payload: { grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: CLIENT_SECRET }
    })
    const appUuid = tokenRes.json().application as string
    await golden.setup?.(h)

    const res = await h.app.inject({
      method: fixture.method,
      url: fixture.path,
      headers: h.auth,
      ...(fixture.request === null ? {} : { payload: fixture.request as object })
    })
    t.equal(res.statusCode, 200, res.body)
    const body = res.json() as Record<string, any>

    t.same(compareShape(body, fixture.response, golden.shape), [], 'same keys, types, nesting and values as the doc')

    if ('application' in fixture.response) t.equal(body.application, appUuid, 'application is the app uuid')
    const docUri = fixture.response.uri
    if (typeof docUri === 'string') {
      const docTail = DOC_URI.exec(docUri)?.[1]
      const ourTail = OUR_URI.exec(String(body.uri))?.[1]
      t.ok(docTail, 'the doc uri has the masked host/org/app prefix')
      t.equal(ourTail, golden.uriTail ?? docTail, 'uri names the same resource')
    }
    golden.exact?.(t, body, h)
  })
}
