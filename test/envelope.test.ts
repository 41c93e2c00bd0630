import t from 'tap'
import { build } from './helper.js'

const SETTING_FIELDS = ['path', 'uri', 'timestamp', 'organization', 'application', 'action', 'data', 'duration', 'applicationName']

t.test('both setting routes answer JSON in the vendor\'s field order, the text JSON.stringify would write', async (t) => {
  const h = await build(t)
  await h.register('alice')
  const url = h.path('/users/alice/notification/user/alice')
  // Hosts whose text needs escaping in JSON, on both sides of the serializer's short/long string cut.
  for (const host of ['h', 'q"\\.example', `${'x'.repeat(40)}"`, `${'x'.repeat(60)}.example`]) {
    for (const method of ['PUT', 'GET'] as const) {
      const res = await h.app.inject({
        method,
        url,
        headers: { ...h.auth, host },
        ...(method === 'PUT' ? { payload: { type: 'NONE', ignoreInterval: '21:30-08:00', ignoreDuration: 86400000 } } : {})
      })
      t.equal(res.statusCode, 200)
      t.equal(res.headers['content-type'], 'application/json; charset=utf-8')
      const body = res.json()
      t.strictSame(Object.keys(body), SETTING_FIELDS, `${method} ${host}: fields in order`)
      t.strictSame(Object.keys(body.data), ['type', 'ignoreDuration', 'ignoreInterval'])
      t.equal(res.body, JSON.stringify(body), `${method} ${host}: byte for byte`)
      t.match(body, { path: '/users', uri: `http://${host}${url}`, action: method.toLowerCase(), data: { type: 'NONE', ignoreInterval: '21:30-08:00' } })
    }
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
