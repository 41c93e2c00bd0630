/**
 * Fault injection (decisions.md §Emulator controls): rules match by method, path pattern and app
 * and answer with a status in the vendor's envelope, a delay, or both; `times` limits how often
 * a rule fires and `probability` draws from a seeded generator so a run can be replayed.
 */
export interface FaultMatch {
  method?: string | undefined
  path?: string | undefined
  app?: string | undefined
}

export interface FaultRule {
  id: number
  match: FaultMatch
  status: number | undefined
  delayMs: number
  /** How many more times the rule may fire; undefined for always. */
  times: number | undefined
  probability: number
  seed: number
  hits: number
}

export type NewFault = Omit<FaultRule, 'id' | 'hits'>

/** `*` is one path segment, `**` any rest (including nothing). */
export function pathPattern (pattern: string): RegExp {
  const source = pattern.split('/').map(segment => {
    if (segment === '**') return '(?:/.*)?'
    if (segment === '*') return '/[^/]+'
    const escaped = segment.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')
    return `/${escaped}`
  }).slice(1).join('')
  return new RegExp(`^${source}$`)
}

/** mulberry32: a small, well-known seeded generator; the same seed gives the same draws. */
export function seededRandom (seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6D2B79F5) >>> 0
    let x = Math.imul(a ^ (a >>> 15), 1 | a)
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296
  }
}

export function createFaults () {
  let rules: Array<FaultRule & { pattern: RegExp | undefined, random: () => number }> = []
  let nextId = 1
  return {
    add (rule: NewFault): FaultRule {
      const stored = {
        ...rule,
        id: nextId++,
        hits: 0,
        pattern: rule.match.path === undefined ? undefined : pathPattern(rule.match.path),
        random: seededRandom(rule.seed)
      }
      rules.push(stored)
      return view(stored)
    },
    list: (): FaultRule[] => rules.map(view),
    remove (id?: number): boolean {
      const before = rules.length
      rules = id === undefined ? [] : rules.filter(r => r.id !== id)
      return rules.length < before || id === undefined
    },
    get size () { return rules.length },
    /** The first rule that matches and fires for this request, counting it; undefined if none. */
    fire (method: string, path: string, app: string | undefined): FaultRule | undefined {
      for (const r of rules) {
        if (r.times === 0) continue
        if (r.match.method !== undefined && r.match.method.toUpperCase() !== method) continue
        if (r.match.app !== undefined && r.match.app !== app) continue
        if (r.pattern !== undefined && !r.pattern.test(path)) continue
        if (r.probability < 1 && r.random() >= r.probability) continue
        if (r.times !== undefined) r.times--
        r.hits++
        return view(r)
      }
      return undefined
    }
  }
}

function view (r: FaultRule): FaultRule {
  return { id: r.id, match: r.match, status: r.status, delayMs: r.delayMs, times: r.times, probability: r.probability, seed: r.seed, hits: r.hits }
}

export type Faults = ReturnType<typeof createFaults>
