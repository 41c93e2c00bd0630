import type { Test } from 'tap'
import { buildApp, type App } from '../src/app.js'
import { createClock, type Clock } from '../src/clock.js'
import { loadConfig, type Config } from '../src/config.js'
import { openDatabase } from '../src/db/database.js'
import { migrate } from '../src/db/migrate.js'
import { createAppsRepo } from '../src/db/repositories/apps-repo.js'

/** A fixed instant (2022-03-17T07:55:49.918Z, the push doc's own timestamp) tests start at. */
export const T0 = 1647503749918

export const ORG = 'hx'
export const APP = 'hxdemo'
export const CLIENT_ID = 'YXA6client'
export const CLIENT_SECRET = 'YXA6secret'

export interface Harness {
  app: App
  clock: Clock
  config: Config
  /** A valid app token of ORG#APP. */
  token: string
  /** `Authorization` header for `token`. */
  auth: { authorization: string }
  /** `/hx/hxdemo` + rest. */
  path(rest: string): string
  /** Registers users (with password "pw"). */
  register(...usernames: string[]): Promise<void>
}

/**
 * An emulator on a fresh `:memory:` database with ORG#APP configured and a frozen clock at `now`;
 * closed when the test ends.
 */
export async function build (t: Test, opts: { now?: number, args?: string[] } = {}): Promise<Harness> {
  const result = loadConfig(['--app', `${ORG}#${APP}:${CLIENT_ID}:${CLIENT_SECRET}`, ...(opts.args ?? [])], {})
  if (result.help) throw new Error('help')
  const config = { ...result.config, dbFile: ':memory:' }
  const clock = createClock()
  clock.set(opts.now ?? T0)
  const db = openDatabase(':memory:')
  migrate(db)
  const apps = createAppsRepo(db)
  for (const a of config.apps) apps.upsert(a, clock.now())
  const app = await buildApp({ db, config, clock }, { logger: false })
  t.teardown(async () => {
    await app.close()
    db.close()
  })
  const res = await app.inject({
    method: 'POST',
    url: `/${ORG}/${APP}/token`,
    payload: { grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: CLIENT_SECRET }
  })
  const token = res.json().access_token as string
  const auth = { authorization: `Bearer ${token}` }
  const path = (rest: string): string => `/${ORG}/${APP}${rest.startsWith('/') ? '' : '/'}${rest}`
  return {
    app,
    clock,
    config,
    token,
    auth,
    path,
    async register (...usernames) {
      const r = await app.inject({
        method: 'POST',
        url: path('/users'),
        headers: auth,
        payload: usernames.map(username => ({ username, password: 'pw' }))
      })
      if (r.statusCode !== 200) throw new Error(`register failed: ${r.body}`)
    }
  }
}

export type Method = 'GET' | 'PUT' | 'POST' | 'DELETE' | 'HEAD'

export interface Res { status: number, body: any }

/** One injected request: JSON bodies parsed, an empty body as null, anything else as text. */
export async function call (h: Harness, method: Method, url: string, payload?: unknown, headers: Record<string, string> = {}): Promise<Res> {
  const res = await h.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) })
  if (res.body === '') return { status: res.statusCode, body: null }
  const json = String(res.headers['content-type']).startsWith('application/json')
  return { status: res.statusCode, body: json ? res.json() : res.body }
}

/** A vendor call under `/hx/hxdemo` with the app token (extra headers win). */
export const vendor = (h: Harness, method: Method, rest: string, payload?: unknown, headers: Record<string, string> = {}): Promise<Res> =>
  call(h, method, h.path(rest), payload, { ...h.auth, ...headers })

/** The push pages' 400 for a bad field value, at the frozen clock unless told. */
export const invalid = (field: string, timestamp = T0) => ({
  error: 'illegal_argument',
  exception: 'IllegalArgumentException',
  timestamp,
  duration: 0,
  error_description: `parameters is invalid : ${field}`
})

/** The app's uuid, as the token endpoint reports it. */
export async function appUuid (h: Harness): Promise<string> {
  const res = await h.app.inject({
    method: 'POST',
    url: h.path('/token'),
    payload: { grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: CLIENT_SECRET }
  })
  return res.json().application as string
}
