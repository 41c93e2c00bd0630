import t, { type Test } from 'tap'
import { T0 } from '../helper.js'
import { outcome, services, type ServiceHarness } from './services.js'

/** `services.chatGroups`: the group API's checks, in the group service's order and words. */

const invalid = (description: string) => ({ status: 400, error: 'invalid_parameter', description })
const notFound = (description: string) => ({ status: 404, error: 'resource_not_found', description })
const forbidden = (description: string) => ({ status: 403, error: 'forbidden_op', description })
const TOO_MANY = { status: 403, error: 'exceed_limit', description: 'members size is greater than max user size !' }

/** A group `g` of alice (owner), bob and carol, with dave and erin registered outside it. */
function fixture (t: Test): ServiceHarness & { g: string } {
  const h = services(t)
  h.users('alice', 'bob', 'carol', 'dave', 'erin')
  const g = h.s.chatGroups.create(h.appId, { public: false, owner: 'alice', members: ['bob', 'carol'], maxusers: 4 }, undefined, T0).group_id
  return { ...h, g }
}

const members = (h: ServiceHarness & { g: string }) =>
  h.s.chatGroups.members(h.appId, h.g, {}).page.map(m => m.username)

t.test('creating: each check in the vendor order, then the group', async (t) => {
  const h = services(t)
  h.users('alice', 'bob')
  const issue = { instancePath: '/membersonly', params: {} }
  const cases: Array<[body: unknown, expected: unknown]> = [
    [[], invalid('request body must be a JSON object')],
    [null, invalid('request body must be a JSON object')],
    [{ owner: 'alice' }, invalid('group must contain public field!')],
    [{ public: 'true', owner: 'alice' }, invalid('group must contain public field!')],
    [{ public: true }, invalid('owner must be provided')],
    [{ public: true, owner: '' }, invalid('owner must be provided')],
    [{ public: true, owner: 'alice', maxusers: 0 }, invalid('maxusers must be a positive integer')],
    [{ public: true, owner: 'alice', maxusers: 1.5 }, invalid('maxusers must be a positive integer')],
    [{ public: true, owner: 'alice', members: 'bob' }, invalid('members must be an array of user ids')],
    [{ public: true, owner: 'alice', members: [''] }, invalid('members must be an array of user ids')],
    [{ public: true, owner: 'alice', groupname: 5 }, invalid('groupname must be a string')],
    [{ public: true, owner: 'alice', groupname: 'x'.repeat(129) }, invalid('groupname length is too big')],
    [{ public: true, owner: 'alice', avatar: 'x'.repeat(1025) }, invalid('avatar length is too big')],
    [{ public: true, owner: 'alice', description: 'x'.repeat(513) }, invalid('description length is too big')],
    [{ public: true, owner: 'alice', custom: 'x'.repeat(8193) }, invalid('custom length is too big')],
    [{ public: true, owner: 'nobody' }, notFound("username nobody doesn't exist!")],
    [{ public: true, owner: 'alice', members: ['bob', 'Ghost'] }, notFound("username Ghost doesn't exist!")],
    [{ public: true, owner: 'alice', members: ['bob'], maxusers: 1 }, TOO_MANY],
    [{ public: true, owner: 'alice', members: ['bob', 'BOB', 'alice'], maxusers: 2 }, 'created'] // dupes and the owner count once
  ]
  for (const [body, expected] of cases) {
    const got = outcome(() => h.s.chatGroups.create(h.appId, body, undefined, T0))
    if (expected === 'created') t.ok('ok' in got, JSON.stringify(body))
    else t.strictSame(got, expected, JSON.stringify(body))
  }
  // A field of the wrong type the schema found is reported only after the vendor's own checks.
  t.strictSame(outcome(() => h.s.chatGroups.create(h.appId, { public: true, owner: 'alice' }, issue, T0)), invalid('membersonly is invalid'))
  t.strictSame(outcome(() => h.s.chatGroups.create(h.appId, { owner: 'alice' }, issue, T0)), invalid('group must contain public field!'))
})

t.test('a created group: its fields, an id of the instant and two digits, members owner first', async (t) => {
  const h = services(t)
  h.users('alice', 'bob', 'carol')
  const cases: Array<[body: Record<string, unknown>, expected: Record<string, unknown>]> = [
    [{ public: true, owner: 'Alice' }, { public: 1, maxusers: 200, allowinvites: 0, members_only: 0, name: '', owner: 'alice' }],
    [{ public: true, owner: 'alice', allowinvites: true }, { public: 1, allowinvites: 0 }], // public: never
    [{ public: false, owner: 'alice', allowinvites: true, membersonly: true, groupname: 'team' },
      { public: 0, allowinvites: 1, members_only: 1, name: 'team' }]
  ]
  for (const [body, expected] of cases) {
    const group = h.s.chatGroups.create(h.appId, body, undefined, T0)
    t.match(group, expected, JSON.stringify(body))
    t.match(group.group_id, new RegExp(`^${T0}\\d{2}$`))
  }
  const g = h.s.chatGroups.create(h.appId, { public: false, owner: 'carol', members: ['bob', 'alice'] }, undefined, T0)
  t.strictSame(h.s.chatGroups.members(h.appId, g.group_id, {}).page.map(m => m.username), ['carol', 'bob', 'alice'])
})

t.test('finding groups by a comma list', async (t) => {
  const h = fixture(t)
  const cases: Array<[ids: string, expected: unknown]> = [
    [h.g, [h.g]],
    [`${h.g},404,,`, [h.g]], // the ones that exist
    ['404', notFound('grpID 404 does not exist!')],
    ['1,2', notFound('grpID 1,2 does not exist!')],
    [Array.from({ length: 101 }, (_, i) => String(i)).join(','), invalid('group ids must not exceed 100')]
  ]
  for (const [ids, expected] of cases) {
    const got = outcome(() => h.s.chatGroups.find(h.appId, ids).map(f => f.group.group_id))
    t.strictSame('ok' in got ? got.ok : got, expected, ids.slice(0, 20))
  }
  t.strictSame(h.s.chatGroups.find(h.appId, h.g)[0]?.members.map(m => m.username), ['alice', 'bob', 'carol'])
})

t.test('listing members: a page, the query echoed', async (t) => {
  const h = fixture(t)
  const cases: Array<[query: Record<string, string>, page: string[], params: unknown, withTime: boolean]> = [
    [{}, ['alice', 'bob', 'carol'], undefined, false],
    [{ pagesize: '2' }, ['alice', 'bob'], { pagesize: ['2'] }, false],
    [{ pagenum: '2', pagesize: '2', joined_time: 'true' }, ['carol'], { pagenum: ['2'], pagesize: ['2'], joined_time: ['true'] }, true],
    [{ joined_time: 'yes' }, ['alice', 'bob', 'carol'], { joined_time: ['yes'] }, false]
  ]
  for (const [query, page, params, withTime] of cases) {
    const got = h.s.chatGroups.members(h.appId, h.g, query)
    t.strictSame([got.page.map(m => m.username), got.params, got.withTime], [page, params, withTime], JSON.stringify(query))
  }
  t.strictSame(outcome(() => h.s.chatGroups.members(h.appId, '404', {})),
    { status: 404, error: 'service_resource_not_found', description: 'do not find this group:404' })
})

t.test('adding one member', async (t) => {
  const h = fixture(t)
  const cases: Array<[username: string, expected: unknown, after: string[]]> = [
    ['Bob', forbidden(`can not join this group, reason:user: bob already in group: ${h.g}\n`), ['alice', 'bob', 'carol']],
    ['ghost', notFound("username ghost doesn't exist!"), ['alice', 'bob', 'carol']],
    ['DAVE', 'dave', ['alice', 'bob', 'carol', 'dave']],
    ['erin', TOO_MANY, ['alice', 'bob', 'carol', 'dave']] // maxusers 4
  ]
  for (const [username, expected, after] of cases) {
    const got = outcome(() => h.s.chatGroups.addMember(h.appId, h.g, username, T0).user.username)
    t.strictSame('ok' in got ? got.ok : got, expected, username)
    t.strictSame(members(h), after, `${username}: members after`)
  }
  t.strictSame(outcome(() => h.s.chatGroups.addMember(h.appId, '404', 'dave', T0)), notFound('grpID 404 does not exist!'))
})

t.test('adding members in a batch', async (t) => {
  const h = fixture(t)
  const sixtyOne = Array.from({ length: 61 }, (_, i) => `u${i}`)
  const cases: Array<[body: unknown, expected: unknown, after: string[]]> = [
    [{}, invalid('usernames must be provided'), ['alice', 'bob', 'carol']],
    [{ usernames: [] }, invalid('usernames must be provided'), ['alice', 'bob', 'carol']],
    [{ usernames: ['bob', 1] }, invalid('usernames must be provided'), ['alice', 'bob', 'carol']],
    [[], invalid('usernames must be provided'), ['alice', 'bob', 'carol']],
    [{ usernames: sixtyOne }, TOO_MANY, ['alice', 'bob', 'carol']],
    [{ usernames: ['bob', 'ghost'] }, notFound("username ghost doesn't exist!"), ['alice', 'bob', 'carol']],
    [{ usernames: ['bob', 'Alice'] }, forbidden(`an not join this group, reason:user: bob,alice already in group: ${h.g}\n`), ['alice', 'bob', 'carol']],
    [{ usernames: ['dave', 'erin'] }, TOO_MANY, ['alice', 'bob', 'carol']], // 5 > maxusers 4
    [{ usernames: ['bob', 'dave', 'DAVE'] }, ['dave'], ['alice', 'bob', 'carol', 'dave']] // members skipped, dupes once
  ]
  for (const [body, expected, after] of cases) {
    const got = outcome(() => h.s.chatGroups.addMembers(h.appId, h.g, body, T0).added.map(u => u.username))
    t.strictSame('ok' in got ? got.ok : got, expected, JSON.stringify(body).slice(0, 60))
    t.strictSame(members(h), after, 'members after')
  }
})

t.test('removing members', async (t) => {
  const h = fixture(t)
  const sixtyOne = Array.from({ length: 61 }, (_, i) => `u${i}`).join(',')
  const cases: Array<[names: string, expected: unknown, after: string[]]> = [
    ['alice', forbidden('forbidden operation on group owner!'), ['alice', 'bob', 'carol']],
    ['dave', forbidden('users [dave] are not members of this group!'), ['alice', 'bob', 'carol']],
    ['dave,ghost', forbidden('users [dave, ghost] are not members of this group!'), ['alice', 'bob', 'carol']],
    [sixtyOne, invalid('kickMember: kickMembers number more than maxSize : 60'), ['alice', 'bob', 'carol']],
    ['BOB', { single: true, removed: ['bob'], failed: [] }, ['alice', 'carol']],
    ['alice,carol,dave', { single: false, removed: ['carol'], failed: ['alice', 'dave'] }, ['alice']]
  ]
  for (const [names, expected, after] of cases) {
    const got = outcome(() => {
      const r = h.s.chatGroups.removeMembers(h.appId, h.g, names)
      return { single: r.single, removed: r.removed.map(m => m.username), failed: r.results.filter(x => x.member === undefined).map(x => x.raw) }
    })
    t.strictSame('ok' in got ? got.ok : got, expected, names.slice(0, 30))
    t.strictSame(members(h), after, 'members after')
  }
})

t.test('deleting a group', async (t) => {
  const h = fixture(t)
  t.equal(h.s.chatGroups.remove(h.appId, h.g).group_id, h.g)
  t.strictSame(outcome(() => h.s.chatGroups.remove(h.appId, h.g)), notFound(`grpID ${h.g} does not exist!`))
})
