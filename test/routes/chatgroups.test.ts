import t, { type Test } from 'tap'
import { openDatabase } from '../../src/db/database.js'
import { migrate } from '../../src/db/migrate.js'
import { createAppsRepo } from '../../src/db/repositories/apps-repo.js'
import { createGroupsRepo } from '../../src/db/repositories/groups-repo.js'
import { APP, appUuid, build, call, ORG, T0, type Harness, type Res, vendor } from '../helper.js'

/**
 * The group API (vendor-shapes §0–§6): create, get, delete, list/add/remove members, in the group
 * service's envelope and errors; groups in /_mock/state and /_mock/reset.
 */

const KEY = encodeURIComponent(`${ORG}#${APP}`)
const GROUP_ID = /^[0-9]{14,15}$/
const EXC = 'com.easemob.group.exception.'

const groupError = (status: number, error: string, exception: string, description: string, timestamp = T0) => ({
  status,
  body: { error, exception: `${EXC}${exception}`, timestamp, duration: 0, error_description: description }
})
const invalidParameter = (d: string) => groupError(400, 'invalid_parameter', 'InvalidParameterException', d)
const notFound = (d: string, timestamp = T0) => groupError(404, 'resource_not_found', 'ResourceNotFoundException', d, timestamp)
const forbidden = (d: string) => groupError(403, 'forbidden_op', 'ForbiddenOpException', d)
const exceed = (d = 'members size is greater than max user size !') => groupError(403, 'exceed_limit', 'ExceedLimitException', d)

const strip = (res: Res) => ({ status: res.status, body: res.body })

/** The group envelope around `data`, `duration` taken from the answer. */
async function envelope (h: Harness, res: Res, action: string, uriRest: string, data: unknown, extra: Record<string, unknown> = {}) {
  return {
    action,
    application: await appUuid(h),
    ...(extra.params === undefined ? {} : { params: extra.params }),
    uri: `http://localhost:80/${ORG}/${APP}${uriRest}`,
    entities: [],
    data,
    timestamp: T0,
    duration: res.body.duration,
    organization: ORG,
    applicationName: APP,
    ...(extra.count === undefined ? {} : { count: extra.count }),
    ...(extra.properties === undefined ? {} : { properties: extra.properties })
  }
}

const create = async (h: Harness, body: unknown): Promise<Res> => await vendor(h, 'POST', '/chatgroups', body)

async function setup (t: Test, users = ['owner', 'm1', 'm2', 'm3']): Promise<Harness> {
  const h = await build(t)
  for (let i = 0; i < users.length; i += 60) await h.register(...users.slice(i, i + 60))
  return h
}

async function newGroup (h: Harness, body: Record<string, unknown> = {}): Promise<string> {
  const res = await create(h, { public: true, owner: 'owner', ...body })
  if (res.status !== 200) throw new Error(JSON.stringify(res.body))
  return res.body.data.groupid
}

const members = async (h: Harness, g: string, query = ''): Promise<Res> => await vendor(h, 'GET', `/chatgroups/${g}/users${query}`)

t.test('create answers the envelope with a numeric-string groupid', async (t) => {
  const h = await setup(t)
  const res = await create(h, {
    groupname: 'testgroup', avatar: 'https://www.x.com/image', description: 'test', public: true, maxusers: 300, owner: 'owner', members: ['m1']
  })
  t.equal(res.status, 200)
  t.match(res.body.data.groupid, GROUP_ID)
  t.strictSame(res.body, await envelope(h, res, 'post', '/chatgroups', { groupid: res.body.data.groupid }))
  t.strictSame(Object.keys(res.body), ['action', 'application', 'uri', 'entities', 'data', 'timestamp', 'duration', 'organization', 'applicationName'])
  const other = await newGroup(h)
  t.not(other, res.body.data.groupid)
})

t.test('get one group: the detail view field by field', async (t) => {
  const h = await setup(t)
  const g = await newGroup(h, {
    groupname: 'G',
    avatar: 'https://a',
    description: 'D',
    public: false,
    maxusers: 50,
    owner: 'Owner',
    members: ['m2', 'M1', 'owner', 'm2'],
    membersonly: true,
    allowinvites: true,
    custom: 'c'
  })
  const res = await vendor(h, 'GET', `/chatgroups/${g}`)
  t.equal(res.status, 200)
  const view = {
    id: g,
    name: 'G',
    avatar: 'https://a',
    description: 'D',
    membersonly: true,
    allowinvites: true,
    maxusers: 50,
    owner: 'owner',
    created: T0,
    custom: 'c',
    mute: false,
    affiliations_count: 3,
    disabled: false,
    affiliations: [{ member: 'm2' }, { member: 'm1' }, { owner: 'owner' }],
    public: false
  }
  t.strictSame(res.body, await envelope(h, res, 'get', `/chatgroups/${g}`, [view], { count: 1, properties: {} }))
})

t.test('create: defaults, allowinvites forced false on public groups', async (t) => {
  const h = await setup(t)
  const g = await newGroup(h, { allowinvites: true, membersonly: true })
  const view = (await vendor(h, 'GET', `/chatgroups/${g}`)).body.data[0]
  t.strictSame(view, {
    id: g,
    name: '',
    avatar: '',
    description: '',
    membersonly: true,
    allowinvites: false,
    maxusers: 200,
    owner: 'owner',
    created: T0,
    custom: '',
    mute: false,
    affiliations_count: 1,
    disabled: false,
    affiliations: [{ owner: 'owner' }],
    public: true
  })
})

t.test('create: errors in the group service\'s words', async (t) => {
  const h = await setup(t)
  const ok = { public: true, owner: 'owner' }
  const cases: Array<[string, unknown, unknown]> = [
    ['array body', [], invalidParameter('request body must be a JSON object')],
    ['no public', { owner: 'owner' }, invalidParameter('group must contain public field!')],
    ['string public', { owner: 'owner', public: 'true' }, invalidParameter('group must contain public field!')],
    ['no owner', { public: true }, invalidParameter('owner must be provided')],
    ['empty owner', { public: true, owner: '' }, invalidParameter('owner must be provided')],
    ['zero maxusers', { ...ok, maxusers: 0 }, invalidParameter('maxusers must be a positive integer')],
    ['fractional maxusers', { ...ok, maxusers: 2.5 }, invalidParameter('maxusers must be a positive integer')],
    ['string members', { ...ok, members: 'm1' }, invalidParameter('members must be an array of user ids')],
    ['empty member', { ...ok, members: [''] }, invalidParameter('members must be an array of user ids')],
    ['numeric groupname', { ...ok, groupname: 5 }, invalidParameter('groupname must be a string')],
    ['groupname 129', { ...ok, groupname: 'g'.repeat(129) }, invalidParameter('groupname length is too big')],
    ['avatar 1025', { ...ok, avatar: 'a'.repeat(1025) }, invalidParameter('avatar length is too big')],
    ['description 513', { ...ok, description: 'd'.repeat(513) }, invalidParameter('description length is too big')],
    ['custom 8193', { ...ok, custom: 'c'.repeat(8193) }, invalidParameter('custom length is too big')],
    ['unknown owner', { public: true, owner: 'Nobody' }, notFound("username Nobody doesn't exist!")],
    ['unknown member', { ...ok, members: ['m1', 'ghost'] }, notFound("username ghost doesn't exist!")],
    ['members + owner over maxusers', { ...ok, maxusers: 3, members: ['m1', 'm2', 'm3'] }, exceed()]
  ]
  for (const [name, body, expected] of cases) t.strictSame(strip(await create(h, body)), expected, name)
  for (const [field, max] of [['groupname', 128], ['avatar', 1024], ['description', 512], ['custom', 8192]] as const) {
    t.equal((await create(h, { ...ok, [field]: 'x'.repeat(max) })).status, 200, `${field} of ${max}`)
  }
  t.equal((await create(h, { ...ok, maxusers: 4, members: ['m1', 'm2', 'm3'] })).status, 200, 'members + owner = maxusers')
  t.equal((await create(h, { ...ok, maxusers: 1 })).status, 200, 'the owner alone')
  const state = (await call(h, 'GET', `/_mock/state?app=${KEY}`)).body
  t.equal(state.groups.length, 6, 'no failed create left a group')
})

t.test('get several groups: comma list, unknown ids left out, all unknown → 404, over 100 → 400', async (t) => {
  const h = await setup(t)
  const a = await newGroup(h, { groupname: 'A' })
  const b = await newGroup(h, { groupname: 'B', members: ['m1'] })
  const res = await vendor(h, 'GET', `/chatgroups/${a},1,${b}`)
  t.equal(res.status, 200)
  t.equal(res.body.count, 2)
  t.strictSame(res.body.data.map((g: any) => [g.id, g.name, g.affiliations_count]), [[a, 'A', 1], [b, 'B', 2]])
  t.equal(res.body.uri, `http://localhost:80/${ORG}/${APP}/chatgroups/${a},1,${b}`)
  t.strictSame(strip(await vendor(h, 'GET', '/chatgroups/1')), notFound('grpID 1 does not exist!'))
  t.strictSame(strip(await vendor(h, 'GET', '/chatgroups/1,2')), notFound('grpID 1,2 does not exist!'))
})

t.test('get: more than 100 ids → 400 invalid_parameter; 100 are fine (path length allowed)', async (t) => {
  const h = await setup(t)
  const a = await newGroup(h)
  const ids = Array.from({ length: 101 }, (_, i) => String(100000000000000 + i))
  t.strictSame(strip(await vendor(h, 'GET', `/chatgroups/${ids.join(',')}`)), invalidParameter('group ids must not exceed 100'))
  t.equal((await vendor(h, 'GET', `/chatgroups/${[a, ...ids.slice(0, 99)].join(',')}`)).body.count, 1, '100 ids are fine')
})

t.test('get: a comma list of 7 real (15-digit) group ids reaches the route', async (t) => {
  const h = await setup(t)
  const ids: string[] = []
  for (let i = 0; i < 7; i++) ids.push(await newGroup(h))
  const res = await vendor(h, 'GET', `/chatgroups/${ids.join(',')}`)
  t.equal(res.status, 200)
  t.equal(res.body.count, 7)
})

t.test('delete answers success; the group is gone', async (t) => {
  const h = await setup(t)
  const g = await newGroup(h, { members: ['m1'] })
  const res = await vendor(h, 'DELETE', `/chatgroups/${g}`)
  t.equal(res.status, 200)
  t.strictSame(res.body, await envelope(h, res, 'delete', `/chatgroups/${g}`, { success: true, groupid: g }))
  t.strictSame(strip(await vendor(h, 'GET', `/chatgroups/${g}`)), notFound(`grpID ${g} does not exist!`))
  t.strictSame(strip(await vendor(h, 'DELETE', `/chatgroups/${g}`)), notFound(`grpID ${g} does not exist!`))
})

t.test('list members: owner first, paging, joined_time, params echo', async (t) => {
  const h = await setup(t)
  const g = await newGroup(h, { members: ['m1'] })
  h.clock.advance(1000)
  await vendor(h, 'POST', `/chatgroups/${g}/users/m2`)
  h.clock.advance(1000)
  await vendor(h, 'POST', `/chatgroups/${g}/users/m3`)
  h.clock.set(T0)
  const all = await members(h, g)
  t.equal(all.status, 200)
  t.strictSame(all.body, await envelope(h, all, 'get', `/chatgroups/${g}/users`,
    [{ owner: 'owner' }, { member: 'm1' }, { member: 'm2' }, { member: 'm3' }], { count: 4 }))
  t.notOk('params' in all.body, 'no query, no params')
  const page = await members(h, g, '?pagesize=2&pagenum=2')
  t.strictSame(page.body, await envelope(h, page, 'get', `/chatgroups/${g}/users`,
    [{ member: 'm2' }, { member: 'm3' }], { count: 2, params: { pagesize: ['2'], pagenum: ['2'] } }))
  t.strictSame(Object.keys(page.body), ['action', 'application', 'params', 'uri', 'entities', 'data', 'timestamp', 'duration', 'organization', 'applicationName', 'count'])
  const timed = await members(h, g, '?joined_time=true&pagesize=3')
  t.strictSame(timed.body.data, [
    { owner: 'owner', joined_time: T0 }, { member: 'm1', joined_time: T0 }, { member: 'm2', joined_time: T0 + 1000 }
  ])
  t.strictSame(timed.body.params, { joined_time: ['true'], pagesize: ['3'] })
  t.strictSame((await members(h, g, '?pagenum=3&pagesize=2')).body.data, [], 'past the end')
  t.equal((await members(h, g, '?pagenum=0&pagesize=0')).body.count, 4, 'out-of-range values take the defaults')
  t.equal((await members(h, g, '?pagenum=x&pagesize=5000')).body.count, 4, 'over 1000 is capped')
  t.strictSame((await members(h, g, '?joined_time=false')).body.data[0], { owner: 'owner' })
  t.strictSame(strip(await members(h, '42')),
    groupError(404, 'service_resource_not_found', 'ServiceResourceNotFoundException', 'do not find this group:42'))
})

t.test('add one member: envelope; already a member; full group; unknown group or user', async (t) => {
  const h = await setup(t)
  const g = await newGroup(h, { maxusers: 3, members: ['m1'] })
  const res = await vendor(h, 'POST', `/chatgroups/${g}/users/M2`)
  t.equal(res.status, 200)
  t.strictSame(res.body, await envelope(h, res, 'post', `/chatgroups/${g}/users/M2`, { result: true, groupid: g, action: 'add_member', user: 'm2' }))
  t.strictSame(strip(await vendor(h, 'POST', `/chatgroups/${g}/users/m1`)),
    forbidden(`can not join this group, reason:user: m1 already in group: ${g}\n`))
  t.strictSame(strip(await vendor(h, 'POST', `/chatgroups/${g}/users/owner`)),
    forbidden(`can not join this group, reason:user: owner already in group: ${g}\n`))
  t.strictSame(strip(await vendor(h, 'POST', `/chatgroups/${g}/users/m3`)), exceed(), 'three of three')
  t.strictSame(strip(await vendor(h, 'POST', '/chatgroups/7/users/m3')), notFound('grpID 7 does not exist!'))
  t.strictSame(strip(await vendor(h, 'POST', `/chatgroups/${g}/users/ghost`)), notFound("username ghost doesn't exist!"))
  t.strictSame((await members(h, g)).body.data, [{ owner: 'owner' }, { member: 'm1' }, { member: 'm2' }])
})

t.test('add in batch: ≤ 60, only new members, all members → 403, bad body → 400', async (t) => {
  const many = Array.from({ length: 61 }, (_, i) => `u${i}`)
  const h = await setup(t, ['owner', 'm1', 'm2', 'm3', ...many])
  const g = await newGroup(h, { members: ['m1'] })
  const batch = async (body: unknown, group = g): Promise<Res> => await vendor(h, 'POST', `/chatgroups/${group}/users`, body)
  const res = await batch({ usernames: ['m1', 'M2', 'm3', 'm2'] })
  t.equal(res.status, 200)
  t.strictSame(res.body, await envelope(h, res, 'post', `/chatgroups/${g}/users`, { newmembers: ['m2', 'm3'], groupid: g, action: 'add_member' }))
  t.strictSame(strip(await batch({ usernames: ['m1', 'm2'] })),
    forbidden(`an not join this group, reason:user: m1,m2 already in group: ${g}\n`))
  t.strictSame(strip(await batch({ usernames: many })), exceed(), '61')
  for (const body of [{}, { usernames: [] }, { usernames: 'm1' }, { usernames: [''] }, { usernames: [1] }, []]) {
    t.strictSame(strip(await batch(body)), invalidParameter('usernames must be provided'), JSON.stringify(body))
  }
  t.strictSame(strip(await batch({ usernames: ['m1'] }, '5')), notFound('grpID 5 does not exist!'))
  t.strictSame(strip(await batch({ usernames: ['u1', 'ghost'] })), notFound("username ghost doesn't exist!"))
  const sixty = await batch({ usernames: many.slice(0, 60) })
  t.equal(sixty.status, 200, '60 at once')
  t.equal(sixty.body.data.newmembers.length, 60)
  t.equal((await members(h, g)).body.count, 64)
  const small = await newGroup(h, { maxusers: 3 })
  t.strictSame(strip(await batch({ usernames: ['m1', 'm2', 'm3'] }, small)), exceed(), 'over maxusers')
  t.equal((await batch({ usernames: ['m1', 'm2'] }, small)).status, 200, 'up to maxusers')
})

t.test('remove one member: envelope; not a member; the owner; unknown group', async (t) => {
  const h = await setup(t)
  const g = await newGroup(h, { members: ['m1', 'm2'] })
  const res = await vendor(h, 'DELETE', `/chatgroups/${g}/users/M1`)
  t.equal(res.status, 200)
  t.strictSame(res.body, await envelope(h, res, 'delete', `/chatgroups/${g}/users/M1`, { result: true, action: 'remove_member', user: 'm1', groupid: g }))
  t.strictSame(strip(await vendor(h, 'DELETE', `/chatgroups/${g}/users/m1`)), forbidden('users [m1] are not members of this group!'))
  t.strictSame(strip(await vendor(h, 'DELETE', `/chatgroups/${g}/users/m3`)), forbidden('users [m3] are not members of this group!'))
  t.strictSame(strip(await vendor(h, 'DELETE', `/chatgroups/${g}/users/owner`)), forbidden('forbidden operation on group owner!'))
  t.strictSame(strip(await vendor(h, 'DELETE', '/chatgroups/3/users/m2')), notFound('grpID 3 does not exist!'))
  t.strictSame((await members(h, g)).body.data, [{ owner: 'owner' }, { member: 'm2' }])
})

t.test('remove in batch by a comma path: one result per name with reasons; none removable → 403; > 60 → 400', async (t) => {
  const h = await setup(t)
  const g = await newGroup(h, { members: ['m1', 'm2', 'm3'] })
  const res = await vendor(h, 'DELETE', `/chatgroups/${g}/users/m1,ghost,owner,M2`)
  t.equal(res.status, 200)
  t.strictSame(res.body, await envelope(h, res, 'delete', `/chatgroups/${g}/users/m1,ghost,owner,M2`, [
    { result: true, action: 'remove_member', user: 'm1', groupid: g },
    { result: false, action: 'remove_member', reason: "user ghost doesn't exist.", user: 'ghost', groupid: g },
    { result: false, action: 'remove_member', reason: 'forbidden operation on group owner!', user: 'owner', groupid: g },
    { result: true, action: 'remove_member', user: 'm2', groupid: g }
  ]))
  t.strictSame((await members(h, g)).body.data, [{ owner: 'owner' }, { member: 'm3' }])
  t.strictSame(strip(await vendor(h, 'DELETE', `/chatgroups/${g}/users/m1,owner`)), forbidden('users [m1, owner] are not members of this group!'))
  t.strictSame((await members(h, g)).body.count, 2)
})

t.test('remove in batch: more than 60 names → 400 invalid_parameter (path length allowed)', async (t) => {
  const h = await setup(t)
  const g = await newGroup(h, { members: ['m1'] })
  const names = Array.from({ length: 61 }, (_, i) => `x${i}`).join(',')
  t.strictSame(strip(await vendor(h, 'DELETE', `/chatgroups/${g}/users/${names}`)),
    invalidParameter('kickMember: kickMembers number more than maxSize : 60'))
  const sixty = Array.from({ length: 59 }, (_, i) => `x${i}`).concat('m1').join(',')
  const res = await vendor(h, 'DELETE', `/chatgroups/${g}/users/${sixty}`)
  t.equal(res.status, 200, '60 names reach the route')
  t.equal(res.body.data.length, 60)
})

t.test('remove in batch: 61 names answer the vendor\'s 400 invalid_parameter', async (t) => {
  const h = await setup(t)
  const g = await newGroup(h, { members: ['m1'] })
  const names = Array.from({ length: 61 }, (_, i) => `x${i}`).join(',')
  t.strictSame(strip(await vendor(h, 'DELETE', `/chatgroups/${g}/users/${names}`)),
    invalidParameter('kickMember: kickMembers number more than maxSize : 60'))
})

t.test('deleting a user drops their memberships', async (t) => {
  const h = await setup(t)
  const g = await newGroup(h, { members: ['m1', 'm2'] })
  t.equal((await vendor(h, 'DELETE', '/users/m1')).status, 200)
  t.strictSame((await members(h, g)).body.data, [{ owner: 'owner' }, { member: 'm2' }])
  t.equal((await vendor(h, 'GET', `/chatgroups/${g}`)).body.data[0].affiliations_count, 2)
})

t.test('groups survive a /_mock/state round trip; reset clears them', async (t) => {
  const h = await setup(t)
  const g = await newGroup(h, { groupname: 'G', description: 'D', avatar: 'https://a', public: false, maxusers: 9, membersonly: true, allowinvites: true, custom: 'c', members: ['m2'] })
  h.clock.advance(5000)
  await vendor(h, 'POST', `/chatgroups/${g}/users/m1`)
  const exported = await call(h, 'GET', `/_mock/state?app=${KEY}`)
  t.equal(exported.status, 200)
  t.strictSame(exported.body.groups, [{
    groupId: g,
    name: 'G',
    description: 'D',
    avatar: 'https://a',
    public: false,
    maxusers: 9,
    membersonly: true,
    allowinvites: true,
    owner: 'owner',
    custom: 'c',
    created: T0,
    members: [{ username: 'owner', joined: T0 }, { username: 'm2', joined: T0 }, { username: 'm1', joined: T0 + 5000 }]
  }])
  const imported = await call(h, 'PUT', `/_mock/state?app=${KEY}`, exported.body)
  t.equal(imported.status, 200)
  t.strictSame((await call(h, 'GET', `/_mock/state?app=${KEY}`)).body, exported.body, 'export → import → export is identical')
  t.strictSame((await members(h, g)).body.data, [{ owner: 'owner' }, { member: 'm2' }, { member: 'm1' }])

  t.equal((await call(h, 'POST', `/_mock/reset?app=${KEY}`)).status, 200)
  t.strictSame(strip(await vendor(h, 'GET', `/chatgroups/${g}`)), notFound(`grpID ${g} does not exist!`, h.clock.now()))
  t.strictSame((await call(h, 'GET', `/_mock/state?app=${KEY}`)).body.groups, [])
})

t.test('state import: short group form, owner joins first; unknown member or duplicate group → 400', async (t) => {
  const h = await setup(t)
  const doc = (await call(h, 'GET', `/_mock/state?app=${KEY}`)).body
  const short = { ...doc, groups: [{ groupId: '123456789012345', owner: 'Owner', members: ['m1'] }] }
  t.equal((await call(h, 'PUT', `/_mock/state?app=${KEY}`, short)).status, 200)
  t.strictSame((await call(h, 'GET', `/_mock/state?app=${KEY}`)).body.groups, [{
    groupId: '123456789012345',
    name: '',
    description: '',
    avatar: '',
    public: true,
    maxusers: 200,
    membersonly: false,
    allowinvites: false,
    owner: 'owner',
    custom: '',
    created: T0,
    members: [{ username: 'owner', joined: T0 }, { username: 'm1', joined: T0 }]
  }])
  const stranger = await call(h, 'PUT', `/_mock/state?app=${KEY}`, { ...doc, groups: [{ groupId: '1', owner: 'owner', members: ['zed'] }] })
  t.equal(stranger.status, 400)
  t.equal(stranger.body.error, 'illegal_argument')
  t.equal(stranger.body.error_description, 'group 1 member zed is not a user of the document')
  const twice = await call(h, 'PUT', `/_mock/state?app=${KEY}`, { ...doc, groups: [{ groupId: '1', owner: 'owner' }, { groupId: '1', owner: 'm1' }] })
  t.equal(twice.status, 400)
  t.equal(twice.body.error_description, 'group 1 appears twice')
  t.equal((await call(h, 'GET', `/_mock/state?app=${KEY}`)).body.groups.length, 1, 'a failed import changes nothing')
  const alone = await call(h, 'PUT', `/_mock/state?app=${KEY}`, { ...doc, groups: [{ groupId: '7', owner: 'm2' }] })
  t.equal(alone.status, 200, 'a group without members')
  t.strictSame((await call(h, 'GET', `/_mock/state?app=${KEY}`)).body.groups[0].members, [{ username: 'm2', joined: T0 }], 'the owner is its one member')
})

t.test('the group API needs the app token', async (t) => {
  const h = await setup(t)
  const res = await call(h, 'POST', h.path('/chatgroups'), { public: true, owner: 'owner' })
  t.equal(res.status, 401)
  t.equal(res.body.error, 'unauthorized')
})

t.test('a user token may not add or remove itself on a group', async (t) => {
  const h = await setup(t)
  const g = await newGroup(h, { public: false })
  const login = await call(h, 'POST', h.path('/token'), { grant_type: 'password', username: 'm1', password: 'pw' })
  const user = { authorization: `Bearer ${login.body.access_token as string}` }
  t.equal((await call(h, 'POST', h.path(`/chatgroups/${g}/users/m1`), undefined, user)).status, 401)
  t.equal((await call(h, 'DELETE', h.path(`/chatgroups/${g}/users/m1`), undefined, user)).status, 401)
  t.strictSame((await members(h, g)).body.data, [{ owner: 'owner' }])
})

t.test('the groups repository draws another id when one is taken', async (t) => {
  const db = openDatabase(':memory:')
  t.teardown(() => { db.close() })
  migrate(db)
  const app = createAppsRepo(db).upsert({ org: 'o', app: 'a', clientId: 'c', clientSecret: 's' }, T0)
  const repo = createGroupsRepo(db)
  const ids = ['111', '111', '111', '222']
  const pick = (): string => ids.shift() as string
  const group = { name: '', description: '', public: 1, maxusers: 200, members_only: 0, allowinvites: 0, owner: 'o', avatar: '', custom: '' }
  t.equal(repo.create(app.id, group, [], T0, pick).group_id, '111')
  t.equal(repo.create(app.id, group, [], T0, pick).group_id, '222', 'two draws of a taken id skipped')
  t.strictSame(ids, [])
  const first = repo.find(app.id, '111')
  if (first === undefined) throw new Error('missing')
  t.strictSame(repo.addMembers(first, [], T0), [])
  t.strictSame(repo.removeMembers(first, [12345]), [], 'not a member')
})
