import t from 'tap'
import { build, T0 } from './helper.js'

t.test('a URL that does not decode gets the vendor envelope, not Fastify\'s', async (t) => {
  const h = await build(t)
  const res = await h.app.inject({ method: 'GET', url: '/hx/hxdemo/users/%zz', headers: h.auth })
  t.equal(res.statusCode, 400)
  t.match(res.json(), { error: 'illegal_argument', timestamp: T0, duration: 0, error_description: /^url is invalid/ })
  t.strictSame(Object.keys(res.json()).sort(), ['duration', 'error', 'error_description', 'exception', 'timestamp'])
})
