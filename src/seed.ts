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

const firstLine = (text: string): string => text.replace(/\s*\n[\s\S]*$/, '')

/** A seed file holds one app's state, an array of them, or `{"apps": [...]}`. */
export function readSeed (file: string): AppState[] {
  let doc: unknown
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'))
  } catch (err) {
    throw new SeedError(`cannot read seed ${file}: ${firstLine((err as Error).message)}`)
  }
  const list: unknown[] = Array.isArray(doc)
    ? doc
    : typeof doc === 'object' && doc !== null && Array.isArray((doc as { apps?: unknown }).apps) ? (doc as { apps: unknown[] }).apps : [doc]
  return list.map((state, i) => {
    if (Check(AppStateSchema, state)) return state
    // A failed Check always has at least one error; the first names the field.
    const detail = Errors(AppStateSchema, state).slice(0, 1).map(e => `${e.instancePath} ${e.message}`.trim()).join('')
    throw new SeedError(firstLine(`seed ${file}, app ${i}: ${detail}`))
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
