import type { Config } from '../config.js'
import { createFaults } from './faults.js'
import { createJournal } from './journal.js'
import { createLive } from './live.js'
import { createPresence, createPushLog } from './pushes.js'
import { createCoverage } from './operations.js'
import { createRateLimiter } from './rate-limits.js'

/** The emulator's own state beside the vendor data: journal, pushes, presence, faults, coverage, rate windows. */
export function createControls (config: Pick<Config, 'journalSize' | 'seeds' | 'pushLogSize'>) {
  const journal = createJournal(config.journalSize)
  const pushes = createPushLog(config.pushLogSize)
  const presence = createPresence()
  const coverage = createCoverage()
  return {
    journal,
    pushes,
    presence,
    coverage,
    /** Drops what the emulator observed of one app (or of all): journal, pushes, presence, coverage. */
    forget (appKey?: string): void {
      journal.clear(appKey)
      pushes.clear(appKey)
      presence.clear(appKey)
      coverage.clear(appKey)
    },
    faults: createFaults(),
    /** What open UI pages hear about (controls/live.ts). */
    live: createLive(),
    limiter: createRateLimiter(),
    /** Set once the seed files are in; `/_mock/ready` answers 503 before. */
    seeded: config.seeds.length === 0
  }
}

export type Controls = ReturnType<typeof createControls>

/** Paths of the vendor's API, as opposed to the emulator's own (`/_mock`, `/openapi.json`, `/docs`). */
export function isVendorPath (url: string): boolean {
  return !(url === '/' || url.startsWith('/?') || url.startsWith('/_mock/') || url === '/_mock' || url.startsWith('/openapi.json') || url === '/docs' || url.startsWith('/docs/') || url.startsWith('/docs?'))
}
