import t from 'tap'
import type AjvCompiler from '@fastify/ajv-compiler'
import { Type } from 'typebox'
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

t.test('params that are plain strings named in the path get no validator; anything more is compiled as usual', async (t) => {
  const compiled: string[] = []
  const fake: AjvCompiler.BuildCompilerFromPool = () => (r) => {
    compiled.push(`${r.httpPart ?? ''} ${r.url ?? ''}`)
    return Object.assign(() => true, { errors: null }) as never
  }
  const compile = lazyValidators(fake)({}, {})
  const at = (url: string, schema: unknown, httpPart = 'params'): unknown => compile({ schema, method: 'GET', url, httpPart } as Route)
  const two = Type.Object({ org_name: Type.String(), username: Type.String() })
  t.equal(at('/:org_name/x/users/:username', two), undefined, 'TypeBox strings, both in the path: nothing to check')
  t.equal(at('/:org_name/:app_name/users/:username', two), undefined, 'a path parameter the schema leaves out changes nothing')
  t.equal(at('/:org_name/:username(^[a-z]+$)', two), undefined, 'a parameter with its own pattern in the route is still a string')
  t.equal(at('/:a', { type: 'object', properties: { a: { type: 'string' } } }), undefined, 'none required')
  t.equal(at('/:a', { type: 'object' }), undefined, 'no properties at all')
  const checked: Array<[string, unknown, string?]> = [
    ['/:org_name', two],
    ['/:org_name/:username', Type.Object({ org_name: Type.String(), username: Type.String({ pattern: '^[a-z]+$' }) })],
    ['/:org_name/:username', Type.Object({ org_name: Type.String(), username: Type.String({ maxLength: 3 }) })],
    ['/:n', Type.Object({ n: Type.Integer() })],
    ['/:n', Type.Object({ n: Type.String() }, { additionalProperties: false })],
    ['/:n', { type: 'object', properties: { n: { type: 'string', default: 'x' } } }],
    ['/:n', { type: 'object', required: ['m'], properties: { n: { type: 'string' } } }],
    ['/:n', { type: 'object', required: 'n', properties: { n: { type: 'string' } } }],
    ['/:n', { type: 'array' }],
    ['/:n', Type.Object({ n: Type.String() }), 'querystring'],
    ['/:n', Type.Object({ n: Type.String() }), 'body']
  ]
  for (const [url, schema, part] of checked) t.type(at(url, schema, part), 'function', `${part ?? 'params'} ${url} ${JSON.stringify(schema)}`)
  t.type(compile({ schema: two, httpPart: 'params' } as Route), 'function', 'no url: compiled as usual')
})
