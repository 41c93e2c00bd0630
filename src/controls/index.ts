import type { Config } from '../config.js'
import { createFaults } from './faults.js'
import { createJournal } from './journal.js'
import { createCoverage } from './operations.js'
import { createRateLimiter } from './rate-limits.js'

/** The emulator's own state beside the vendor data: journal, faults, coverage, rate windows. */
export function createControls (config: Pick<Config, 'journalSize' | 'seeds'>) {
  return {
    journal: createJournal(config.journalSize),
    faults: createFaults(),
    coverage: createCoverage(),
    limiter: createRateLimiter(),
    /** Set once the seed files are in; `/_mock/ready` answers 503 before. */
    seeded: config.seeds.length === 0
  }
}

export type Controls = ReturnType<typeof createControls>

/** Paths of the vendor's API, as opposed to the emulator's own (`/_mock`, `/openapi.json`, `/docs`). */
export function isVendorPath (url: string): boolean {
  return !(url.startsWith('/_mock/') || url === '/_mock' || url.startsWith('/openapi.json') || url === '/docs' || url.startsWith('/docs/') || url.startsWith('/docs?'))
}
