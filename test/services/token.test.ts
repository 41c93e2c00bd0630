import t from 'tap'
import { tokenExpiry } from '../../src/domain/token.js'
import { T0 } from '../helper.js'
import { outcome, services } from './services.js'

/** `services.tokenIssuer`: the three grants, each check in the vendor's order. */

const illegal = (description: string) => ({ status: 400, error: 'illegal_argument', description })
const grant = (description: string, status = 400) => ({ status, error: 'invalid_grant', description })
const invalid = (field: string) => ({ status: 400, error: 'illegal_argument', description: `parameters is invalid : ${field}` })
const noApp = (org: string, app: string) => ({ status: 404, error: 'organization_application_not_found', description: `Could not find application for ${org}/${app} from URI: ${org}/${app}/token` })

t.test('a token expires ttl seconds after it is issued; 0 never', async (t) => {
  const cases: Array<[ttl: number, expected: number | null]> = [[0, null], [1, T0 + 1000], [5_184_000, T0 + 5_184_000_000]]
  for (const [ttl, expected] of cases) t.equal(tokenExpiry(T0, ttl), expected, String(ttl))
})

/** What a call answers: the grant's kind, app, ttl and user, or the vendor error. */
function issued (h: ReturnType<typeof services>, org: string, app: string, body: Record<string, unknown>, authorization?: string) {
  return outcome(() => {
    const g = h.s.tokenIssuer.issue(org, app, body, authorization, T0)
    return { app: `${g.app.org_name}#${g.app.app_name}`, ttl: g.ttl, user: g.user?.username ?? null, expires: h.s.tokens.find(g.token)?.expires_at }
  })
}

t.test('client credentials: checks, trust on first use, the ttl', async (t) => {
  const h = services(t)
  const cc = (extra: Record<string, unknown> = {}) => ({ grant_type: 'client_credentials', client_id: 'id', client_secret: 'secret', ...extra })
  const cases: Array<[org: string, app: string, body: Record<string, unknown>, expected: unknown]> = [
    ['hx', 'hxdemo', cc(), { ok: { app: 'hx#hxdemo', ttl: 5_184_000, user: null, expires: T0 + 5_184_000_000 } }],
    ['hx', 'hxdemo', cc({ ttl: '60' }), { ok: { app: 'hx#hxdemo', ttl: 60, user: null, expires: T0 + 60_000 } }],
    ['hx', 'hxdemo', cc({ ttl: 0 }), { ok: { app: 'hx#hxdemo', ttl: 0, user: null, expires: null } }],
    ['hx', 'hxdemo', cc({ ttl: -1 }), invalid('ttl')],
    ['hx', 'hxdemo', cc({ ttl: 'x', client_id: '' }), invalid('ttl')], // the ttl first
    ['hx', 'hxdemo', cc({ client_id: '' }), illegal('client_id must be provided.')],
    ['hx', 'hxdemo', cc({ client_secret: undefined }), illegal('client_secret must be provided')],
    ['hx', 'hxdemo', cc({ client_id: 'other' }), grant('client_id does not match')],
    ['hx', 'hxdemo', cc({ client_secret: 'other' }), grant('client_secret does not match')],
    ['new', 'app', cc({ client_id: 'n' }), { ok: { app: 'new#app', ttl: 5_184_000, user: null, expires: T0 + 5_184_000_000 } }], // created
    ['new', 'app', cc(), grant('client_id does not match')], // and now known
    ['a b', 'app', cc(), noApp('a b', 'app')], // no appkey can name it
    ['hx', '', cc({ grant_type: '' }), illegal('grant_type must be provided.')],
    ['hx', 'hxdemo', cc({ grant_type: undefined }), illegal('grant_type must be provided.')],
    ['hx', 'hxdemo', cc({ grant_type: 'magic' }), illegal('unsupported grant_type: magic')]
  ]
  for (const [org, app, body, expected] of cases) t.strictSame(issued(h, org, app, body), expected, `${org}#${app} ${JSON.stringify(body)}`)
  const strict = services(t, ['--strict-apps'])
  t.strictSame(issued(strict, 'other', 'app', cc()), noApp('other', 'app'), '--strict-apps creates no app')
})

t.test('password and inherit grants', async (t) => {
  const h = services(t)
  h.users('alice')
  const appToken = h.s.tokens.issue(h.appId, null, null)
  const userToken = h.s.tokens.issue(h.appId, h.s.users.find(h.appId, 'alice')?.id ?? 0, null)
  const cases: Array<[body: Record<string, unknown>, authorization: string | undefined, expected: unknown]> = [
    [{ grant_type: 'password', username: 'Alice', password: 'pw' }, undefined, { ok: { app: 'hx#hxdemo', ttl: 5_184_000, user: 'alice', expires: T0 + 5_184_000_000 } }],
    [{ grant_type: 'password', username: 'alice', password: 'no' }, undefined, grant('invalid password')],
    [{ grant_type: 'password', username: 'bob', password: 'pw' }, undefined, grant('user not found', 404)],
    [{ grant_type: 'password', password: 'pw' }, undefined, illegal('username must be provided')],
    [{ grant_type: 'password', username: 'alice' }, undefined, illegal('password or pin must provided')],
    [{ grant_type: 'inherit', username: 'alice' }, `Bearer ${appToken}`, { ok: { app: 'hx#hxdemo', ttl: 5_184_000, user: 'alice', expires: T0 + 5_184_000_000 } }],
    [{ grant_type: 'inherit', username: 'alice' }, `Bearer ${userToken}`, { status: 401, error: 'auth_bad_access_token', description: 'Unable to authenticate due to corrupt access token' }],
    [{ grant_type: 'inherit', username: 'alice' }, undefined, { status: 401, error: 'unauthorized', description: 'Unable to authenticate (OAuth)' }],
    [{ grant_type: 'inherit', username: 'a b' }, `Bearer ${appToken}`, illegal('username [a b] is not legal')],
    [{ grant_type: 'inherit', username: 'a'.repeat(65) }, `Bearer ${appToken}`, illegal('USERNAME_TOO_LONG')],
    [{ grant_type: 'inherit', username: 'bob' }, `Bearer ${appToken}`, grant('user not found', 404)],
    [{ grant_type: 'inherit', username: 'bob', autoCreateUser: 'maybe' }, `Bearer ${appToken}`, invalid('autoCreateUser')],
    [{ grant_type: 'inherit', username: 'Bob', autoCreateUser: 'true' }, `Bearer ${appToken}`, { ok: { app: 'hx#hxdemo', ttl: 5_184_000, user: 'bob', expires: T0 + 5_184_000_000 } }]
  ]
  for (const [body, authorization, expected] of cases) t.strictSame(issued(h, 'hx', 'hxdemo', body, authorization), expected, JSON.stringify(body))
  t.strictSame(issued(h, 'no', 'app', { grant_type: 'password', username: 'alice', password: 'pw' }), noApp('no', 'app'))
  t.strictSame(issued(h, 'no', 'app', { grant_type: 'inherit', username: 'alice' }, `Bearer ${appToken}`), noApp('no', 'app'))
})
