import t from 'tap'
import type { AppRow } from '../src/db/repositories/apps-repo.js'
import { dataEnvelope, JSON_TYPE, settingEnvelopeJson, type EnvelopeContext } from '../src/http/envelope.js'
import { numberText, jsonInner } from '../src/http/json-text.js'
import { build } from './helper.js'

// Every character class JSON treats apart, alone and in strings on both sides of the loop/pattern cut.
const SPECIAL = ['', 'a', '"', '\\', '\u0000', '\u0007', '\u001f', ' ', '\u007f', 'é', '中', '\ud83d\ude00', '\ud83d', '\ude00', '\u2028', '/']
const STRINGS = [
  ...SPECIAL,
  ...SPECIAL.flatMap(c => [`${'x'.repeat(23)}${c}`, `${'x'.repeat(24)}${c}`, `${c}${'y'.repeat(60)}`]),
  'http://127.0.0.1:8080/hx/hxdemo/users/alice/notification/user/alice'
]

t.test('jsonInner between quotes writes what JSON.stringify writes, for every kind of character and length', async (t) => {
  // (Labelled by code units: a raw U+2028 in a label would break the TAP stream.)
  const label = (s: string): string => [...s].map(ch => ch.charCodeAt(0).toString(16)).join(' ').slice(0, 40)
  for (const s of STRINGS) {
    t.equal(`"${jsonInner(s)}"`, JSON.stringify(s), label(s))
  }
})

t.test('the setting envelope text is JSON.stringify of dataEnvelope(…, "/users"), field for field and in order', async (t) => {
  const row = (org: string, app: string, uuid: string): AppRow => ({ org_name: org, app_name: app, uuid }) as AppRow
  const apps = [row('hx', 'hxdemo', '8f7c6a9e-1234-4bcd-9abc-0123456789ab'), row('o"rg\\', 'a\u0001中', 'ü'), row('', '', '')]
  const views = [
    { type: 'ALL', ignoreDuration: 0, ignoreInterval: '' },
    { type: 'NONE', ignoreDuration: 86400000, ignoreInterval: '21:30-08:00' },
    { type: 'q"\\', ignoreDuration: 1.5, ignoreInterval: '\u2028' },
    // One field changed at a time from the case before.
    { type: 'q"\\', ignoreDuration: 5, ignoreInterval: '\u2028' },
    { type: 'q"\\', ignoreDuration: 5, ignoreInterval: '01:00-02:00' },
    { type: 'ALL', ignoreDuration: 5, ignoreInterval: '01:00-02:00' }
  ]
  let cases = 0
  for (const app of apps) {
    for (const [i, path] of STRINGS.slice(0, 20).map(s => `/${s}`).entries()) {
      const origin = i % 2 === 0 ? 'http://h' : `http://${STRINGS[i]!}`
      for (const view of views) {
        for (const action of ['get', 'put']) {
          const names = { organization: app.org_name, applicationName: app.app_name, application: app.uuid }
          const c: EnvelopeContext = { app, action, timestamp: 1647503749918 + cases, duration: cases % 3, ...names, origin, path }
          const text = settingEnvelopeJson(c, view)
          if (text !== JSON.stringify(dataEnvelope(c, view, '/users'))) t.fail(`case ${cases}`)
          cases++
        }
      }
    }
  }
  t.pass(`${cases} contexts, each the same text`)
})

t.test('both setting routes send it as JSON, and it parses to the envelope', async (t) => {
  const h = await build(t)
  await h.register('alice')
  for (const method of ['PUT', 'GET'] as const) {
    const res = await h.app.inject({
      method,
      url: h.path('/users/alice/notification/user/alice'),
      headers: h.auth,
      ...(method === 'PUT' ? { payload: { type: 'NONE' } } : {})
    })
    t.equal(res.statusCode, 200)
    t.equal(res.headers['content-type'], JSON_TYPE)
    t.match(res.json(), { path: '/users', action: method.toLowerCase(), data: { type: 'NONE', ignoreDuration: 0, ignoreInterval: '' } })
  }
})

t.test("each answer's uri names the host its own request named, whatever the one before named", async (t) => {
  const h = await build(t)
  await h.register('alice')
  const url = h.path('/users/alice/notification/user/alice')
  for (const host of ['a.example:8080', 'b.example', 'b.example', 'a.example:8080', 'q"\\.example']) {
    const res = await h.app.inject({ method: 'GET', url, headers: { ...h.auth, host } })
    t.equal(res.json().uri, `http://${host}${url}`, host)
  }
})

t.test('numberText: the text JSON.stringify gives a number, for every kind the hand-built texts write', async (t) => {
  for (const n of [0, -0, 7, -7, 1_796_654_806_903, 1_796_741_558_019, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 1.5, -0.25, 1e21, 2 ** 60, 123456.789]) {
    t.equal(numberText(n), JSON.stringify(n), String(n))
  }
})
