import t from 'tap'
import { readSend } from '../../src/services/messages.js'
import { T0 } from '../helper.js'
import { outcome, services } from './services.js'

/** `services.messaging`: a send body checked in the vendor's order, and the ids it answers. */

const sendError = (description: string) => ({ status: 400, error: 'message_send_error', description })
const BAD_BODY = { status: 400, error: 'invalid_request_body', description: 'Request body is invalid. Please check body is correct.' }
const txt = (extra: Record<string, unknown> = {}) => ({ from: 'alice', to: ['bob'], type: 'txt', body: { msg: 'hi' }, ...extra })

t.test('a send body: each check in the vendor order', async (t) => {
  const cases: Array<[raw: unknown, limit: number, schemaValid: boolean, expected: unknown]> = [
    [[], 600, true, BAD_BODY],
    ['x', 600, true, BAD_BODY],
    [txt({ from: '' }), 600, true, sendError("param from can't be empty")],
    [txt({ from: 5 }), 600, true, sendError("param from can't be empty")],
    [txt({ to: [] }), 600, true, sendError("param to can't be empty")],
    [txt({ to: 'bob' }), 600, true, sendError("param to can't be empty")],
    [txt({ to: ['a', 'b', 'c', 'd'] }), 3, true, sendError("params to's size can't exceed limit 3")],
    [txt({ to: ['bob', 7] }), 600, true, BAD_BODY],
    [txt({ to: ['bob', ''] }), 600, true, BAD_BODY],
    [txt({ type: '' }), 600, true, sendError("param type can't be empty")],
    [txt({ type: 'sticker' }), 600, true, BAD_BODY],
    [txt({ body: {} }), 600, true, sendError("param body can't be empty")],
    [txt({ body: 'hi' }), 600, true, sendError("param body can't be empty")],
    [txt({ body: { text: 'hi' } }), 600, true, BAD_BODY],
    [txt({ ext: [] }), 600, true, sendError('param ext must be JSONObject')],
    [txt({ body: { msg: 'x'.repeat(5200) } }), 600, true, { status: 400, error: 'message_send_error', description: 'message is too large' }],
    [txt(), 600, false, BAD_BODY], // the schema's own finding comes last
    [txt({ from: '' }), 600, false, sendError("param from can't be empty")],
    [txt({ from: 'Alice', to: ['Bob', 'bob'] }), 600, true, { ok: { from: 'alice', to: ['Bob', 'bob'], type: 'txt', body: { msg: 'hi' }, ext: {} } }],
    [{ to: ['bob'], type: 'cmd', body: { action: 'a' }, ext: { k: 1 } }, 600, true,
      { ok: { from: 'admin', to: ['bob'], type: 'cmd', body: { action: 'a' }, ext: { k: 1 } } }]
  ]
  for (const [raw, limit, schemaValid, expected] of cases) {
    t.match(outcome(() => readSend(raw, limit, schemaValid)), expected, `${JSON.stringify(raw).slice(0, 70)} ${limit} ${schemaValid}`)
  }
})

t.test('sending to users: one id per target, as spelled; one recipient per name', async (t) => {
  const h = services(t)
  h.users('alice', 'bob')
  const app = h.s.apps.list()[0] as Parameters<typeof h.s.messaging.toUsers>[0]
  const ids = h.s.messaging.toUsers(app, txt({ to: ['Bob', 'bob', 'nobody'] }), true, T0)
  t.strictSame(Object.keys(ids), ['Bob', 'bob', 'nobody'])
  t.equal(ids.Bob, ids.bob, 'one message for one recipient')
  t.not(ids.bob, ids.nobody)
  const pushes = h.s.controls.pushes.list({})
  t.strictSame(pushes.map(p => [p.to, p.msg_id]), [['bob', ids.bob], ['nobody', ids.nobody]], 'one record per recipient')
})

t.test('sending to groups: one id per group, shared by its members but the sender', async (t) => {
  const h = services(t)
  h.users('alice', 'bob', 'carol')
  const app = h.s.apps.list()[0] as Parameters<typeof h.s.messaging.toGroups>[0]
  const g = h.s.chatGroups.create(h.appId, { public: true, owner: 'alice', members: ['bob', 'carol'] }, undefined, T0).group_id
  const ids = h.s.messaging.toGroups(app, txt({ to: [g, g, 'nogroup'] }), true, T0)
  t.strictSame(Object.keys(ids), [g, 'nogroup'])
  t.not(ids[g], ids.nogroup)
  const pushes = h.s.controls.pushes.list({})
  t.strictSame(pushes.map(p => [p.to, p.msg_id, p.group_id]), [['bob', ids[g], g], ['carol', ids[g], g]], 'the sender and the unknown group reach no one')
  t.strictSame(outcome(() => h.s.messaging.toGroups(app, txt({ to: ['1', '2', '3', '4'] }), true, T0)), sendError("params to's size can't exceed limit 3"))
})
