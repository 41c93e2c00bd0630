import t from 'tap'
import { isValidNickname, NICKNAME_MAX_CHARS } from '../../src/domain/nickname.js'
import { isValidTemplateName } from '../../src/domain/template-name.js'
import {
  CHAT_TYPES,
  isNotificationType,
  NOTIFICATION_TYPES,
  viewSetting,
  type StoredSetting
} from '../../src/domain/notification-setting.js'

const NOW = 1647503749918

t.test('a nickname may have up to 100 characters of any script', async (t) => {
  const cases: Array<[string, boolean]> = [
    ['', true],
    ['x', true],
    ['x'.repeat(NICKNAME_MAX_CHARS), true],
    ['x'.repeat(101), false],
    ['环'.repeat(100), true], // 300 UTF-8 bytes, still 100 characters
    ['环'.repeat(101), false],
    ['😀'.repeat(100), true], // 200 UTF-16 code units, 100 characters
    ['😀'.repeat(101), false]
  ]
  t.equal(NICKNAME_MAX_CHARS, 100)
  for (const [nickname, expected] of cases) {
    t.equal(isValidNickname(nickname), expected, `${[...nickname].length} × ${nickname.slice(0, 2)}`)
  }
})

t.test('a template name is 1 to 64 letters or digits', async (t) => {
  const cases: Array<[string, boolean]> = [
    ['a', true],
    ['default', true],
    ['detail', true],
    ['Tpl01', true],
    ['a'.repeat(64), true],
    ['a'.repeat(65), false],
    ['', false],
    ['tpl_1', false],
    ['tpl-1', false],
    ['tpl 1', false],
    ['模板', false],
    ['tpl\n', false]
  ]
  for (const [name, expected] of cases) {
    t.equal(isValidTemplateName(name), expected, JSON.stringify(name))
  }
})

t.test('notification types are DEFAULT, ALL, AT and NONE, case-sensitive', async (t) => {
  t.strictSame([...NOTIFICATION_TYPES], ['DEFAULT', 'ALL', 'AT', 'NONE'])
  t.strictSame([...CHAT_TYPES], ['user', 'chatgroup'])
  const cases: Array<[string, boolean]> = [
    ['DEFAULT', true],
    ['ALL', true],
    ['AT', true],
    ['NONE', true],
    ['all', false],
    ['', false],
    ['SOME', false]
  ]
  for (const [value, expected] of cases) {
    t.equal(isNotificationType(value), expected, value)
  }
})

t.test('a never-set conversation reads DEFAULT and the never-set app-wide setting reads ALL', async (t) => {
  t.strictSame(viewSetting(undefined, false, NOW), { type: 'DEFAULT', ignoreDuration: 0, ignoreInterval: '' })
  t.strictSame(viewSetting(undefined, true, NOW), { type: 'ALL', ignoreDuration: 0, ignoreInterval: '' })
})

t.test('a stored row with null columns falls back field by field', async (t) => {
  const empty: StoredSetting = { type: null, ignore_interval: null, ignore_until: null }
  t.strictSame(viewSetting(empty, false, NOW), { type: 'DEFAULT', ignoreDuration: 0, ignoreInterval: '' })
  t.strictSame(viewSetting(empty, true, NOW), { type: 'ALL', ignoreDuration: 0, ignoreInterval: '' })
})

t.test('a stored setting reads back with its running expiry', async (t) => {
  const row: StoredSetting = { type: 'NONE', ignore_interval: '22:00-07:00', ignore_until: NOW + 1000 }
  t.strictSame(viewSetting(row, false, NOW), { type: 'NONE', ignoreDuration: NOW + 1000, ignoreInterval: '22:00-07:00' })
  t.strictSame(viewSetting(row, true, NOW + 999), { type: 'NONE', ignoreDuration: NOW + 1000, ignoreInterval: '22:00-07:00' })
})

t.test('a stored expiry reads 0 from its instant on', async (t) => {
  const row: StoredSetting = { type: 'AT', ignore_interval: '', ignore_until: NOW }
  t.strictSame(viewSetting(row, false, NOW), { type: 'AT', ignoreDuration: 0, ignoreInterval: '' })
  t.strictSame(viewSetting(row, false, NOW + 1), { type: 'AT', ignoreDuration: 0, ignoreInterval: '' })
})
