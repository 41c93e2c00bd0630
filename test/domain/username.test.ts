import t from 'tap'
import { normalizeUsername, USERNAME_MAX_BYTES } from '../../src/domain/username.js'

t.test('valid usernames pass, folded to lower case', async (t) => {
  const cases: Array<[string, string]> = [
    ['wzy', 'wzy'],
    ['WZY', 'wzy'],
    ['User_01', 'user_01'],
    ['a.b-c_d', 'a.b-c_d'],
    ['0', '0'],
    ['-', '-'],
    ['a'.repeat(USERNAME_MAX_BYTES), 'a'.repeat(64)],
    ['A'.repeat(64), 'a'.repeat(64)]
  ]
  for (const [raw, expected] of cases) {
    t.strictSame(normalizeUsername(raw), { ok: true, username: expected }, raw)
  }
})

t.test('characters outside a-z 0-9 _ - . are illegal', async (t) => {
  const cases = ['', ' ', 'a b', 'a@b', 'a#b', 'a/b', 'a:b', '用户', 'é', 'a\n', 'a+b', 'a'.repeat(65) + '!']
  for (const raw of cases) {
    t.strictSame(normalizeUsername(raw), { ok: false, reason: 'illegal' }, JSON.stringify(raw))
  }
})

t.test('more than 64 bytes is too long', async (t) => {
  t.equal(USERNAME_MAX_BYTES, 64)
  t.strictSame(normalizeUsername('a'.repeat(65)), { ok: false, reason: 'too_long' })
  t.strictSame(normalizeUsername('A'.repeat(100)), { ok: false, reason: 'too_long' })
})
