import t from 'tap'
import { build, invalid, vendor } from './helper.js'

// Fastify's own validators (compiled when the app is built) on the routes' schemas.

t.test('params reach the handler decoded, as routed, and what the handler checks is still checked', async (t) => {
  const h = await build(t)
  await h.register('u1')
  const res = await vendor(h, 'GET', '/users/U1/notification/user/%55%31')
  t.equal(res.status, 200)
  t.match(res.body, { uri: /\/users\/U1\/notification\/user\/%55%31$/, data: { type: 'ALL' } }, 'decoded and folded: the user\'s own setting')
  const bogus = await vendor(h, 'GET', '/users/u1/notification/bogus/x')
  t.match([bogus.status, bogus.body], [404, { error: 'web_application', error_description: 'url is invalid' }], 'what the handler checks is still checked')
})

t.test('a route\'s validator refuses bad input with the vendor envelope, first time and after', async (t) => {
  const h = await build(t)
  await h.register('u1')
  for (let i = 0; i < 2; i++) {
    const res = await vendor(h, 'PUT', '/users/u1/notification/user/u1', { ignoreDuration: { not: 'a number' } })
    t.equal(res.status, 400)
    t.strictSame(res.body, invalid('ignoreDuration'))
  }
  t.equal((await vendor(h, 'PUT', '/users/u1/notification/user/u1', { type: 'NONE' })).status, 200)
})
