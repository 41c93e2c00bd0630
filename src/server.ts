#!/usr/bin/env node
import { ConfigError, HELP, loadConfig } from './config.js'
import { DatabaseOpenError } from './db/database.js'
import { MigrationError } from './db/migrate.js'
import { loggerOptions } from './logger.js'
import { createRuntime } from './runtime.js'
import { SeedError } from './seed.js'

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
    if (err instanceof DatabaseOpenError || err instanceof MigrationError || err instanceof SeedError) return fail(err.message, 1)
    throw err
  }
  const { app } = runtime
  let stopping = false
  const stop = (signal: string): void => {
    if (stopping) return
    stopping = true
    app.log.info({ signal }, 'shutting down')
    runtime.close().then(() => process.exit(0), (err: unknown) => {
      app.log.error({ err }, 'shutdown failed')
      process.exit(1)
    })
  }
  process.once('SIGTERM', stop)
  process.once('SIGINT', stop)

  try {
    await app.listen({
      host: config.host,
      port: config.port,
      listenTextResolver: (address) => `easemob-push-mock listening on ${address}`
    })
  } catch (err) {
    await runtime.close()
    return fail(`cannot listen on ${config.host}:${config.port}: ${(err as Error).message}`, 1)
  }
  const apps = config.apps.map(a => `${a.org}#${a.app}`)
  app.log.info({ db: config.dbFile, apps, strictApps: config.strictApps, timezone: config.timezone },
    `database ${config.dbFile}; apps ${apps.length > 0 ? apps.join(', ') : '(created on first token request)'}`)
}

function fail (message: string, code: number): void {
  process.stderr.write(`easemob-push-mock: ${message}\n`)
  process.exitCode = code
}

await main()
