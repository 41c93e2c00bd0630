import t, { type Test } from 'tap'
import { build, T0, type Harness, invalid } from '../helper.js'

/** PUT/GET …/users/{u}/push/binding (push doc §绑定和解绑推送信息, §查询推送绑定信息; decisions.md). */

interface Binding { device_id: string, device_token: string, notifier_name: string }

async function setup (t: Test): Promise<Harness & {
  bind(user: string, body: unknown): Promise<{ status: number, body: any }>
  list(user: string): Promise<{ status: number, body: any }>
}> {
  const h = await build(t)
  await h.register('wzy', 'other')
  const send = async (method: 'GET' | 'PUT', user: string, payload?: unknown) => {
    const res = await h.app.inject({
      method,
      url: h.path(`/users/${user}/push/binding`),
      headers: h.auth,
      ...(payload === undefined ? {} : { payload: payload as object })
    })
    return { status: res.statusCode, body: res.json() }
  }
  return { ...h, bind: async (user, body) => send('PUT', user, body), list: async (user) => send('GET', user) }
}

const b = (device_id: string, notifier_name: string, device_token: string): Binding => ({ device_id, device_token, notifier_name })

t.test('binding answers with the short envelope and the device\'s bindings', async (t) => {
  const h = await setup(t)
  const res = await h.bind('wzy', b('d1', 'n1', 'tok1'))
  t.equal(res.status, 200)
  t.strictSame(res.body, { timestamp: T0, entities: [b('d1', 'n1', 'tok1')], action: 'put', duration: res.body.duration })
  t.type(res.body.duration, 'number')
  t.strictSame(Object.keys(res.body), ['timestamp', 'entities', 'action', 'duration'])
})

t.test('binding the same device and notifier again replaces the token', async (t) => {
  const h = await setup(t)
  await h.bind('wzy', b('d1', 'n1', 'tok1'))
  const res = await h.bind('wzy', b('d1', 'n1', 'tok2'))
  t.strictSame(res.body.entities, [b('d1', 'n1', 'tok2')])
  t.strictSame((await h.list('wzy')).body.entities, [b('d1', 'n1', 'tok2')])
})

t.test('a second notifier on the same device is a second binding', async (t) => {
  const h = await setup(t)
  await h.bind('wzy', b('d1', 'n1', 'tok1'))
  const res = await h.bind('wzy', b('d1', 'n2', 'tok2'))
  t.strictSame(res.body.entities, [b('d1', 'n1', 'tok1'), b('d1', 'n2', 'tok2')])
})

t.test('a device\'s bindings are listed in the order they were first made, not by name', async (t) => {
  const h = await setup(t)
  await h.bind('wzy', b('d1', 'zz', 'tok1'))
  await h.bind('wzy', b('d1', 'aa', 'tok2'))
  const res = await h.bind('wzy', b('d1', 'mm', 'tok3'))
  t.strictSame(res.body.entities, [b('d1', 'zz', 'tok1'), b('d1', 'aa', 'tok2'), b('d1', 'mm', 'tok3')])
  t.strictSame((await h.bind('wzy', b('d1', 'zz', 'tok4'))).body.entities, [b('d1', 'zz', 'tok4'), b('d1', 'aa', 'tok2'), b('d1', 'mm', 'tok3')],
    'a new token keeps its place')
})

t.test('an empty device_token removes that one binding and lists the device\'s rest', async (t) => {
  const h = await setup(t)
  await h.bind('wzy', b('d1', 'n1', 'tok1'))
  await h.bind('wzy', b('d1', 'n2', 'tok2'))
  await h.bind('wzy', b('d2', 'n1', 'tok3'))
  const res = await h.bind('wzy', b('d1', 'n1', ''))
  t.equal(res.status, 200)
  t.strictSame(res.body.entities, [b('d1', 'n2', 'tok2')])
  t.strictSame((await h.list('wzy')).body.entities, [b('d1', 'n2', 'tok2'), b('d2', 'n1', 'tok3')])
  // The last binding of the device gone: an empty list.
  t.strictSame((await h.bind('wzy', b('d1', 'n2', ''))).body.entities, [])
})

t.test('an empty notifier_name removes every binding of the device, and only of that device', async (t) => {
  const h = await setup(t)
  await h.bind('wzy', b('d1', 'n1', 'tok1'))
  await h.bind('wzy', b('d1', 'n2', 'tok2'))
  await h.bind('wzy', b('d2', 'n1', 'tok3'))
  const res = await h.bind('wzy', b('d1', '', 'whatever'))
  t.equal(res.status, 200)
  t.strictSame(res.body.entities, [])
  t.strictSame((await h.list('wzy')).body.entities, [b('d2', 'n1', 'tok3')])
})

t.test('unbinding what was never bound succeeds with an empty list', async (t) => {
  const h = await setup(t)
  t.strictSame((await h.bind('wzy', b('d9', 'n1', ''))).body.entities, [])
  t.strictSame((await h.bind('wzy', b('d9', '', ''))).body.entities, [])
})

t.test('the PUT response lists only the bound device, GET lists every device in binding order', async (t) => {
  const h = await setup(t)
  await h.bind('wzy', b('d1', 'n1', 'tok1'))
  const second = await h.bind('wzy', b('d2', 'n1', 'tok2'))
  t.strictSame(second.body.entities, [b('d2', 'n1', 'tok2')])
  await h.bind('wzy', b('d1', 'n2', 'tok3'))
  const all = await h.list('wzy')
  t.equal(all.status, 200)
  t.strictSame(all.body, {
    timestamp: T0,
    entities: [b('d1', 'n1', 'tok1'), b('d2', 'n1', 'tok2'), b('d1', 'n2', 'tok3')],
    action: 'get',
    duration: all.body.duration
  })
})

t.test('GET with no bindings answers an empty list', async (t) => {
  const h = await setup(t)
  t.strictSame((await h.list('wzy')).body.entities, [])
})

t.test('bindings belong to one user', async (t) => {
  const h = await setup(t)
  await h.bind('wzy', b('d1', 'n1', 'tok1'))
  await h.bind('other', b('d1', 'n1', 'tok-other'))
  t.strictSame((await h.list('other')).body.entities, [b('d1', 'n1', 'tok-other')])
  // Clearing the other user's device leaves wzy's binding of the same device id.
  await h.bind('other', b('d1', '', ''))
  t.strictSame((await h.list('wzy')).body.entities, [b('d1', 'n1', 'tok1')])
})

t.test('the username in the path is case-insensitive', async (t) => {
  const h = await setup(t)
  await h.bind('WZY', b('d1', 'n1', 'tok1'))
  t.strictSame((await h.list('wzy')).body.entities, [b('d1', 'n1', 'tok1')])
})

t.test('missing or empty fields are 400 parameters is invalid', async (t) => {
  const h = await setup(t)
  const cases: Array<[unknown, string]> = [
    [{}, 'device_id'],
    [{ device_token: 'tok', notifier_name: 'n1' }, 'device_id'],
    [{ device_id: '', device_token: 'tok', notifier_name: 'n1' }, 'device_id'],
    [{ device_id: 'd1', notifier_name: 'n1' }, 'device_token'],
    [{ device_id: 'd1', device_token: 'tok' }, 'notifier_name'],
    [{ device_id: 'd1', device_token: 7, notifier_name: 'n1' }, 'device_token']
  ]
  for (const [body, field] of cases) {
    const res = await h.bind('wzy', body)
    t.equal(res.status, 400, JSON.stringify(body))
    t.strictSame(res.body, invalid(field), JSON.stringify(body))
  }
  t.strictSame((await h.list('wzy')).body.entities, [], 'nothing was bound')
})

const unknownUser = {
  error: 'required_property_not_found',
  exception: 'org.apache.usergrid.persistence.exceptions.RequiredPropertyNotFoundException',
  timestamp: T0,
  duration: 0,
  error_description: 'Entity user requires a property named username'
}

t.test('an unknown user is 400 required_property_not_found on PUT and GET', async (t) => {
  const h = await setup(t)
  const put = await h.bind('nobody', b('d1', 'n1', 'tok1'))
  t.equal(put.status, 400)
  t.strictSame(put.body, unknownUser)
  const get = await h.list('nobody')
  t.equal(get.status, 400)
  t.strictSame(get.body, unknownUser)
})

t.test('a username that could never exist is the same unknown-user 400', async (t) => {
  const h = await setup(t)
  for (const name of ['bad%21name', 'x'.repeat(65)]) {
    const res = await h.list(name)
    t.equal(res.status, 400, name)
    t.strictSame(res.body, unknownUser)
  }
})

t.test('--auto-create-users registers an unknown user on first binding', async (t) => {
  const h = await build(t, { args: ['--auto-create-users'] })
  const put = await h.app.inject({
    method: 'PUT',
    url: h.path('/users/Newbie/push/binding'),
    headers: h.auth,
    payload: b('d1', 'n1', 'tok1')
  })
  t.equal(put.statusCode, 200)
  t.strictSame(put.json().entities, [b('d1', 'n1', 'tok1')])
  const user = await h.app.inject({ method: 'GET', url: h.path('/users/newbie'), headers: h.auth })
  t.equal(user.statusCode, 200)
  t.equal(user.json().entities[0].username, 'newbie')
  t.equal(user.json().entities[0].created, T0)
})
