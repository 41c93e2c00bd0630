/**
 * The vendor's per-app call limits (easemob-reference.md §5), enforced with `--rate-limits`:
 * a fixed one-second window per (app, operation) on the emulator's clock, so a test can freeze
 * time, hit the limit, advance a second and go on.
 */
export function poolFor (method: string, route: string): { pool: string, limit: number } {
  if (route.endsWith('/token')) return { pool: 'token', limit: 300 }
  if (route.startsWith('/:org_name/:app_name/notification/template')) return { pool: `${method} ${route}`, limit: 10 }
  // The account APIs, push binding and PUT /users share one pool ("用户体系集成" table).
  if (/^\/:org_name\/:app_name\/users(\/:username)?(\/push\/binding)?$/.test(route)) return { pool: 'users', limit: 100 }
  // Group messages: 20 calls a second (message_group.md); one-to-one sends keep the default 100.
  if (route.endsWith('/messages/chatgroups')) return { pool: `${method} ${route}`, limit: 20 }
  return { pool: `${method} ${route}`, limit: 100 }
}

export function createRateLimiter () {
  const windows = new Map<string, { second: number, count: number }>()
  return {
    /** Counts one call; false when it is over the limit for its second. */
    allow (app: string, method: string, route: string, now: number): boolean {
      const { pool, limit } = poolFor(method, route)
      const key = `${app} ${pool}`
      const second = Math.floor(now / 1000)
      const w = windows.get(key)
      if (w === undefined || w.second !== second) {
        windows.set(key, { second, count: 1 })
        return true
      }
      w.count++
      return w.count <= limit
    },
    clear (): void { windows.clear() }
  }
}

export type RateLimiter = ReturnType<typeof createRateLimiter>
