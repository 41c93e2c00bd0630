import type { Clock } from '../clock.js'
import type { Config } from '../config.js'
import { appKeyOf, type AppRow, type AppsRepo } from '../db/repositories/apps-repo.js'
import type { InspectRepo } from '../db/repositories/inspect-repo.js'
import type { PushRepo } from '../db/repositories/push-repo.js'
import type { TokensRepo } from '../db/repositories/tokens-repo.js'
import type { UsersRepo } from '../db/repositories/users-repo.js'
import { traceOf } from '../domain/delivery.js'
import { dndDay } from '../domain/dnd-day.js'
import { visibleExpiry } from '../domain/expiry.js'
import { toUserEntity } from '../http/user-entity.js'
import { check, serviceResourceNotFound } from '../http/vendor-error.js'
import { withoutBasis, type PushLog } from '../controls/pushes.js'

export interface InspectDeps {
  config: Config
  clock: Clock
  apps: AppsRepo
  users: UsersRepo
  push: PushRepo
  tokens: TokensRepo
  inspect: InspectRepo
  pushes: PushLog
}

/** The server's settings a person may want to see (no secrets: app credentials stay out). */
function settingsOf (c: Config) {
  return {
    timezone: c.timezone,
    tokenTtl: c.tokenTtl,
    strictApps: c.strictApps,
    autoCreateUsers: c.autoCreateUsers,
    rateLimits: c.rateLimits,
    bodyLimit: c.bodyLimit,
    journalSize: c.journalSize,
    pushLogSize: c.pushLogSize,
    pushCallback: c.pushCallback,
    database: c.dbFile
  }
}

/** What the UI shows beyond the vendor API: counts, a paged user search, a user's whole push state, traces. */
export function createInspect (deps: InspectDeps) {
  const { inspect } = deps
  return {
    /** Each app with its counts, the clock and the server's settings. */
    overview () {
      const now = deps.clock.now()
      return {
        apps: deps.apps.list().map(a => ({ appKey: appKeyOf(a), clientId: a.client_id, uuid: a.uuid, created: a.created, counts: inspect.counts(a.id) })),
        clock: { now, iso: new Date(now).toISOString(), frozen: deps.clock.frozen },
        timezone: deps.config.timezone,
        settings: settingsOf(deps.config)
      }
    },
    users: (app: AppRow, q: string, offset: number, limit: number) => ({ app: appKeyOf(app), q, offset, limit, ...inspect.searchUsers(app.id, q, offset, limit) }),
    /** A user's entity, bindings, settings and do-not-disturb day, as the delivery rules read them now. */
    user (app: AppRow, username: string) {
      const name = username.toLowerCase()
      const row = deps.users.find(app.id, name)
      check(row !== undefined, serviceResourceNotFound)
      const now = deps.clock.now()
      const stored = inspect.settings(row.id)
      const appWide = stored.find(s => s.chattype === 'user' && s.key === name)
      return {
        app: appKeyOf(app),
        entity: toUserEntity(row),
        displayStyle: row.notification_display_style,
        templateName: row.template_name,
        language: row.language,
        bindings: deps.push.bindings(row.id),
        settings: stored.map(s => ({
          chattype: s.chattype,
          key: s.key,
          appWide: s === appWide,
          type: s.type,
          ignoreInterval: s.ignore_interval,
          ignoreDuration: visibleExpiry(s.ignore_until, now)
        })),
        dnd: dndDay({
          interval: appWide?.ignore_interval ?? null,
          until: appWide?.ignore_until ?? null,
          legacy: {
            on: row.notification_no_disturbing === null ? null : row.notification_no_disturbing === 1,
            start: row.notification_no_disturbing_start,
            end: row.notification_no_disturbing_end
          }
        }, now, deps.config.timezone)
      }
    },
    templates: (app: AppRow) => ({ app: appKeyOf(app), templates: inspect.templates(app.id) }),
    /** An app token, as `POST /{org}/{app}/token` would issue, for a page that calls the vendor API. */
    token (app: AppRow) {
      const ttl = deps.config.tokenTtl
      const expiresAt = ttl === 0 ? null : deps.clock.now() + ttl * 1000
      return { access_token: deps.tokens.issue(app.id, null, expiresAt), expires_in: ttl, application: app.uuid }
    },
    /** One message's records for one recipient, each with the rules that decided it. */
    trace (app: AppRow, msgId: string, to: string) {
      return deps.pushes.kept({ app: appKeyOf(app), msg_id: msgId, to }).map(p => ({ ...withoutBasis(p), trace: traceOf(p.basis, p.device_id) }))
    }
  }
}

export type Inspect = ReturnType<typeof createInspect>
