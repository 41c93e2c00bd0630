import { readFileSync } from 'node:fs'
import type { Static } from 'typebox'
import { Check, Errors } from 'typebox/value'
import { importState } from './services/import-state.js'
import { AppStateSchema } from './schemas/control.js'
import type { Services } from './services/index.js'
import { VendorError } from './http/vendor-error.js'

export class SeedError extends Error {
  constructor (message: string) {
    super(message)
    this.name = 'SeedError'
  }
}

type AppState = Static<typeof AppStateSchema>

/** A seed file holds one app's state, an array of them, or `{"apps": [...]}`. */
export function readSeed (file: string): AppState[] {
  let doc: unknown
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'))
  } catch (err) {
    throw new SeedError(`cannot read seed ${file}: ${(err as Error).message.split('\n')[0] ?? ''}`)
  }
  const list: unknown[] = Array.isArray(doc)
    ? doc
    : typeof doc === 'object' && doc !== null && Array.isArray((doc as { apps?: unknown }).apps) ? (doc as { apps: unknown[] }).apps : [doc]
  return list.map((state, i) => {
    if (Check(AppStateSchema, state)) return state
    const first = Errors(AppStateSchema, state)[0]
    throw new SeedError(`seed ${file}, app ${i}: ${first?.instancePath ?? ''} ${first?.message ?? 'is not an app state'}`.replace(/\s+/g, ' '))
  })
}

/** Loads every seed file into the database, then marks the emulator ready. */
export function loadSeeds (s: Services, files: readonly string[], now: number): void {
  for (const file of files) {
    for (const state of readSeed(file)) {
      try {
        importState(s, state, now)
      } catch (err) {
        throw new SeedError(`seed ${file}, app ${state.appKey}: ${err instanceof VendorError ? err.description : (err as Error).message}`)
      }
    }
  }
  s.controls.seeded = true
}
