import t from 'tap'
import { build, vendor } from './helper.js'

t.test('parallel merges of one setting lose no field, and parallel binds lose no device', async (t) => {
  const h = await build(t)
  await h.register('alice')
  const fields = [{ type: 'AT' }, { ignoreInterval: '21:30-08:00' }, { ignoreDuration: 3_600_000 }]
  // Many requests in flight at once, each writing one field of the same record.
  const writes = await Promise.all(Array.from({ length: 60 }, (_, i) =>
    vendor(h, 'PUT', '/users/alice/notification/chatgroup/g1', fields[i % fields.length])))
  t.ok(writes.every(w => w.status === 200), 'every write is acknowledged')
  const read = await vendor(h, 'GET', '/users/alice/notification/chatgroup/g1')
  t.strictSame(read.body.data, { type: 'AT', ignoreDuration: h.clock.now() + 3_600_000, ignoreInterval: '21:30-08:00' })

  const binds = await Promise.all(Array.from({ length: 50 }, (_, i) =>
    vendor(h, 'PUT', '/users/alice/push/binding', { device_id: `d${i}`, device_token: `t${i}`, notifier_name: 'n' })))
  t.ok(binds.every(b => b.status === 200))
  const all = await vendor(h, 'GET', '/users/alice/push/binding')
  t.equal(all.body.entities.length, 50, 'every acknowledged binding is stored')
})
