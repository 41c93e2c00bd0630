import t, { type Test } from 'tap'
import { APP, build, ORG, T0, type Harness, invalid } from '../helper.js'

/**
 * …/users/{u}/notification/language (push doc §设置/获取推送通知的首选语言) and
 * …/users/{u}/notification/template, the recipient's template (easemob-reference.md §1.10).
 */

interface Res { status: number, body: any }

async function setup (t: Test): Promise<Harness & {
  send(method: 'GET' | 'PUT', rest: string, body?: unknown, headers?: Record<string, string>): Promise<Res>
  userToken(username: string): Promise<Record<string, string>>
}> {
  const h = await build(t)
  await h.register('alice', 'bob')
  return {
    ...h,
    async send (method, rest, payload, headers = h.auth) {
      const res = await h.app.inject({ method, url: h.path(rest), headers, ...(payload === undefined ? {} : { payload: payload as object }) })
      return { status: res.statusCode, body: res.json() }
    },
    async userToken (username) {
      const res = await h.app.inject({
        method: 'POST',
        url: h.path('/token'),
        headers: h.auth,
        payload: { grant_type: 'inherit', username, autoCreateUser: true }
      })
      if (res.statusCode !== 200) throw new Error(res.body)
      return { authorization: `Bearer ${res.json().access_token as string}` }
    }
  }
}

const unknownUser = {
  error: 'required_property_not_found',
  exception: 'org.apache.usergrid.persistence.exceptions.RequiredPropertyNotFoundException',
  timestamp: T0,
  duration: 0,
  error_description: 'Entity user requires a property named username'
}

const envelope = (action: string, rest: string, data: unknown, body: any) => ({
  path: '/users',
  uri: `http://localhost:80/${ORG}/${APP}${rest}`,
  timestamp: T0,
  organization: ORG,
  application: body.application,
  action,
  data,
  duration: body.duration,
  applicationName: APP
})

t.test('language: PUT answers data.language, GET reads it back', async (t) => {
  const h = await setup(t)
  const put = await h.send('PUT', '/users/alice/notification/language', { translationLanguage: 'EU' })
  t.equal(put.status, 200)
  t.strictSame(put.body, envelope('put', '/users/alice/notification/language', { language: 'EU' }, put.body))
  t.type(put.body.application, 'string')
  const get = await h.send('GET', '/users/alice/notification/language')
  t.equal(get.status, 200)
  t.strictSame(get.body, envelope('get', '/users/alice/notification/language', { language: 'EU' }, get.body))
  t.equal(get.body.application, put.body.application)
  // Another value replaces it.
  await h.send('PUT', '/users/alice/notification/language', { translationLanguage: 'zh-Hans' })
  t.strictSame((await h.send('GET', '/users/alice/notification/language')).body.data, { language: 'zh-Hans' })
})

t.test('language: never set reads "", and "" (no translation) clears it', async (t) => {
  const h = await setup(t)
  t.strictSame((await h.send('GET', '/users/alice/notification/language')).body.data, { language: '' })
  await h.send('PUT', '/users/alice/notification/language', { translationLanguage: 'en' })
  const cleared = await h.send('PUT', '/users/alice/notification/language', { translationLanguage: '' })
  t.equal(cleared.status, 200)
  t.strictSame(cleared.body.data, { language: '' })
  t.strictSame((await h.send('GET', '/users/alice/notification/language')).body.data, { language: '' })
})

t.test('language: a missing or non-string translationLanguage is 400', async (t) => {
  const h = await setup(t)
  for (const body of [{}, { language: 'EU' }, { translationLanguage: 1 }, { translationLanguage: null }]) {
    const res = await h.send('PUT', '/users/alice/notification/language', body)
    t.equal(res.status, 400, JSON.stringify(body))
    t.strictSame(res.body, invalid('translationLanguage'))
  }
  t.strictSame((await h.send('GET', '/users/alice/notification/language')).body.data, { language: '' })
})

t.test('language belongs to one user, and the username is case-insensitive', async (t) => {
  const h = await setup(t)
  await h.send('PUT', '/users/ALICE/notification/language', { translationLanguage: 'EU' })
  t.strictSame((await h.send('GET', '/users/alice/notification/language')).body.data, { language: 'EU' })
  t.strictSame((await h.send('GET', '/users/bob/notification/language')).body.data, { language: '' })
})

t.test('language: an unknown user is 400 required_property_not_found', async (t) => {
  const h = await setup(t)
  const put = await h.send('PUT', '/users/nobody/notification/language', { translationLanguage: 'EU' })
  t.equal(put.status, 400)
  t.strictSame(put.body, unknownUser)
  const get = await h.send('GET', '/users/nobody/notification/language')
  t.equal(get.status, 400)
  t.strictSame(get.body, unknownUser)
})

t.test('recipient template: PUT answers data.templateName, GET reads it back', async (t) => {
  const h = await setup(t)
  // The template need not exist (the vendor's SDK test names one that was never created).
  const put = await h.send('PUT', '/users/alice/notification/template', { templateName: 'hxtest' })
  t.equal(put.status, 200)
  t.strictSame(put.body, envelope('put', '/users/alice/notification/template', { templateName: 'hxtest' }, put.body))
  const get = await h.send('GET', '/users/alice/notification/template')
  t.equal(get.status, 200)
  t.strictSame(get.body, envelope('get', '/users/alice/notification/template', { templateName: 'hxtest' }, get.body))
})

t.test('recipient template: never set reads "", "" clears, missing field is 400', async (t) => {
  const h = await setup(t)
  t.strictSame((await h.send('GET', '/users/alice/notification/template')).body.data, { templateName: '' })
  await h.send('PUT', '/users/alice/notification/template', { templateName: 'tpl1' })
  t.strictSame((await h.send('PUT', '/users/alice/notification/template', { templateName: '' })).body.data, { templateName: '' })
  t.strictSame((await h.send('GET', '/users/alice/notification/template')).body.data, { templateName: '' })
  for (const body of [{}, { name: 'tpl1' }, { templateName: 5 }]) {
    const res = await h.send('PUT', '/users/alice/notification/template', body)
    t.equal(res.status, 400, JSON.stringify(body))
    t.strictSame(res.body, invalid('templateName'))
  }
})

t.test('recipient template works with a user token of that user, not of another', async (t) => {
  const h = await setup(t)
  const alice = await h.userToken('alice')
  const put = await h.send('PUT', '/users/alice/notification/template', { templateName: 'mine' }, alice)
  t.equal(put.status, 200)
  t.strictSame(put.body.data, { templateName: 'mine' })
  t.strictSame((await h.send('GET', '/users/alice/notification/template', undefined, alice)).body.data, { templateName: 'mine' })
  const other = await h.send('PUT', '/users/bob/notification/template', { templateName: 'theirs' }, alice)
  t.equal(other.status, 401)
  t.equal(other.body.error, 'unauthorized')
  t.strictSame((await h.send('GET', '/users/bob/notification/template')).body.data, { templateName: '' }, 'bob untouched')
  // A user created by the inherit grant works the same way.
  const carol = await h.userToken('carol')
  t.equal((await h.send('PUT', '/users/carol/notification/template', { templateName: 'c' }, carol)).status, 200)
  t.strictSame((await h.send('GET', '/users/carol/notification/template')).body.data, { templateName: 'c' })
})

t.test('recipient template: an unknown user is 400 required_property_not_found', async (t) => {
  const h = await setup(t)
  const put = await h.send('PUT', '/users/nobody/notification/template', { templateName: 'x' })
  t.equal(put.status, 400)
  t.strictSame(put.body, unknownUser)
  const get = await h.send('GET', '/users/nobody/notification/template')
  t.equal(get.status, 400)
  t.strictSame(get.body, unknownUser)
})

t.test('language and recipient template are independent of each other and of the entity fields', async (t) => {
  const h = await setup(t)
  await h.send('PUT', '/users/alice/notification/language', { translationLanguage: 'EU' })
  await h.send('PUT', '/users/alice/notification/template', { templateName: 'tpl' })
  t.strictSame((await h.send('GET', '/users/alice/notification/language')).body.data, { language: 'EU' })
  const user = await h.app.inject({ method: 'GET', url: h.path('/users/alice'), headers: h.auth })
  const entity = user.json().entities[0]
  t.notOk('language' in entity)
  t.notOk('template_name' in entity)
  t.notOk('templateName' in entity)
})
