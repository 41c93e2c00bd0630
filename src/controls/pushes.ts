import type { DecisionBasis } from '../domain/delivery.js'
import { createRing } from './ring.js'

/**
 * What the simulation decided for each recipient and binding of each message (decisions.md
 * "Delivery simulation"), newest last, in a bounded log like the journal.
 */
export interface PushRecord {
  app: string
  msg_id: string
  from: string
  to: string
  chat_type: 'chat' | 'groupchat'
  group_id: string | null
  outcome: 'delivered' | 'skipped'
  reason: string | null
  device_id: string | null
  notifier_name: string | null
  device_token: string | null
  title: string | null
  content: string | null
  time: number
}

/** A record as kept: with what its decision was made from, for its trace (domain/delivery.ts, `traceOf`). */
export interface KeptPush extends PushRecord {
  basis: DecisionBasis
}

export interface PushFilter {
  app?: string | undefined
  to?: string | undefined
  msg_id?: string | undefined
  outcome?: string | undefined
}

export function createPushLog (capacity: number) {
  const ring = createRing<KeptPush>(capacity)
  const matching = (filter: PushFilter): KeptPush[] => ring.items().filter(p =>
    (filter.app === undefined || p.app === filter.app) &&
    (filter.to === undefined || p.to === filter.to.toLowerCase()) &&
    (filter.msg_id === undefined || p.msg_id === filter.msg_id) &&
    (filter.outcome === undefined || p.outcome === filter.outcome))
  return {
    record: (records: readonly KeptPush[]): void => { ring.push(...records) },
    /** The records, oldest first. */
    list: (filter: PushFilter = {}): PushRecord[] => matching(filter).map(withoutBasis),
    /** The records as kept, with what each decision was made from. */
    kept: (filter: PushFilter = {}): KeptPush[] => matching(filter),
    clear (app?: string): void {
      ring.clear(app === undefined ? undefined : p => p.app === app)
    }
  }
}

/** A kept record as the API shows it. */
export function withoutBasis (p: KeptPush): PushRecord {
  const { basis: _basis, ...record } = p
  return record
}

export type PushLog = ReturnType<typeof createPushLog>

/**
 * Who is connected. The real service pushes only to offline users; here everyone is offline
 * until `PUT /_mock/presence` says otherwise. Connections don't outlive the process, so neither does this.
 */
export function createPresence () {
  const online = new Map<string, Set<string>>()
  return {
    set (app: string, username: string, isOnline: boolean): void {
      let users = online.get(app)
      if (users === undefined) online.set(app, users = new Set())
      if (isOnline) users.add(username)
      else users.delete(username)
    },
    isOnline: (app: string, username: string): boolean => online.get(app)?.has(username) ?? false,
    online: (app: string): string[] => [...online.get(app) ?? []].sort(),
    clear (app?: string): void {
      if (app === undefined) online.clear()
      else online.delete(app)
    }
  }
}

export type Presence = ReturnType<typeof createPresence>
