import t from 'tap'
import { T0 } from '../helper.js'
import { outcome, services } from './services.js'

/** `services.conversations`: the two client-SDK reads over many conversations, as a table. */

const NO_USER = { status: 400, error: 'required_property_not_found', description: 'Entity user requires a property named username' }
const invalid = (field: string) => ({ status: 400, error: 'illegal_argument', description: `parameters is invalid : ${field}` })
const view = (type: string) => ({ type, ignoreDuration: 0, ignoreInterval: '' })

t.test('many: each id asked, keyed as sent, read as its setting or default; bad lists and users are vendor errors', async (t) => {
  const h = services(t)
  h.users('alice')
  h.s.settings.write(h.appId, { username: 'alice', chattype: 'user', key: 'bob' }, { type: 'NONE' }, T0)
  h.s.settings.write(h.appId, { username: 'alice', chattype: 'chatgroup', key: 'G1' }, { type: 'AT' }, T0)
  const twentyOne = Array.from({ length: 21 }, (_, i) => `x${i}`).join(',')
  const cases: Array<[username: string, query: { user?: string, group?: string }, expected: unknown]> = [
    ['alice', {}, { ok: { user: {}, group: {} } }],
    ['alice', { user: '', group: '' }, { ok: { user: {}, group: {} } }],
    ['alice', { user: 'bob,Bob,carol' }, { ok: { user: { bob: view('NONE'), Bob: view('NONE'), carol: view('DEFAULT') }, group: {} } }],
    ['alice', { user: 'alice' }, { ok: { user: { alice: view('ALL') }, group: {} } }],
    ['ALICE', { group: 'G1,g1' }, { ok: { user: {}, group: { G1: view('AT'), g1: view('DEFAULT') } } }],
    ['alice', { user: twentyOne }, invalid('user')],
    ['alice', { group: twentyOne }, invalid('group')],
    ['alice', { user: twentyOne, group: twentyOne }, invalid('user')],
    ['nobody', { user: 'bob' }, NO_USER],
    ['nobody', { user: twentyOne }, invalid('user')] // the query is checked first
  ]
  for (const [username, query, expected] of cases) {
    t.strictSame(outcome(() => h.s.conversations.many(h.appId, username, query, T0)), expected, `${username} ${JSON.stringify(query).slice(0, 40)}`)
  }
})

t.test('remindTypes: pages in list order with a cursor while more follow; bad limit or cursor is a vendor error', async (t) => {
  const h = services(t)
  h.users('alice')
  for (const [chattype, key, type] of [['user', 'b', 'AT'], ['chatgroup', '2', 'NONE'], ['user', 'a', 'DEFAULT'], ['user', 'alice', 'NONE'], ['user', 'c', 'ALL']] as const) {
    h.s.settings.write(h.appId, { username: 'alice', chattype, key }, { type }, T0)
  }
  const page = (query: { limit?: string, cursor?: string }) => outcome(() => h.s.conversations.remindTypes(h.appId, 'alice', query, T0))
  const all = [{ group: '2', value: 'NONE' }, { user: 'b', value: 'AT' }, { user: 'c', value: 'ALL' }]
  t.strictSame(page({}), { ok: { entries: all, cursor: undefined } })
  const first = page({ limit: '2' }) as { ok: { entries: unknown[], cursor: string } }
  t.strictSame(first.ok.entries, all.slice(0, 2))
  t.strictSame(page({ limit: '2', cursor: first.ok.cursor }), { ok: { entries: all.slice(2), cursor: undefined } })
  t.strictSame(page({ limit: '2' }), first, 'the same data, the same page and cursor')
  for (const limit of ['0', '51', 'x']) t.strictSame(page({ limit }), invalid('limit'), limit)
  t.strictSame(page({ cursor: 'nope' }), invalid('cursor'))
  t.strictSame(outcome(() => h.s.conversations.remindTypes(h.appId, 'nobody', {}, T0)), NO_USER)
})
