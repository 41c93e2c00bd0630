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
