import type { Test } from 'tap'
import { createClock } from '../../src/clock.js'
import { loadConfig } from '../../src/config.js'
import { openDatabase } from '../../src/db/database.js'
import { migrate } from '../../src/db/migrate.js'
import { VendorError } from '../../src/http/vendor-error.js'
import { createServices, type Services } from '../../src/services/index.js'
import { T0 } from '../helper.js'

export interface ServiceHarness {
  s: Services
  appId: number
  /** Registers users (password "pw") and answers their ids, in order. */
  users(...usernames: string[]): number[]
}

/** The services on a fresh `:memory:` database with one app (`hx#hxdemo`), no Fastify; closed when the test ends. */
export function services (t: Test, args: string[] = []): ServiceHarness {
  const result = loadConfig(args, {})
  if (result.help) throw new Error('help')
  const clock = createClock()
  clock.set(T0)
  const db = openDatabase(':memory:')
  migrate(db)
  t.teardown(() => { db.close() })
  const s = createServices(db, result.config, clock)
  const appId = s.apps.create({ org: 'hx', app: 'hxdemo', clientId: 'id', clientSecret: 'secret' }, T0).id
  return {
    s,
    appId,
    users: (...usernames) => usernames.map(username => s.users.create(appId, { username, password: 'pw' }, T0).id)
  }
}

/** What a call throws, as the vendor's `error` and description, or `ok` with its result. */
export function outcome<R> (run: () => R): { ok: R } | { error: string, description: string, status: number } {
  try {
    return { ok: run() }
  } catch (err) {
    if (!(err instanceof VendorError)) throw err
    return { status: err.statusCode, error: err.error, description: err.description }
  }
}
