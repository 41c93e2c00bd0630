import t from 'tap'
import { toBoolean, toInteger } from '../../src/domain/coerce.js'

t.test('toInteger accepts safe integers and strings of digits', async (t) => {
  const cases: Array<[unknown, number]> = [
    [0, 0],
    [1, 1],
    [-5, -5],
    [604800000, 604800000],
    [Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
    ['0', 0],
    ['1', 1],
    ['-12', -12],
    ['007', 7],
    [' 42 ', 42],
    ['123456789012345', 123456789012345] // 15 digits
  ]
  for (const [input, expected] of cases) {
    t.equal(toInteger(input), expected, JSON.stringify(input))
  }
})

t.test('toInteger rejects everything else', async (t) => {
  const cases: unknown[] = [
    1.5,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.MAX_SAFE_INTEGER + 1,
    '',
    ' ',
    'abc',
    '1.5',
    '1e3',
    '0x10',
    '+1',
    '12a',
    '1 2',
    '1234567890123456', // 16 digits
    true,
    false,
    null,
    undefined,
    {},
    [],
    [1]
  ]
  for (const input of cases) {
    t.equal(toInteger(input), undefined, String(JSON.stringify(input)))
  }
})

t.test('toBoolean accepts booleans, their strings and 0/1', async (t) => {
  const cases: Array<[unknown, boolean]> = [
    [true, true],
    ['true', true],
    [1, true],
    ['1', true],
    [false, false],
    ['false', false],
    [0, false],
    ['0', false]
  ]
  for (const [input, expected] of cases) {
    t.equal(toBoolean(input), expected, JSON.stringify(input))
  }
})

t.test('toBoolean rejects everything else', async (t) => {
  const cases: unknown[] = [2, -1, '2', 'TRUE', 'True', 'yes', 'no', '', ' 1', null, undefined, {}, [], Number.NaN]
  for (const input of cases) {
    t.equal(toBoolean(input), undefined, String(JSON.stringify(input)))
  }
})
