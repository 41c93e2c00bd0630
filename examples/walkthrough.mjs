#!/usr/bin/env node
// A walk through every endpoint of easemob-push-mock with plain fetch, in the order a newcomer
// would meet them. Start the emulator (`npm start`), then: node examples/walkthrough.mjs
// BASE_URL (default http://127.0.0.1:8080) and APP_KEY/CLIENT_ID/CLIENT_SECRET pick the target;
// an unknown app is created by its first token request. Exits 1 at the first unexpected answer.

const BASE = process.env.BASE_URL ?? 'http://127.0.0.1:8080'
const [ORG, APP] = (process.env.APP_KEY ?? 'walk#through').split('#')
const CLIENT_ID = process.env.CLIENT_ID ?? 'walk-id'
const CLIENT_SECRET = process.env.CLIENT_SECRET ?? 'walk-secret'
const quiet = process.argv.includes('--quiet')

let token = ''

/** One request; prints it with a short view of the answer and fails on an unexpected status. */
async function call (method, path, body, expect = 200) {
  const url = path.startsWith('/_mock') ? `${BASE}${path}` : `${BASE}/${ORG}/${APP}${path}`
  const res = await fetch(url, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token === '' ? {} : { authorization: `Bearer ${token}` })
    },
    body: body === undefined ? undefined : JSON.stringify(body)
  })
  const json = await res.json()
  if (!quiet) console.log(`${res.status} ${method} ${path}\n    ${JSON.stringify(json.data ?? json.entities ?? json).slice(0, 160)}`)
  if (res.status !== expect) {
    console.error(`expected ${expect}, got ${res.status}: ${JSON.stringify(json)}`)
    process.exit(1)
  }
  return json
}

// Start clean (an app not seen yet answers 404 here, which is fine) at a known time: 09:00 in
// Shanghai (the default --timezone) on 2026-01-05.
await fetch(`${BASE}/_mock/reset?app=${encodeURIComponent(`${ORG}#${APP}`)}`, { method: 'POST' })
await call('PUT', '/_mock/clock', { now: '2026-01-05T01:00:00Z' })

// 1. An app token (client_credentials); unknown apps are created on first use.
token = (await call('POST', '/token', { grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: CLIENT_SECRET })).access_token

// 2. Users: register a batch, read one.
await call('POST', '/users', [{ username: 'alice', password: 'pw' }, { username: 'bob', password: 'pw' }, { username: 'carol', password: 'pw' }])
await call('GET', '/users/alice')

// 3. Push profile: nickname and display style on the user entity, a batch of nicknames.
await call('PUT', '/users/alice', { nickname: 'Alice' })
await call('PUT', '/users/bob', { notification_display_style: 1 })
await call('PUT', '/push/nickname', [{ username: 'carol', push_nickname: 'Carol' }])

// 4. Device bindings: bind two devices for bob, list them, unbind one.
await call('PUT', '/users/bob/push/binding', { device_id: 'bob-phone', device_token: 'apns-token-1', notifier_name: 'EaseIM_APNS' })
await call('PUT', '/users/bob/push/binding', { device_id: 'bob-tablet', device_token: 'fcm-token-1', notifier_name: 'EaseIM_FCM' })
await call('GET', '/users/bob/push/binding')
await call('PUT', '/users/carol/push/binding', { device_id: 'carol-phone', device_token: 'apns-token-2', notifier_name: 'EaseIM_APNS' })

// 5. Notification settings: carol's app-wide do-not-disturb 08:00–10:00; a conversation mode for bob.
await call('PUT', '/users/carol/notification/user/carol', { type: 'ALL', ignoreInterval: '08:00-10:00', ignoreDuration: 0 })
await call('GET', '/users/carol/notification/user/carol')
await call('PUT', '/users/bob/notification/user/alice', { type: 'ALL' })

// 6. Language and templates.
await call('PUT', '/users/bob/notification/language', { translationLanguage: 'en' })
await call('GET', '/users/bob/notification/language')
await call('POST', '/notification/template', { name: 'welcome', title_pattern: 'Hi {0}', content_pattern: '{$fromNickname}: {$msg}' })
await call('GET', '/notification/template/welcome')
await call('PUT', '/notification/template/welcome', { title_pattern: 'Hello {0}', content_pattern: '{$fromNickname} says {$msg}' })
await call('PUT', '/users/bob/notification/template', { templateName: 'welcome' })
await call('GET', '/users/bob/notification/template')

// 7. A message to bob and carol: bob gets two pushes from his template, carol is in her quiet hours.
const sent = await call('POST', '/messages/users', { from: 'alice', to: ['bob', 'carol'], type: 'txt', body: { msg: 'lunch?' }, ext: { em_push_template: { name: 'welcome', title_args: ['Bob'] } } })
const pushes = (await call('GET', `/_mock/pushes?msg_id=${sent.data.bob}`)).pushes
if (pushes.length !== 2 || pushes.some(p => p.outcome !== 'delivered' || p.title !== 'Hello Bob')) throw new Error(`unexpected pushes ${JSON.stringify(pushes)}`)
const quietCarol = (await call('GET', `/_mock/pushes?msg_id=${sent.data.carol}`)).pushes
if (quietCarol[0]?.reason !== 'user ignore push') throw new Error(`carol should be in do-not-disturb: ${JSON.stringify(quietCarol)}`)

// 8. The same with force, and with carol online: force beats DND; an online user gets no push.
await call('POST', '/messages/users', { from: 'alice', to: ['carol'], type: 'txt', body: { msg: 'urgent' }, ext: { em_force_notification: true } })
await call('PUT', '/_mock/presence', { app: `${ORG}#${APP}`, username: 'carol', online: true })
await call('POST', '/messages/users', { from: 'alice', to: ['carol'], type: 'txt', body: { msg: 'you are online' } })
await call('PUT', '/_mock/presence', { app: `${ORG}#${APP}`, username: 'carol', online: false })

// 9. A group: create, read, add and list members, a group message with an @mention, remove a member.
const group = (await call('POST', '/chatgroups', { groupname: 'lunch', public: true, owner: 'alice', members: ['bob'] })).data.groupid
await call('GET', `/chatgroups/${group}`)
await call('POST', `/chatgroups/${group}/users/carol`)
await call('GET', `/chatgroups/${group}/users`)
await call('PUT', `/users/bob/notification/chatgroup/${group}`, { type: 'AT' })
await call('POST', '/messages/chatgroups', { from: 'alice', to: [group], type: 'txt', body: { msg: '@bob pizza?' }, ext: { em_at_list: ['bob'] } })
await call('DELETE', `/chatgroups/${group}/users/carol`)
await call('POST', `/chatgroups/${group}/users`, { usernames: ['carol'] })

// 9b. What the client SDKs read and write: the settings of several conversations at once, the
// conversations with a remind type page by page, and blockGroupMessages, after which a group
// message that mentions bob is no longer pushed to him.
await call('GET', `/users/bob/notification?user=alice,carol&group=${group}&_v=${Date.now()}`)
const firstPage = await call('GET', '/users/bob/notification/mute/type?limit=1')
await call('GET', `/users/bob/notification/mute/type?limit=1&cursor=${firstPage.cursor}`)
await call('PUT', '/users/bob', { entities: [{ [`notification_ignore_${group}`]: true }] })
const blocked = await call('POST', '/messages/chatgroups', { from: 'alice', to: [group], type: 'txt', body: { msg: '@bob still there?' }, ext: { em_at_list: ['bob'] } })
const toBob = (await call('GET', `/_mock/pushes?msg_id=${blocked.data[group]}&to=bob`)).pushes
if (toBob.length === 0 || toBob.some(p => p.reason !== 'user ignore push')) throw new Error(`bob blocked the group: ${JSON.stringify(toBob)}`)

// 10. Time moves on: past 10:00 carol's window is over.
await call('POST', '/_mock/clock/advance', { ms: 2 * 60 * 60 * 1000 })
await call('POST', '/messages/users', { from: 'alice', to: ['carol'], type: 'txt', body: { msg: 'after ten' } })
const all = (await call('GET', `/_mock/pushes?app=${encodeURIComponent(`${ORG}#${APP}`)}&to=carol`)).pushes
if (all.at(-1)?.outcome !== 'delivered') throw new Error(`carol should get the last one: ${JSON.stringify(all.at(-1))}`)

// 11. What the emulator saw: the journal and the API coverage.
await call('GET', `/_mock/requests?app=${encodeURIComponent(`${ORG}#${APP}`)}&method=POST&path=/${ORG}/${APP}/messages/*`)
await call('GET', `/_mock/coverage?app=${encodeURIComponent(`${ORG}#${APP}`)}`)

// 12. Clean up: delete the group, a template and a user; the clock back to real time.
await call('DELETE', `/chatgroups/${group}`)
await call('DELETE', '/notification/template/welcome')
await call('DELETE', '/users/carol')
await call('DELETE', '/_mock/clock')
console.log('walkthrough complete')
