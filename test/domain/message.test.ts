import t from 'tap'
import {
  fitsMessageSize, groupRecipients, hasRequiredBody, MAX_GROUP_TARGETS, MAX_MESSAGE_BYTES, MAX_USER_TARGETS, userRecipients
} from '../../src/domain/message.js'

/** The send API's rules, as pure functions. */

t.test('the vendor limits', async (t) => {
  t.strictSame([MAX_MESSAGE_BYTES, MAX_USER_TARGETS, MAX_GROUP_TARGETS], [5120, 600, 3])
})

t.test("each type's body carries its required fields as strings", async (t) => {
  const cases: Array<[type: string, body: Record<string, unknown>, expected: boolean]> = [
    ['txt', { msg: 'hi' }, true],
    ['txt', { msg: 1 }, false],
    ['txt', { text: 'hi' }, false],
    ['img', { url: 'u' }, true],
    ['audio', { url: 'u', length: 3 }, true],
    ['video', {}, false],
    ['file', { url: 'u' }, true],
    ['loc', { lat: '1', lng: '2', addr: 'x' }, true],
    ['loc', { lat: 1, lng: '2', addr: 'x' }, false],
    ['loc', { lat: '1', lng: '2' }, false],
    ['cmd', { action: 'a' }, true],
    ['cmd', { action: null }, false],
    ['custom', { anything: 1 }, true]
  ]
  for (const [type, body, expected] of cases) t.equal(hasRequiredBody(type, body), expected, `${type} ${JSON.stringify(body)}`)
})

t.test('body and ext fit 5 KB together, counted in UTF-8 bytes of their JSON', async (t) => {
  const pad = (json: number) => 'x'.repeat(json - 12) // {"msg":"…"} is 10 bytes around the text, {} is 2
  const cases: Array<[body: unknown, ext: unknown, expected: boolean]> = [
    [{ msg: pad(5120) }, {}, true],
    [{ msg: pad(5121) }, {}, false],
    [{ msg: '环'.repeat(1702) }, {}, true], // 3 bytes each: 5,106 + 10 + 2
    [{ msg: '环'.repeat(1703) }, {}, false],
    [{ msg: 'a' }, { k: 'x'.repeat(5000) }, true],
    [{ msg: 'a' }, { k: 'x'.repeat(5200) }, false]
  ]
  for (const [body, ext, expected] of cases) t.equal(fitsMessageSize(body, ext), expected, `${JSON.stringify(body).length} + ${JSON.stringify(ext).length}`)
})

t.test('who a message reaches', async (t) => {
  const users: Array<[string[], string[]]> = [
    [['bob'], ['bob']],
    [['Bob', 'bob', 'BOB', 'carol'], ['bob', 'carol']],
    [['carol', 'Alice'], ['carol', 'alice']]
  ]
  for (const [to, expected] of users) t.strictSame(userRecipients(to), expected, to.join(','))
  const groups: Array<[members: string[], from: string, expected: string[]]> = [
    [['alice', 'bob', 'carol'], 'alice', ['bob', 'carol']],
    [['alice', 'bob'], 'admin', ['alice', 'bob']],
    [['alice'], 'alice', []]
  ]
  for (const [members, from, expected] of groups) t.strictSame(groupRecipients(members, from), expected, `${members.join(',')} from ${from}`)
})
