import t from 'tap'
import type AjvCompiler from '@fastify/ajv-compiler'
import { lazyValidators } from '../src/http/lazy-validators.js'

type Route = Parameters<ReturnType<AjvCompiler.BuildCompilerFromPool>>[0]
const route = (httpPart: string): Route => ({ schema: { type: 'integer' }, method: 'PUT', url: '/x', httpPart })

t.test('a validator is compiled on its first call, once, and hands over result, errors and context', async (t) => {
  const compiled: string[] = []
  const contexts: unknown[] = []
  const fake: AjvCompiler.BuildCompilerFromPool = () => (r) => {
    compiled.push(r.httpPart ?? '')
    const check = Object.assign((data: unknown, context?: unknown) => {
      contexts.push(context)
      check.errors = data === 1 ? null : [{ message: 'must be 1' }]
      return data === 1
    }, { errors: null as unknown })
    return check as never
  }
  const compile = lazyValidators(fake)({}, {})
  const body = compile(route('body')) as unknown as ((data: unknown, context?: unknown) => boolean) & { errors: unknown, schemaEnv: unknown }
  compile(route('params'))
  t.strictSame(compiled, [], 'nothing compiled when the routes are set up')
  t.ok(body.schemaEnv, 'marked like an Ajv function, so Fastify passes the parent-data context')
  t.equal(body(2, { parentData: 'req' }), false)
  t.strictSame(body.errors, [{ message: 'must be 1' }], 'the errors of the failed call')
  t.equal(body(1), true)
  t.equal(body.errors, null, 'cleared by a passing call')
  t.strictSame(compiled, ['body'], 'compiled once, on first use, and only the part that was used')
  t.strictSame(contexts, [{ parentData: 'req' }, undefined])
})
