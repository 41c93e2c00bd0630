import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { ConfigError, HELP, loadConfig, type Config } from './config.js'
import { loadTls } from './https.js'
import { loggerOptions } from './logger.js'
import { createRuntime } from './runtime.js'
import { VERSION } from './version.js'

/** Process entry: flags and environment → runtime → listen; SIGTERM/SIGINT close it and exit 0. */
async function main (): Promise<void> {
  let result
  try {
    result = loadConfig(process.argv.slice(2), process.env)
  } catch (err) {
    return fail((err as ConfigError).message, 2)
  }
  if (result.help) {
    process.stdout.write(`${HELP}\n`)
    return
  }
  const config = result.config
  let runtime
  try {
    runtime = await createRuntime(config, { logger: loggerOptions(config.logLevel, process.stdout.isTTY === true) })
  } catch (err) {
    // Database, migration and seed errors carry one-line messages written for this.
    return fail((err as Error).message, 1)
  }
  const { app } = runtime
  // close() is idempotent, so a second signal during shutdown is harmless.
  const stop = async (signal: string): Promise<void> => {
    app.log.info({ signal }, 'shutting down')
    await runtime.close()
    process.exit(0)
  }
  process.once('SIGTERM', stop)
  process.once('SIGINT', stop)

  let url
  try {
    url = await app.listen({
      host: config.host,
      port: config.port,
      listenTextResolver: (address) => `easemob-push-mock listening on ${address}`
    })
  } catch (err) {
    await runtime.close()
    return fail(`cannot listen on ${config.host}:${config.port}: ${(err as Error).message}`, 1)
  }
  let https: { httpsUrl: string, tlsCert: string | null } | undefined
  if (config.httpsPort !== null) {
    try {
      const tls = await loadTls(config, await certificateDir(config))
      const port = await runtime.serveHttps(tls, config.httpsPort)
      https = { httpsUrl: url.replace(/^http:/, 'https:').replace(/:\d+$/, `:${port}`), tlsCert: tls.certFile }
    } catch (err) {
      await runtime.close()
      return fail((err as Error).message, 1)
    }
  }
  // One record with everything a newcomer needs: where it is, which apps, where the data and docs are,
  // and, with HTTPS, the certificate a verifying client must trust.
  const apps = config.apps.map(a => `${a.org}#${a.app}`)
  const docs = config.controls ? `${url}/docs` : null
  app.log.info({ url, ...https, apps, db: config.dbFile, docs, strictApps: config.strictApps, timezone: config.timezone }, [
    `easemob-push-mock ${VERSION} ready at ${url}`,
    ...(https === undefined ? [] : [`https: ${https.httpsUrl} (certificate: ${String(https.tlsCert)})`]),
    `apps: ${apps.length > 0 ? apps.join(', ') : config.strictApps ? 'none (--strict-apps: add some with --app)' : 'none yet (created on first token request)'}`,
    `database: ${config.dbFile}`,
    `docs: ${docs ?? 'off (--no-controls)'}`
  ].join(' | '))
}

/**
 * Where a generated certificate is written: beside the database (in Docker, the /data volume), or
 * a fresh temporary directory when the database is in memory.
 */
async function certificateDir (config: Config): Promise<string> {
  return config.dbFile === ':memory:' ? await mkdtemp(join(tmpdir(), 'easemob-push-mock-')) : dirname(config.dbFile)
}

function fail (message: string, code: number): void {
  process.stderr.write(`easemob-push-mock: ${message}\n`)
  process.exitCode = code
}

await main()
