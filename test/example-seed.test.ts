import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import t from 'tap'
import { startMockServer } from '../src/index.js'
import { fetchJson } from './io.js'

/** examples/seed.json, the documented seed format: loaded with --seed, read back through the vendor API. */

const SEED = join(import.meta.dirname, '..', 'examples', 'seed.json')

t.test('examples/seed.json loads with --seed and reads back through the vendor API', async (t) => {
  const doc = JSON.parse(await readFile(SEED, 'utf8')) as Record<string, any>
  const mock = await startMockServer({ seed: SEED, now: '2024-01-02T03:04:05Z' })
  t.teardown(() => mock.close())
  const base = `${mock.url}/demo/app`

  const call = async (method: string, path: string, body?: unknown, token?: string) => await fetchJson(base + path, method, body, token)

  // The seed's own credentials get an app token; the users' passwords get user tokens.
  const app = await call('POST', '/token', { grant_type: 'client_credentials', client_id: doc.clientId, client_secret: doc.clientSecret })
  t.equal(app.status, 200)
  const token = app.body.access_token as string
  t.equal((await call('POST', '/token', { grant_type: 'password', username: 'bob', password: 'bob-password' })).status, 200)

  const alice = await call('GET', '/users/alice', undefined, token)
  t.match(alice.body.entities, [{ username: 'alice', nickname: 'Alice', notification_display_style: 1 }])
  t.match((await call('GET', '/users/bob', undefined, token)).body.entities, [{ username: 'bob', nickname: 'Bob' }])

  const binding = await call('GET', '/users/alice/push/binding', undefined, token)
  t.strictSame(binding.body.entities, [{ device_id: 'alice-iphone', device_token: 'apns-token-of-alice', notifier_name: 'com.example.demo.apns' }])

  t.match((await call('GET', '/users/alice/notification/user/alice', undefined, token)).body.data,
    { type: 'ALL', ignoreInterval: '22:00-07:30', ignoreDuration: 0 }, 'the app-wide setting')
  t.match((await call('GET', '/users/alice/notification/chatgroup/team-room', undefined, token)).body.data, { type: 'AT' }, 'a group')
  t.match((await call('GET', '/users/alice/notification/user/bob', undefined, token)).body.data, { type: 'NONE' }, 'a one-to-one conversation')
  t.match((await call('GET', '/users/bob/notification/user/bob', undefined, token)).body.data, { type: 'ALL', ignoreInterval: '' }, 'bob has none')

  t.match((await call('GET', '/users/alice/notification/language', undefined, token)).body.data, { language: 'en' })
  t.match((await call('GET', '/users/alice/notification/template', undefined, token)).body.data, { templateName: 'welcome' })
  t.match((await call('GET', '/notification/template/welcome', undefined, token)).body.data,
    { name: 'welcome', title_pattern: 'Hello {0}', content_pattern: '{$fromNickname}: {$msg}' })

  // The same document is what GET /_mock/state exports, plus what the emulator fills in.
  const exported = await (await fetch(`${mock.url}/_mock/state?app=demo%23app`)).json() as Record<string, any>
  const withoutPasswords = { ...doc, users: doc.users.map(({ password: _p, ...u }: Record<string, unknown>) => u) }
  t.match(exported, withoutPasswords)
  t.match(exported.users[0], { passwordHash: String, uuid: String, created: Date.UTC(2024, 0, 2, 3, 4, 5) }, 'seeded at the frozen time')
})
