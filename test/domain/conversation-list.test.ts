import t from 'tap'
import {
  decodeCursor, encodeCursor, MAX_IDS, PAGE_SIZE, parseIdList, parsePageSize, remindPage
} from '../../src/domain/conversation-list.js'

t.test('id lists: comma-separated, trimmed, empty items dropped, repeats once, at most 20', async (t) => {
  const many = (n: number) => Array.from({ length: n }, (_, i) => `id${i}`)
  const cases: Array<[string | undefined, string[] | undefined]> = [
    [undefined, []],
    ['', []],
    [',', []],
    [' , ,', []],
    ['a', ['a']],
    ['a,b', ['a', 'b']],
    [' a , b ', ['a', 'b']],
    ['b,a,b', ['b', 'a']],
    ['用户,😀', ['用户', '😀']],
    [many(MAX_IDS).join(','), many(MAX_IDS)],
    [many(MAX_IDS + 1).join(','), undefined],
    [[...many(MAX_IDS), 'id0'].join(','), many(MAX_IDS)]
  ]
  t.equal(MAX_IDS, 20)
  for (const [raw, expected] of cases) t.strictSame(parseIdList(raw), expected, String(raw).slice(0, 30))
})

t.test('page size: default 10, integers 1 to 50', async (t) => {
  const cases: Array<[string | undefined, number | undefined]> = [
    [undefined, 10], ['', 10], ['1', 1], ['10', 10], ['50', 50], [' 7 ', 7],
    ['0', undefined], ['51', undefined], ['-3', undefined], ['2.5', undefined], ['ten', undefined], ['1e1', undefined]
  ]
  t.strictSame(PAGE_SIZE, { min: 1, max: 50, fallback: 10 })
  for (const [raw, expected] of cases) t.equal(parsePageSize(raw), expected, String(raw))
})

t.test('a cursor decodes to the position it was made from, and nothing else decodes', async (t) => {
  for (const p of [{ chattype: 'user', key: 'bob' }, { chattype: 'chatgroup', key: '100000001' }, { chattype: 'user', key: 'a:b,c' }, { chattype: 'user', key: '用户' }] as const) {
    const cursor = encodeCursor(p)
    t.match(cursor, /^[A-Za-z0-9_-]+$/)
    t.strictSame(decodeCursor(cursor), p)
  }
  const b64 = (s: string) => Buffer.from(s).toString('base64url')
  for (const bad of ['', '=', 'a b', b64('x:bob'), b64('u:'), b64('ubob'), b64('u'), `${b64('u:bob')}=`, 'AAAA']) {
    t.equal(decodeCursor(bad), undefined, bad)
  }
})

t.test('a page: entries by chat type, a cursor only when a row beyond the page was read', async (t) => {
  const rows = [
    { chattype: 'chatgroup', key: '1', type: 'ALL' },
    { chattype: 'user', key: 'b', type: 'AT' },
    { chattype: 'user', key: 'c', type: 'NONE' }
  ]
  t.strictSame(remindPage(rows, 3), { entries: [{ group: '1', value: 'ALL' }, { user: 'b', value: 'AT' }, { user: 'c', value: 'NONE' }], cursor: undefined })
  t.strictSame(remindPage(rows, 2), { entries: [{ group: '1', value: 'ALL' }, { user: 'b', value: 'AT' }], cursor: encodeCursor({ chattype: 'user', key: 'b' }) })
  t.strictSame(remindPage(rows, 1), { entries: [{ group: '1', value: 'ALL' }], cursor: encodeCursor({ chattype: 'chatgroup', key: '1' }) })
  t.strictSame(remindPage([], 10), { entries: [], cursor: undefined })
})
