import type { AppRow } from '../db/repositories/apps-repo.js'

/**
 * What the emulator knows about a request once its hooks ran: the one instant the request sees
 * (so every timestamp and expiry in one response agrees) and, on vendor routes, the app and the
 * user a user token speaks for. This is the one request decorator.
 */
export interface RequestContext {
  now: number
  /** When the request arrived, on the monotonic timer (`clock.ts`), for its duration. */
  started: number
  app: AppRow | undefined
  tokenUser: string | null
  /** The route's path pattern, set by the auth hook: read once per request, `req.routeOptions` builds an object. */
  route: string | undefined
  /** The JSON text the body was parsed from, kept for the journal. */
  requestText: string | undefined
  /** The payload sent, kept for the journal. */
  responseBody: unknown
}

declare module 'fastify' {
  interface FastifyRequest {
    mock: RequestContext
  }
}

/** The app of a vendor route, resolved by the auth hook before any handler runs. */
export function appOf (ctx: RequestContext): AppRow {
  /* c8 ignore next -- the auth hook runs on every vendor route; this guards a wiring mistake */
  if (ctx.app === undefined) throw new Error('vendor route without a resolved app')
  return ctx.app
}
