import type { FastifyInstance, FastifyRequest } from 'fastify'
import secureJson from 'secure-json-parse'
import { jsonParse, payloadTooLarge, unsupportedMediaType } from './vendor-error.js'

/** The one route that takes a genuine form body (the vendor's token endpoint; SDKs send both). */
const FORM_ROUTES: ReadonlySet<string> = new Set(['/:org_name/:app_name/token'])

/**
 * One parser for every Content-Type: the vendor's own curl examples send JSON as
 * `application/x-www-form-urlencoded`, so whatever parses as JSON is JSON (decisions.md §Envelopes).
 * Multipart bodies are refused with the vendor's 415 without being read.
 */
export function registerBodyParser (app: FastifyInstance, bodyLimit: number): void {
  // Fastify reads no body on GET and HEAD, so their declared size escapes the parser's limit; the
  // limit applies whatever the method (decisions.md §Envelopes). A preParsing hook runs where a
  // body would be parsed: after a vendor route's bearer check, and on unrouted paths too.
  app.addHook('preParsing', (req, _reply, payload, done) => {
    const tooLarge = (req.method === 'GET' || req.method === 'HEAD') && Number(req.headers['content-length']) > bodyLimit
    done(tooLarge ? payloadTooLarge(bodyLimit) : null, payload)
  })
  app.removeAllContentTypeParsers()
  app.addContentTypeParser(/^multipart\//i, (req, _payload, done) => {
    done(isUnrouted(req) ? null : unsupportedMediaType(), undefined)
  })
  const parse = (req: FastifyRequest, body: string | Buffer, done: (err: Error | null, body?: unknown) => void): void => {
    try {
      done(null, parseBody(req, body as string))
    } catch (err) {
      done(err as Error, undefined)
    }
  }
  // The same parser is also registered by name for the two types clients send: Fastify keeps a
  // parser found by name, but looks the catch-all up afresh on every request, parsing the header
  // each time. Without these two, Node 24.22: write 0.94 of the req/s and 5 % more CPU a write
  // (0.91 and 11 % with two other shortcuts out as well; bench A/B, docs/performance.md).
  for (const type of ['*', 'application/json', 'application/x-www-form-urlencoded']) {
    app.addContentTypeParser(type, { parseAs: 'string', bodyLimit }, parse)
  }
}

/**
 * No route matched: the body is left unread as data, so an unknown path or a wrong method answers
 * 404/405 whatever the body holds (decisions.md §Envelopes).
 */
function isUnrouted (req: FastifyRequest): boolean {
  return req.routeOptions.url === undefined
}

/** JSON as request bodies are read: `__proto__` and `constructor` keys are dropped, not obeyed. */
export function parseJsonText (text: string): unknown {
  return secureJson.parse(text, undefined, { protoAction: 'remove', constructorAction: 'remove' })
}

function parseBody (req: FastifyRequest, body: string): unknown {
  if (body.trim() === '' || isUnrouted(req)) return undefined
  try {
    const parsed = parseJsonText(body)
    // The journal keeps this text rather than the parsed object (src/controls/journal.ts).
    req.mock.requestText = body
    return parsed
  } catch (err) {
    if (FORM_ROUTES.has(req.routeOptions.url as string) && /x-www-form-urlencoded/i.test(req.headers['content-type'] ?? '')) {
      return Object.fromEntries(new URLSearchParams(body))
    }
    throw jsonParse(`Unexpected character in request body: ${(err as Error).message}`)
  }
}
