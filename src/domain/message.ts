/** The send API's rules (message_single.md, message_group.md): limits and who a message reaches. */

/** The body plus ext may not pass 5 KB (message_single.md). */
export const MAX_MESSAGE_BYTES = 5 * 1024

/** Recipients of one `POST /messages/users`. */
export const MAX_USER_TARGETS = 600

/** Groups of one `POST /messages/chatgroups`. */
export const MAX_GROUP_TARGETS = 3

/** Fields each type's `body` must carry as strings (message_single.md's tables). */
const REQUIRED_BODY: Readonly<Record<string, readonly string[]>> = {
  txt: ['msg'], img: ['url'], audio: ['url'], video: ['url'], file: ['url'], loc: ['lat', 'lng', 'addr'], cmd: ['action'], custom: []
}

/** Whether a message `body` of a known `type` carries that type's required fields. */
export function hasRequiredBody (type: string, body: Record<string, unknown>): boolean {
  return (REQUIRED_BODY[type] as readonly string[]).every(f => typeof body[f] === 'string')
}

/** Whether `body` and `ext`, as JSON, fit the size limit together. */
export function fitsMessageSize (body: unknown, ext: unknown): boolean {
  return Buffer.byteLength(JSON.stringify(body)) + Buffer.byteLength(JSON.stringify(ext)) <= MAX_MESSAGE_BYTES
}

/** Who a message to users reaches: each name once, case-folded. */
export function userRecipients (to: readonly string[]): string[] {
  return [...new Set(to.map(t => t.toLowerCase()))]
}

/** Who a group message reaches: every member but the sender, who gets no push of their own message. */
export function groupRecipients (members: readonly string[], from: string): string[] {
  return members.filter(u => u !== from)
}
