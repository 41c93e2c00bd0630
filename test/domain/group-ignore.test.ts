import t from 'tap'
import { groupIgnoresIn, isGroupIgnored, MAX_GROUP_ID, mergeGroupIgnores, readGroupIgnores } from '../../src/domain/group-ignore.js'

t.test('notification_ignore_<groupId> fields: booleans in any of the accepted spellings, other fields ignored', async (t) => {
  const long = '9'.repeat(MAX_GROUP_ID)
  const cases: Array<[Array<Record<string, unknown>>, ReturnType<typeof groupIgnoresIn>]> = [
    [[{}], { ok: true, changes: {} }],
    [[{ nickname: 'x', notification_no_disturbing: true }], { ok: true, changes: {} }],
    [[{ notification_ignore_1: true }], { ok: true, changes: { 1: true } }],
    [[{ notification_ignore_1: 'false', notification_ignore_2: 1, notification_ignore_3: '0' }], { ok: true, changes: { 1: false, 2: true, 3: false } }],
    [[{ notification_ignore_1: true }, { notification_ignore_1: false }], { ok: true, changes: { 1: false } }],
    [[{ [`notification_ignore_${long}`]: true }], { ok: true, changes: { [long]: true } }],
    [[{ notification_ignore_用户: true }], { ok: true, changes: { 用户: true } }],
    [[{ notification_ignore_: true }], { ok: false, field: 'notification_ignore_' }],
    [[{ [`notification_ignore_${long}9`]: true }], { ok: false, field: `notification_ignore_${long}9` }],
    [[{ notification_ignore_1: 'yes' }], { ok: false, field: 'notification_ignore_1' }],
    [[{ notification_ignore_1: true }, { notification_ignore_2: null }], { ok: false, field: 'notification_ignore_2' }]
  ]
  for (const [objects, expected] of cases) {
    const got = groupIgnoresIn(objects)
    t.strictSame(got.ok ? { ok: true, changes: { ...got.changes } } : got, expected, JSON.stringify(objects).slice(0, 60))
  }
})

t.test('stored blocks merge, read back and answer per group', async (t) => {
  t.strictSame(readGroupIgnores(null), {})
  const one = mergeGroupIgnores(null, { 1: true })
  const two = mergeGroupIgnores(one, { 2: true, 1: false })
  t.strictSame(readGroupIgnores(two), { 1: false, 2: true })
  const cases: Array<[string | null, string, boolean]> = [
    [null, '1', false], [one, '1', true], [one, '2', false], [two, '1', false], [two, '2', true],
    [mergeGroupIgnores(null, JSON.parse('{"__proto__": true}')), '__proto__', true], [one, 'toString', false]
  ]
  for (const [stored, group, expected] of cases) t.equal(isGroupIgnored(stored, group), expected, `${String(stored)} ${group}`)
})
