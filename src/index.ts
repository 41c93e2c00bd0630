/** The in-process API for test suites. */
export { startMockServer, type Instant, type MockServer, type MockServerOptions } from './mock-server.js'
export type { JournalEntry, JournalFilter } from './controls/journal.js'
export type { PushFilter, PushRecord } from './controls/pushes.js'
export type { AppState, TemplateState, UserState } from './db/state.js'
export { buildApp, type App, type AppDeps, type AppOptions } from './app.js'
export { createClock, type Clock } from './clock.js'
export { loadConfig, type Config } from './config.js'
export { createRuntime, type Runtime } from './runtime.js'
