import t from 'tap'
import {
  allowsInvites, distinctUsers, fitsGroup, groupIdCandidate, MAX_BATCH, MAX_GROUP_IDS, MAX_PAGE_SIZE, memberPage,
  ownerFirstPage, planRemoval, splitList
} from '../../src/domain/group.js'

/** The group API's rules, as pure functions. */

t.test('the vendor limits', async (t) => {
  t.strictSame([MAX_BATCH, MAX_GROUP_IDS, MAX_PAGE_SIZE], [60, 100, 1000])
})

t.test('a comma list in a path segment: its items, empty ones dropped', async (t) => {
  const cases: Array<[string, string[]]> = [
    ['1', ['1']],
    ['1,2,3', ['1', '2', '3']],
    ['1,,2,', ['1', '2']],
    [',', []],
    ['', []],
    ['Bob,alice', ['Bob', 'alice']]
  ]
  for (const [text, expected] of cases) t.strictSame(splitList(text), expected, JSON.stringify(text))
})

t.test('a new group id: the instant and two digits', async (t) => {
  const cases: Array<[number, number, string]> = [
    [1647503749918, 0, '164750374991800'],
    [1647503749918, 7, '164750374991807'],
    [1647503749918, 99, '164750374991899']
  ]
  for (const [now, random, expected] of cases) t.equal(groupIdCandidate(now, random), expected, `${now}, ${random}`)
})

t.test('a public group never allows invites', async (t) => {
  const cases: Array<[requested: boolean, isPublic: boolean, expected: boolean]> = [
    [true, false, true],
    [true, true, false],
    [false, false, false],
    [false, true, false]
  ]
  for (const [requested, isPublic, expected] of cases) t.equal(allowsInvites(requested, isPublic), expected, `asked ${requested}, public ${isPublic}`)
})

t.test('members fit while their count, the owner included, is at most maxusers', async (t) => {
  const cases: Array<[number, number, boolean]> = [[1, 1, true], [200, 200, true], [201, 200, false], [2, 1, false]]
  for (const [count, max, expected] of cases) t.equal(fitsGroup(count, max), expected, `${count} of ${max}`)
})

t.test('each user once, in first-seen order, without the excluded', async (t) => {
  const u = (id: number) => ({ id, username: `u${id}` })
  const cases: Array<[users: number[], excluded: number[], expected: number[]]> = [
    [[], [], []],
    [[1, 2, 3], [], [1, 2, 3]],
    [[3, 1, 3, 2, 1], [], [3, 1, 2]],
    [[1, 2, 3], [2], [1, 3]],
    [[1, 1], [1], []]
  ]
  for (const [ids, excluded, expected] of cases) {
    t.strictSame(distinctUsers(ids.map(u), new Set(excluded)).map(x => x.id), expected, `${ids.join(',')} without ${excluded.join(',')}`)
  }
})

t.test('the page a member list asks for', async (t) => {
  const cases: Array<[query: { pagenum?: string, pagesize?: string }, expected: { pagenum: number, pagesize: number }]> = [
    [{}, { pagenum: 1, pagesize: 1000 }],
    [{ pagenum: '2', pagesize: '10' }, { pagenum: 2, pagesize: 10 }],
    [{ pagenum: '0', pagesize: '0' }, { pagenum: 1, pagesize: 1000 }], // 0 reads as the default
    [{ pagenum: '-3', pagesize: '-3' }, { pagenum: 1, pagesize: 1 }],
    [{ pagesize: '5000' }, { pagenum: 1, pagesize: 1000 }],
    [{ pagenum: 'x', pagesize: 'y' }, { pagenum: 1, pagesize: 1000 }],
    [{ pagenum: '3abc', pagesize: '7.9' }, { pagenum: 3, pagesize: 7 }]
  ]
  for (const [query, expected] of cases) t.strictSame(memberPage(query), expected, JSON.stringify(query))
})

t.test('members are listed owner first, then in join order, a page at a time', async (t) => {
  const members = ['a', 'b', 'owner', 'c'].map(username => ({ username }))
  const cases: Array<[pagenum: number, pagesize: number, expected: string[]]> = [
    [1, 1000, ['owner', 'a', 'b', 'c']],
    [1, 2, ['owner', 'a']],
    [2, 2, ['b', 'c']],
    [3, 2, []],
    [2, 3, ['c']]
  ]
  for (const [pagenum, pagesize, expected] of cases) {
    t.strictSame(ownerFirstPage(members, 'owner', { pagenum, pagesize }).map(m => m.username), expected, `page ${pagenum} of ${pagesize}`)
  }
})

t.test('removing names: each removes its member, never the owner', async (t) => {
  const members = new Map([['owner', 'M-owner'], ['bob', 'M-bob'], ['carol', 'M-carol']])
  const cases: Array<[names: string[], expected: Array<{ raw: string, member: string | undefined, reason: string }>]> = [
    [['bob'], [{ raw: 'bob', member: 'M-bob', reason: "user bob doesn't exist." }]],
    [['BOB'], [{ raw: 'BOB', member: 'M-bob', reason: "user BOB doesn't exist." }]], // case-folded, spelled as sent
    [['owner'], [{ raw: 'owner', member: undefined, reason: 'forbidden operation on group owner!' }]],
    [['Owner'], [{ raw: 'Owner', member: undefined, reason: 'forbidden operation on group owner!' }]],
    [['dave', 'carol'], [
      { raw: 'dave', member: undefined, reason: "user dave doesn't exist." },
      { raw: 'carol', member: 'M-carol', reason: "user carol doesn't exist." }
    ]]
  ]
  for (const [names, expected] of cases) t.strictSame(planRemoval(names, 'owner', members), expected, names.join(','))
})
