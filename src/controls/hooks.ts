import type { FastifyReply, FastifyRequest } from 'fastify'
import { journalBody } from './journal.js'
import { errorForStatus } from './fault-errors.js'
import { isVendorPath } from './index.js'
import { appKeyOf } from '../db/repositories/apps-repo.js'
import { reachLimit } from '../http/vendor-error.js'
import type { Services } from '../services/index.js'

const pathOf = (url: string): string => url.split('?', 1)[0] as string

/** `org#app` from the path's first two segments, for requests whose app was never resolved. */
function pathApp (req: FastifyRequest): string | null {
  if (req.mock.app !== undefined) return appKeyOf(req.mock.app)
  const m = /^\/([^/?]+)\/([^/?]+)/.exec(req.url)
  return m === null ? null : `${m[1] as string}#${m[2] as string}`
}

/** Runs before a request is handled; calls `done` (with the error to answer, if any) to go on. */
export type BeforeRequest = (req: FastifyRequest, done: (err?: Error) => void) => void

/** What the app's own hooks call, so that no hook of their own runs on every request. */
export interface ControlHooks {
  /** Faults and rate limits, from the app's onRequest hook. */
  beforeRequest: BeforeRequest
  /** The journal and coverage counters, from the app's onSend hook, once the payload is final. */
  answered (req: FastifyRequest, reply: FastifyReply, elapsedMs: number): void
}

/**
 * What gives tests what the vendor can't: faults and rate limits before a vendor request is
 * handled, and the journal and coverage counters once it is answered.
 */
export function controlHooks (s: Services): ControlHooks {
  const { journal, faults, coverage, limiter, live } = s.controls

  // The rate-limit check, after any fault (and its delay) let the request through.
  const limit = (req: FastifyRequest, done: (err?: Error) => void): void => {
    // (`routeOptions` builds a dozen-field object on every read: only when it is needed.)
    const route = s.config.rateLimits ? req.routeOptions.url : undefined
    if (route !== undefined) {
      const appKey = pathApp(req)
      if (appKey !== null && !limiter.allow(appKey, req.method, route, req.mock.now)) return done(reachLimit())
    }
    done()
  }

  const beforeRequest: BeforeRequest = (req, done) => {
    if (!isVendorPath(req.url)) return done()
    if (faults.size > 0) {
      const rule = faults.fire(req.method, pathOf(req.url), pathApp(req) ?? undefined)
      if (rule !== undefined) {
        const failure = rule.status === undefined ? undefined : errorForStatus(rule.status, s.config.bodyLimit)
        if (rule.delayMs > 0) {
          setTimeout(() => { if (failure === undefined) limit(req, done); else done(failure) }, rule.delayMs)
          return
        }
        if (failure !== undefined) return done(failure)
      }
    }
    limit(req, done)
  }

  return { beforeRequest, answered }

  function answered (req: FastifyRequest, reply: FastifyReply, elapsedMs: number): void {
    const vendor = isVendorPath(req.url)
    // An open UI page hears of every change and of each vendor request (its own reads are neither).
    if (live.listening && (vendor || req.method !== 'GET')) {
      live.emit({ type: 'request', method: req.method, path: pathOf(req.url), status: reply.statusCode, vendor })
    }
    if (!vendor) return
    const appKey = pathApp(req)
    const status = reply.statusCode
    // (The auth hook notes the route; others, the token route and paths no route matches, ask.)
    const route = req.mock.route ?? req.routeOptions.url
    if (route !== undefined && appKey !== null) {
      let outcome = '200 ok'
      // Every error leaves through the vendor envelope, so its body names the error code.
      if (status >= 400) outcome = `${status} ${(journalBody(req.mock.responseBody) as { error: string }).error}`
      coverage.count(appKey, req.method, route, outcome)
    }
    journal.record({
      time: req.mock.now,
      app: appKey,
      method: req.method,
      url: req.url,
      status,
      durationMs: Math.round(elapsedMs * 1000) / 1000,
      requestBody: req.body ?? null,
      requestText: req.mock.requestText,
      responseBody: req.mock.responseBody
    })
  }
}
