import { join } from 'node:path'
import Database from 'better-sqlite3'
import t from 'tap'
import { appToken, ok, start } from './server.js'

/**
 * kill -9 in the middle of a write load, then a restart on the same file: the database opens,
 * passes `PRAGMA integrity_check`, and holds every write that was acknowledged before the kill.
 */

t.setTimeout(240_000)

const WRITERS = 8
/** Acknowledged writes to wait for before the kill; the load goes on until the process is gone. */
const KILL_AFTER = 400

t.test('kill -9 under write load loses no acknowledged write', async (t) => {
  const dir = t.testdir({})
  const file = join(dir, 'missing', 'folder', 'crash.db') // a missing folder is created
  const first = await start(['--db', file, '--app', 'crash#app:cid:secret'])
  t.teardown(() => { first.child.kill('SIGKILL') })
  const token = await appToken(first.url, 'crash', 'app', 'cid', 'secret')
  await ok(first.url, 'POST', '/crash/app/users', Array.from({ length: WRITERS }, (_, w) => ({ username: `w${w}`, password: 'p' })), token)

  /** Per writer: the devices and settings whose writes were answered 200. */
  const acked = Array.from({ length: WRITERS }, () => ({ devices: [] as string[], groups: [] as string[] }))
  let total = 0
  let killed = false
  const failuresBeforeKill: string[] = []
  let reachedTarget: () => void = () => {}
  const target = new Promise<void>(resolve => { reachedTarget = resolve })
  const writers = Array.from({ length: WRITERS }, async (_, w) => {
    for (let n = 0; ; n++) {
      try {
        if (n % 2 === 0) {
          await ok(first.url, 'PUT', `/crash/app/users/w${w}/push/binding`, { device_id: `d${n}`, device_token: `t${n}`, notifier_name: 'apns' }, token)
          acked[w]?.devices.push(`d${n}`)
        } else {
          await ok(first.url, 'PUT', `/crash/app/users/w${w}/notification/chatgroup/g${n}`, { type: 'AT', ignoreInterval: '22:00-07:00' }, token)
          acked[w]?.groups.push(`g${n}`)
        }
      } catch (err) {
        if (!killed) failuresBeforeKill.push(String(err))
        return
      }
      if (++total === KILL_AFTER) reachedTarget()
    }
  })
  // All writers stopping before the target would be a failure; don't wait for the target then.
  const writing = Promise.all(writers)
  await Promise.race([target, writing])
  killed = true
  first.child.kill('SIGKILL')
  t.equal(await first.exited, null, 'killed by the signal')
  await writing
  t.strictSame(failuresBeforeKill, [], 'no write failed before the kill')
  t.ok(total >= KILL_AFTER, `${total} writes acknowledged before the kill`)

  const second = await start(['--db', file])
  t.teardown(() => { second.child.kill('SIGKILL') })
  let missing = 0
  for (let w = 0; w < WRITERS; w++) {
    const stored = await ok(second.url, 'GET', `/crash/app/users/w${w}/push/binding`, undefined, token)
    const devices = new Set(stored.entities.map((b: { device_id: string }) => b.device_id))
    missing += (acked[w]?.devices ?? []).filter(d => !devices.has(d)).length
    for (const g of acked[w]?.groups ?? []) {
      const s = await ok(second.url, 'GET', `/crash/app/users/w${w}/notification/chatgroup/${g}`, undefined, token)
      if (s.data.type !== 'AT' || s.data.ignoreInterval !== '22:00-07:00') missing++
    }
  }
  t.equal(missing, 0, 'every acknowledged write is there after the restart (read through the API)')

  // The running server holds the file exclusively (db/database.ts), so it is checked once stopped.
  second.child.kill('SIGTERM')
  t.equal(await second.exited, 0)
  const check = new Database(file, { readonly: true })
  t.equal(check.pragma('integrity_check', { simple: true }), 'ok', 'integrity_check passes')
  check.close()
})
