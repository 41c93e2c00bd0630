import { buildApp, type App, type AppOptions } from './app.js'
import { createClock, type Clock } from './clock.js'
import type { Config } from './config.js'
import { openDatabase, type Db } from './db/database.js'
import { migrate } from './db/migrate.js'
import { listenHttps, type HttpsListener, type Tls } from './https.js'
import { createServices, type Services } from './services/index.js'

/** How long an expired token is kept, still telling its holder it expired, before a start purges it. */
export const TOKEN_PURGE_GRACE_MS = 24 * 60 * 60 * 1000

export interface Runtime {
  app: App
  db: Db
  clock: Clock
  services: Services
  /** Serves the app over HTTPS too, on `port` (0: a free one) of `config.host`; answers the port. */
  serveHttps(tls: Tls, port: number): Promise<number>
  /** Closes the server (and the HTTPS one), then the database (SQLite checkpoints the WAL on the last close). */
  close(): Promise<void>
}

/**
 * Opens and migrates the database, applies the configured apps and builds the app: everything
 * between a Config and a listening server, shared by the CLI and the in-process API.
 */
export async function createRuntime (config: Config, options: AppOptions = {}, clock: Clock = createClock()): Promise<Runtime> {
  const db = openDatabase(config.dbFile)
  try {
    migrate(db)
    const services = createServices(db, config, clock)
    // Tokens long expired go; recently expired ones stay to keep answering "expired access token".
    services.tokens.purgeExpired(clock.now() - TOKEN_PURGE_GRACE_MS)
    for (const app of config.apps) services.apps.upsert(app, clock.now())
    // Only when there are seeds: checking them needs typebox/value, ≈ 100 ms of module loading.
    if (config.seeds.length > 0) (await import('./seed.js')).loadSeeds(services, config.seeds, clock.now())
    const app = await buildApp({ db, config, clock, services }, options)
    let closed = false
    let https: HttpsListener | undefined
    return {
      app,
      db,
      clock,
      services,
      async serveHttps (tls, port) {
        https = await listenHttps((req, res) => { app.routing(req, res) }, tls, config.host, port)
        return https.port
      },
      async close () {
        if (closed) return
        closed = true
        const appClosed = app.close()
        await (https === undefined ? appClosed : https.close(appClosed))
        db.close()
      }
    }
  } catch (err) {
    db.close()
    throw err
  }
}
