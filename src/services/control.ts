import type { Static } from 'typebox'
import type { Clock } from '../clock.js'
import type { Config } from '../config.js'
import type { Controls } from '../controls/index.js'
import { parseInstant } from '../controls/instant.js'
import type { Db } from '../db/database.js'
import { readMigrations } from '../db/migrate.js'
import { appKeyOf, type AppRow, type AppsRepo } from '../db/repositories/apps-repo.js'
import type { StateStore } from '../db/state.js'
import { VendorError, check, illegalArgument } from '../http/vendor-error.js'
import type { AppStateSchema, FaultBody, JournalQuery, NewAppBody } from '../schemas/control.js'
import { createAppFinder } from './app-key.js'
import { importState } from './import-state.js'

interface ControlDeps {
  db: Db
  config: Pick<Config, 'apps'>
  clock: Clock
  apps: AppsRepo
  state: StateStore
  controls: Controls
}

/** How the controls show an app: never its secret. */
const appView = (a: AppRow) => ({ appKey: appKeyOf(a), clientId: a.client_id, uuid: a.uuid, created: a.created })

/**
 * The `/_mock` controls (decisions.md §Emulator controls): readiness, the clock, apps, reset,
 * state export and import, the journal, fault rules and presence.
 */
export function createControlService ({ db, config, clock, apps, state, controls }: ControlDeps) {
  // The migrations shipped, read when readiness is first asked (never, with --no-controls).
  let latest: number | undefined
  const { splitKey, findApp } = createAppFinder(apps)
  const clockView = () => {
    const now = clock.now()
    return { now, iso: new Date(now).toISOString(), frozen: clock.frozen }
  }

  return {
    /** Ready once the database is open, migrated to the latest version and the seeds are in. */
    readiness () {
      const open = db.open
      const version = open ? db.pragma('user_version', { simple: true }) as number : 0
      latest ??= readMigrations().length
      const ready = open && version === latest && controls.seeded
      return { ready, database: open ? 'open' : 'closed', schemaVersion: version, latestSchemaVersion: latest, seeded: controls.seeded }
    },

    clock: clockView,
    /** Freezes the clock at an instant given as epoch ms or ISO-8601. */
    setClock (value: number | string) {
      const at = parseInstant(value)
      check(at !== undefined, () => illegalArgument('now must be epoch milliseconds or an ISO-8601 time'))
      clock.set(at)
      return clockView()
    },
    /** Moves the clock (and freezes it), never before 1970. */
    advanceClock (ms: number) {
      check(clock.now() + ms >= 0, () => illegalArgument('ms would move the clock before 1970'))
      clock.advance(ms)
      return clockView()
    },
    realClock () {
      clock.real()
      return clockView()
    },

    apps: () => apps.list().map(appView),
    /** Creates an app, or re-keys one (its data and uuid stay). */
    upsertApp (body: Static<typeof NewAppBody>) {
      const [org, name] = splitKey(body.appKey)
      return appView(apps.upsert({ org, app: name, clientId: body.clientId, clientSecret: body.clientSecret }, clock.now()))
    },
    /** Removes an app with its data and what the emulator observed of it. */
    removeApp (appKey: string): void {
      apps.remove(findApp(appKey).id)
      controls.forget(appKey)
    },

    /**
     * Everything (configured apps and their app tokens stay; faults, rate windows and the frozen
     * clock go), or one app's data. Answers the milliseconds it took.
     */
    reset (appKey: string | undefined): number {
      const started = process.hrtime.bigint()
      if (appKey === undefined) {
        const keep = config.apps.map(a => apps.find(a.org, a.app)?.id).filter(id => id !== undefined)
        state.resetAll(keep)
        controls.forget()
        controls.faults.remove()
        controls.limiter.clear()
        clock.real()
      } else {
        state.resetApp(findApp(appKey).id)
        controls.forget(appKey)
      }
      return Number(process.hrtime.bigint() - started) / 1e6
    },

    exportState: (appKey: string) => state.export(findApp(appKey)),
    /** Imports a state document; `appKey`, when given, must be the document's own. */
    importState (appKey: string | undefined, doc: Static<typeof AppStateSchema>) {
      check(appKey === undefined || appKey === doc.appKey,
        () => illegalArgument(`app ${String(appKey)} does not match the document's appKey ${doc.appKey}`))
      const imported = importState({ db, apps, state }, doc, clock.now())
      return { imported: doc.appKey, users: doc.users?.length ?? 0, templates: doc.templates?.length ?? 0, uuid: imported.uuid }
    },

    requests: (q: Static<typeof JournalQuery>) =>
      controls.journal.list({ app: q.app, method: q.method, path: q.path, status: q.status === undefined ? undefined : Number(q.status) }),

    /** A fault rule, its defaults filled in: no delay, every time, probability 1, seed 1. */
    addFault (b: Static<typeof FaultBody>) {
      return controls.faults.add({
        match: { method: b.match?.method, path: b.match?.path, app: b.match?.app },
        status: b.status,
        delayMs: b.delayMs ?? 0,
        times: b.times,
        probability: b.probability ?? 1,
        seed: b.seed ?? 1
      })
    },
    removeFault (id: number): void {
      check(controls.faults.remove(id), () => new VendorError(404, 'resource_not_found', 'ResourceNotFoundException', `no fault rule ${id}`))
    },

    /** Marks a user online or offline; answers the app's key and the user's name as stored. */
    setPresence (app: string, username: string, online: boolean) {
      const appKey = appKeyOf(findApp(app))
      const name = username.toLowerCase()
      controls.presence.set(appKey, name, online)
      return { app: appKey, username: name, online }
    },
    presence (app: string) {
      const appKey = appKeyOf(findApp(app))
      return { app: appKey, online: controls.presence.online(appKey) }
    }
  }
}

export type ControlService = ReturnType<typeof createControlService>
