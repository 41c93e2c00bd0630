/**
 * The in-process API for test suites. Its declarations stand alone: they name no type of the
 * database driver, Fastify or TypeBox, so a consumer's `tsc` with `skipLibCheck: false` checks a
 * few small files (the runtime and app builders are the command line's, in runtime.ts and app.ts).
 */
export { startMockServer, type Instant, type MockServer, type MockServerOptions } from './mock-server.js'
export type { JournalEntry, JournalFilter } from './controls/journal.js'
export type { PushFilter, PushRecord } from './controls/pushes.js'
export type { AppState, GroupState, TemplateState, UserState } from './db/state-types.js'
export { ConfigError } from './config.js'
