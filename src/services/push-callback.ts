import type { PushRecord } from '../controls/pushes.js'
import { REASONS } from '../domain/delivery.js'

export interface CallbackOptions {
  url: string
  /** Per attempt. */
  timeoutMs?: number
  /** Waits before the second, third… attempt; its length is the number of retries. */
  retryDelaysMs?: readonly number[]
  log: { warn: (obj: object, msg: string) => void }
}

/**
 * One simulated outcome as the vendor's offline-push callback body (callback_offline_push.md):
 * `status` success or fail with the `detail` reason, per recipient and device. The vendor signs
 * its callbacks with a console secret (`security`); the emulator has none, so it sends none.
 */
export function callbackBody (record: PushRecord): Record<string, unknown> {
  const delivered = record.outcome === 'delivered'
  // Optional fields are set in order, not spread between others (V8's slow path, http/envelope.ts).
  const body: Record<string, unknown> = { callId: `${record.app}_${record.msg_id}`, appkey: record.app, chat_type: record.chat_type }
  if (record.group_id !== null) body.group_id = record.group_id
  body.from = record.from
  body.target = record.to
  body.msg_id = record.msg_id
  body.step = 'push'
  body.status = delivered ? 'success' : 'fail'
  if (!delivered) body.detail = record.reason
  if (record.device_id !== null) {
    body.device_id = record.device_id
    body.device_token = record.device_token
    body.notifier_name = record.notifier_name
  }
  if (delivered) {
    // The payload a device gets (push_parsing.md): t target, f from, m message, g group.
    const payload: Record<string, unknown> = { t: record.to, aps: { alert: { body: record.content, title: record.title } }, f: record.from, m: record.msg_id }
    if (record.group_id !== null) payload.g = record.group_id
    body.data = { pushNotification: { payload: JSON.stringify(payload), token: record.device_token } }
  }
  body.timestamp = record.time
  return body
}

/**
 * Posts each record to the app server without holding up the send: every post runs on its own,
 * with a timeout and a few retries on failure. Online recipients are skipped — the vendor only
 * calls back about pushes it tried.
 */
export function createPushCallback (options: CallbackOptions) {
  const { url, timeoutMs = 2000, retryDelaysMs = [250, 1000], log } = options
  const pending = new Set<Promise<void>>()

  const post = async (body: object): Promise<void> => {
    for (let attempt = 0; ; attempt++) {
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(timeoutMs)
        })
        await res.body?.cancel()
        if (res.ok) return
        if (attempt >= retryDelaysMs.length) throw new Error(`status ${res.status}`)
      } catch (err) {
        if (attempt >= retryDelaysMs.length) {
          log.warn({ url, err: (err as Error).message }, 'push callback failed')
          return
        }
      }
      await new Promise(resolve => setTimeout(resolve, retryDelaysMs[attempt]))
    }
  }

  return {
    listener (records: readonly PushRecord[]): void {
      for (const record of records) {
        if (record.reason === REASONS.online) continue
        const p = post(callbackBody(record)).finally(() => pending.delete(p))
        pending.add(p)
      }
    },
    /** Resolves when every post in flight has finished (tests, shutdown). */
    async settle (): Promise<void> {
      await Promise.all([...pending])
    }
  }
}

export type PushCallback = ReturnType<typeof createPushCallback>
