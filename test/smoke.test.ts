import t from 'tap'
import { build } from './helper.js'

t.test('a configured app issues a token and serves a binding round trip', async (t) => {
  const h = await build(t)
  await h.register('wzy')
  const put = await h.app.inject({
    method: 'PUT',
    url: h.path('/users/wzy/push/binding'),
    headers: h.auth,
    payload: { device_id: 'd1', device_token: 'tok', notifier_name: 'n1' }
  })
  t.equal(put.statusCode, 200)
  t.same(put.json().entities, [{ device_id: 'd1', device_token: 'tok', notifier_name: 'n1' }])
})
