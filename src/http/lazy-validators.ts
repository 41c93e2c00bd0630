import AjvCompiler from '@fastify/ajv-compiler'

type Build = AjvCompiler.BuildCompilerFromPool
type Validate = ((data: unknown, context?: object) => unknown) & { errors?: unknown, schemaEnv?: unknown }

/**
 * Fastify's own Ajv compiler (the one it uses by default, with the same options), but each
 * route's validator is compiled the first time a request needs it instead of at start, as a test
 * run or a short-lived CI job touches only a few routes. Measured: compiling them all up front made
 * an in-process start cost 80 ms of CPU instead of 35 ms on Node 24.22 (docs/performance.md).
 *
 * Fastify reads `errors` off the function after a failed call and passes Ajv's parent-data
 * context when `schemaEnv` is set (as on every Ajv function), so the stand-in does the same.
 */
export function lazyValidators (build: Build = AjvCompiler()): Build {
  return (externalSchemas, options) => {
    const compile = build(externalSchemas, options)
    return (route) => {
      // No validator at all, which Fastify takes as nothing to check (it tests for null).
      if (alwaysValidParams(route)) return undefined as never
      let real: Validate | undefined
      const validate: Validate = (data, context) => {
        real ??= compile(route) as Validate
        const result = real(data, context)
        validate.errors = real.errors
        return result
      }
      validate.schemaEnv = true
      return validate as ReturnType<ReturnType<Build>>
    }
  }
}

/**
 * Whether a route's `params` schema can't fail: an object of plain strings, each named in the path.
 * The router hands over every parameter of the path, always as a string, so checking them finds
 * nothing and only costs time (≈ 700 instructions a request, docs/performance.md). The schema
 * still types the handler and documents the route. Anything more (a pattern, a length, a default,
 * another type, a name the path doesn't have) is compiled and checked as usual.
 */
function alwaysValidParams (route: Parameters<ReturnType<Build>>[0]): boolean {
  const schema = route.schema as { type?: unknown, properties?: Record<string, object>, required?: unknown } | null | undefined
  if (route.httpPart !== 'params' || typeof schema !== 'object' || schema === null) return false
  if (Object.keys(schema).some(key => !['type', 'properties', 'required'].includes(key)) || schema.type !== 'object') return false
  if (route.url === undefined) return false
  const inPath = new Set([...route.url.matchAll(/:([A-Za-z0-9_]+)/g)].map(m => m[1]))
  const properties = Object.entries(schema.properties ?? {})
  const required = schema.required ?? []
  return Array.isArray(required) && required.every(name => inPath.has(name)) &&
    properties.every(([name, property]) => inPath.has(name) && isPlainString(property))
}

const isPlainString = (property: object): boolean => {
  const keys = Object.keys(property)
  return keys.length === 1 && keys[0] === 'type' && (property as { type: unknown }).type === 'string'
}
