import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify'
import {
  VendorError, internalError, invalidParameter, jsonParse, methodNotAllowed, payloadTooLarge, unsupportedMediaType, urlInvalid
} from './vendor-error.js'

interface RouteShape { methods: Set<string>, pattern: RegExp }

/**
 * The only translator from failures to the vendor's error body: Fastify's own errors (validation,
 * body size, media type, unknown path, wrong method) and anything unexpected (a 500 with no stack).
 */
export function registerErrorHandling (app: FastifyInstance, bodyLimit: number): void {
  const routes: RouteShape[] = []
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method]
    const source = route.url.split('/').map(s => s.startsWith(':') ? '[^/]+' : s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('/')
    routes.push({ methods: new Set(methods), pattern: new RegExp(`^${source}$`) })
  })

  // The root onRequest hook sets req.mock before anything can fail; earlier failures go to frameworkErrors.
  const now = (req: FastifyRequest): number => req.mock.now

  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?', 1)[0] as string
    const allowed = routes.filter(r => r.pattern.test(path) && !r.methods.has(req.method)).flatMap(r => [...r.methods])
    const err = allowed.length > 0 ? methodNotAllowed([...new Set(allowed)]) : urlInvalid()
    return reply.code(err.statusCode).headers(err.headers).send(err.toBody(now(req)))
  })

  app.setErrorHandler((error: FastifyError, req, reply) => {
    const err = toVendorError(error, req, bodyLimit)
    if (err.statusCode >= 500) app.log.child({ reqId: req.id }).error({ err: error }, 'unexpected error')
    return reply.code(err.statusCode).headers(err.headers).send(err.toBody(now(req)))
  })
}

function toVendorError (error: FastifyError, req: FastifyRequest, bodyLimit: number): VendorError {
  if (error instanceof VendorError) return error
  if (error.validation !== undefined) {
    const first = error.validation[0]
    if (error.validationContext === 'body' && first?.instancePath === '' && first.keyword === 'type' && req.body === undefined) {
      // Jackson's words for an empty body where an object was expected.
      return jsonParse('No content to map due to end-of-input')
    }
    return invalidParameter(fieldOf(first as ValidationIssue))
  }
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE': return payloadTooLarge(bodyLimit)
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE': return unsupportedMediaType()
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH': return jsonParse('Request body size did not match Content-Length')
  }
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
    return new VendorError(error.statusCode, 'illegal_argument', 'java.lang.IllegalArgumentException', error.message)
  }
  return internalError()
}

export interface ValidationIssue { instancePath: string, params: Record<string, unknown> }

/** The field a validation error is about: the missing property, else the last named path segment. */
export function fieldOf (issue: ValidationIssue): string {
  const missing = issue.params.missingProperty
  if (typeof missing === 'string') return missing
  const named = issue.instancePath.split('/').filter(s => s !== '' && !/^\d+$/.test(s))
  return named.at(-1) ?? 'body'
}
