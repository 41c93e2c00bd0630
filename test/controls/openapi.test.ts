import { createRequire } from 'node:module'
import t from 'tap'
import { build, T0 } from '../helper.js'

/** `/openapi.json`, `/docs` and `--no-controls` (decisions.md §Emulator controls). */

/**
 * Every `METHOD /path` in Fastify's route tree (`printRoutes({ commonPrefix: false })`), with
 * `:param` written `{param}` as OpenAPI does.
 */
function registeredRoutes (tree: string): string[] {
  const prefixes: string[] = []
  const out: string[] = []
  for (const line of tree.split('\n')) {
    const m = /^((?:[│ ] {3})*)[├└]── (.+?)(?: \(([^)]+)\))?$/.exec(line)
    if (m === null) continue
    const depth = (m[1] as string).length / 4
    const path = (prefixes[depth - 1] ?? '') + (m[2] as string)
    prefixes[depth] = path
    for (const method of (m[3] ?? '').split(', ').filter(x => x !== '')) {
      out.push(`${method} ${path.replace(/:([A-Za-z_]+)/g, '{$1}')}`)
    }
  }
  return out
}

t.test('the route-tree reader finds nested routes and their methods', async (t) => {
  const tree = [
    '└── /a (GET, HEAD)',
    '    ├── /b (POST)',
    '    │   └── /:c (DELETE)',
    '    └── /d',
    '        └── /e (PUT)'
  ].join('\n')
  t.strictSame(registeredRoutes(tree), ['GET /a', 'HEAD /a', 'POST /a/b', 'DELETE /a/b/{c}', 'PUT /a/d/e'])
})

t.test('/openapi.json is an OpenAPI 3 document with every registered route', async (t) => {
  const h = await build(t)
  const res = await h.app.inject('/openapi.json')
  t.equal(res.statusCode, 200)
  const doc = res.json()
  t.match(doc, { openapi: /^3\./, info: { title: 'easemob-push-mock', version: String } })
  t.strictSame(doc.components.securitySchemes, { bearer: { type: 'http', scheme: 'bearer' } })

  const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>)
    .flatMap(([path, methods]) => Object.keys(methods).map(m => `${m.toUpperCase()} ${path}`))
  const routes = registeredRoutes(h.app.printRoutes({ commonPrefix: false }))
    .filter(r => !r.startsWith('HEAD ') && !/^\w+ \/(docs|_mock\/ui)(\/|\*|$)/.test(r) && !r.endsWith(' /openapi.json') && r !== 'GET /')
  t.ok(routes.length >= 30, `found ${routes.length} routes`)
  t.ok(routes.includes('DELETE /_mock/faults/{id}') && routes.includes('PUT /{org_name}/{app_name}/push/nickname'))
  t.strictSame([...documented].sort(), [...routes].sort())
})

t.test('vendor routes are tagged and secured by bearer; /token and /_mock are open', async (t) => {
  const h = await build(t)
  const doc = (await h.app.inject('/openapi.json')).json()
  let vendorOps = 0
  for (const [path, methods] of Object.entries(doc.paths as Record<string, Record<string, any>>)) {
    for (const [method, op] of Object.entries(methods)) {
      const name = `${method} ${path}`
      if (path.startsWith('/_mock')) {
        t.strictSame(op.tags, ['emulator controls'], name)
        t.equal(op.security, undefined, name)
      } else if (path.endsWith('/token')) {
        t.strictSame(op.tags, ['vendor API'], name)
        t.equal(op.security, undefined, name)
      } else {
        vendorOps++
        t.strictSame(op.tags, ['vendor API'], name)
        t.strictSame(op.security, [{ bearer: [] }], name)
      }
    }
  }
  t.equal(vendorOps, 28)
  // The schemas come from the routes' own TypeBox schemas.
  t.match(doc.paths['/_mock/faults'].post.requestBody.content['application/json'].schema.properties, {
    status: { type: 'integer', minimum: 400, maximum: 599 }
  })
})

t.test('/docs serves the UI and /docs/static/index.html leads to it', async (t) => {
  const h = await build(t)
  const swaggerUiLoaded = (): boolean => Object.keys(createRequire(import.meta.url).cache).some(f => f.includes('@fastify/swagger-ui'))
  t.notOk(swaggerUiLoaded(), 'swagger-ui is not loaded by building the app')
  const docs = await h.app.inject('/docs')
  t.ok(swaggerUiLoaded(), 'the first /docs request loads it')
  t.ok([200, 302].includes(docs.statusCode), `status ${docs.statusCode}`)
  const page = await h.app.inject('/docs/static/index.html')
  t.ok([200, 302].includes(page.statusCode))
  const html = page.statusCode === 302 ? await h.app.inject(String(page.headers.location)) : page
  t.equal(html.statusCode, 200)
  t.match(html.headers['content-type'], /^text\/html/)
  t.match(html.body, /swagger/i)
  const head = await h.app.inject({ method: 'HEAD', url: String(page.headers.location ?? '/docs/static/index.html') })
  t.equal(head.statusCode, 200)
  t.equal(head.body, '', 'HEAD: the headers alone')
  t.match(head.headers['content-type'], /^text\/html/)
  const missing = await h.app.inject('/docs/no-such-file.js')
  t.equal(missing.statusCode, 404)
  t.match(missing.json(), { error: 'web_application', exception: 'javax.ws.rs.NotFoundException' }, 'not a page file: the vendor 404 any unknown path gets')
})

t.test('--no-controls: /_mock, /openapi.json and /docs are vendor 404s while vendor routes work', async (t) => {
  const h = await build(t, { args: ['--no-controls'] })
  const notFound = {
    error: 'web_application',
    exception: 'javax.ws.rs.NotFoundException',
    timestamp: T0,
    duration: 0,
    error_description: 'url is invalid'
  }
  for (const url of ['/_mock/health', '/_mock/clock', '/_mock/requests', '/openapi.json', '/docs', '/docs/static/index.html']) {
    const res = await h.app.inject(url)
    t.equal(res.statusCode, 404, url)
    t.strictSame(res.json(), notFound, url)
  }
  t.equal((await h.app.inject({ method: 'POST', url: '/_mock/reset' })).statusCode, 404)
  await h.register('u1')
  const user = await h.app.inject({ url: h.path('/users/u1'), headers: h.auth })
  t.equal(user.statusCode, 200)
  t.equal(user.json().entities[0].username, 'u1')
})

t.test('/_mock/health and /_mock/ready', async (t) => {
  const h = await build(t)
  const health = await h.app.inject('/_mock/health')
  t.equal(health.statusCode, 200)
  t.strictSame(health.json(), { status: 'ok' })
  const ready = await h.app.inject('/_mock/ready')
  t.equal(ready.statusCode, 200)
  t.match(ready.json(), { ready: true, database: 'open', schemaVersion: Number, seeded: true })
  t.equal(ready.json().schemaVersion, ready.json().latestSchemaVersion)
})
