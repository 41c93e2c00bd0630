/** The in-process API for test suites. */
export { buildApp, type App, type AppDeps } from './app.js'
export { createClock, type Clock } from './clock.js'
export { loadConfig, type Config } from './config.js'
export { createRuntime, type Runtime } from './runtime.js'
