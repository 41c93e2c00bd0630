import t from 'tap'
import {
  isAppWide, isCompletePatch, mergeSetting, readSettingPatch, settingKey,
  type SettingBody, type SettingPatch, type StoredSetting
} from '../../src/domain/notification-setting.js'

/** The rules behind `PUT`/`GET …/notification/{chattype}/{key}`, as pure functions. */

const NOW = 1647503749918
const DAY = 86_400_000

t.test('which setting a path names: the stored key, or none (an unknown URL)', async (t) => {
  const cases: Array<[chattype: string, key: string, expected: string | undefined]> = [
    ['user', 'bob', 'bob'],
    ['user', 'BoB', 'bob'], // user ids fold case
    ['chatgroup', 'Grp1', 'Grp1'], // group ids don't
    ['chatgroup', '184524748161025', '184524748161025'],
    ['user', '', undefined],
    ['chatgroup', '', undefined],
    ['chatroom', 'r1', undefined],
    ['User', 'bob', undefined],
    ['', 'bob', undefined]
  ]
  for (const [chattype, key, expected] of cases) t.equal(settingKey(chattype, key), expected, `${chattype}/${key}`)
})

t.test("the user's own name under chattype user is the app-wide setting", async (t) => {
  const cases: Array<[chattype: string, key: string, username: string, expected: boolean]> = [
    ['user', 'alice', 'alice', true],
    ['user', 'bob', 'alice', false],
    ['chatgroup', 'alice', 'alice', false]
  ]
  for (const [chattype, key, username, expected] of cases) t.equal(isAppWide(chattype, key, username), expected, `${chattype}/${key} of ${username}`)
})

const patch = (p: Partial<SettingPatch>): SettingPatch => ({ type: undefined, ignore_interval: undefined, ignore_until: undefined, ...p })

t.test('a PUT body becomes a patch, or the first bad field in the vendor order', async (t) => {
  const cases: Array<[body: SettingBody, appWide: boolean, expected: ReturnType<typeof readSettingPatch>]> = [
    [{}, false, { ok: true, patch: patch({}) }],
    [{ type: 'NONE' }, false, { ok: true, patch: patch({ type: 'NONE' }) }],
    [{ type: 'DEFAULT' }, false, { ok: true, patch: patch({ type: 'DEFAULT' }) }],
    [{ type: 'DEFAULT' }, true, { ok: false, field: 'type' }], // "follow the app-wide setting" on itself
    [{ type: 'ALL' }, true, { ok: true, patch: patch({ type: 'ALL' }) }],
    [{ type: 'none' }, false, { ok: false, field: 'type' }],
    [{ type: '' }, false, { ok: false, field: 'type' }],
    [{ ignoreInterval: '21:30-08:00' }, false, { ok: true, patch: patch({ ignore_interval: '21:30-08:00' }) }],
    [{ ignoreInterval: '8:0-9:5' }, false, { ok: true, patch: patch({ ignore_interval: '08:00-09:05' }) }],
    [{ ignoreInterval: '' }, false, { ok: true, patch: patch({ ignore_interval: null }) }], // clears
    [{ ignoreInterval: '24:00-08:00' }, false, { ok: false, field: 'ignoreInterval' }],
    [{ ignoreInterval: '21:30' }, false, { ok: false, field: 'ignoreInterval' }],
    [{ ignoreDuration: DAY }, false, { ok: true, patch: patch({ ignore_until: NOW + DAY }) }],
    [{ ignoreDuration: String(DAY) }, false, { ok: true, patch: patch({ ignore_until: NOW + DAY }) }],
    [{ ignoreDuration: 0 }, false, { ok: true, patch: patch({ ignore_until: null }) }], // clears
    [{ ignoreDuration: 604_800_000 }, false, { ok: true, patch: patch({ ignore_until: NOW + 604_800_000 }) }],
    [{ ignoreDuration: 604_800_001 }, false, { ok: false, field: 'ignoreDuration' }],
    [{ ignoreDuration: -1 }, false, { ok: false, field: 'ignoreDuration' }],
    [{ ignoreDuration: '1.5' }, false, { ok: false, field: 'ignoreDuration' }],
    [{ type: 'bad', ignoreInterval: 'bad', ignoreDuration: -1 }, false, { ok: false, field: 'type' }],
    [{ type: 'AT', ignoreInterval: 'bad', ignoreDuration: -1 }, false, { ok: false, field: 'ignoreInterval' }],
    [{ type: 'AT', ignoreInterval: '', ignoreDuration: -1 }, false, { ok: false, field: 'ignoreDuration' }],
    [{ type: 'AT', ignoreInterval: '00:00-06:00', ignoreDuration: 60_000 }, false,
      { ok: true, patch: { type: 'AT', ignore_interval: '00:00-06:00', ignore_until: NOW + 60_000 } }]
  ]
  for (const [body, appWide, expected] of cases) {
    t.strictSame(readSettingPatch(body, appWide, NOW), expected, `${JSON.stringify(body)}${appWide ? ' (app-wide)' : ''}`)
  }
})

t.test('a PUT merges: each field left out keeps its stored value, null included', async (t) => {
  const stored: StoredSetting = { type: 'AT', ignore_interval: '21:30-08:00', ignore_until: NOW + DAY }
  const cases: Array<[stored: StoredSetting | undefined, patch: SettingPatch, expected: StoredSetting, complete: boolean]> = [
    [undefined, patch({}), { type: null, ignore_interval: null, ignore_until: null }, false],
    [stored, patch({}), stored, false],
    [stored, patch({ type: 'NONE' }), { ...stored, type: 'NONE' }, false],
    [stored, patch({ ignore_interval: null }), { ...stored, ignore_interval: null }, false],
    [stored, patch({ ignore_until: null }), { ...stored, ignore_until: null }, false],
    [stored, patch({ ignore_interval: '01:00-02:00', ignore_until: 5 }), { type: 'AT', ignore_interval: '01:00-02:00', ignore_until: 5 }, false],
    [undefined, patch({ type: 'ALL' }), { type: 'ALL', ignore_interval: null, ignore_until: null }, false],
    [stored, { type: 'ALL', ignore_interval: null, ignore_until: null }, { type: 'ALL', ignore_interval: null, ignore_until: null }, true],
    [undefined, { type: 'NONE', ignore_interval: '00:00-01:00', ignore_until: 9 }, { type: 'NONE', ignore_interval: '00:00-01:00', ignore_until: 9 }, true]
  ]
  for (const [before, p, expected, complete] of cases) {
    const label = `${JSON.stringify(before)} + ${JSON.stringify(p)}`
    t.strictSame(mergeSetting(before, p), expected, label)
    t.equal(isCompletePatch(p), complete, `${label} complete`)
    // A complete patch leaves nothing of the stored setting: the write may skip reading it.
    if (complete) t.strictSame(mergeSetting(undefined, p), mergeSetting(stored, p), `${label} needs no read`)
  }
})
