import { existsSync } from 'node:fs'
import { join } from 'node:path'
import sseModule from '@fastify/sse'
import fastifyStatic from '@fastify/static'
import type { FastifyPluginAsync } from 'fastify'
import type { LiveEvent } from '../controls/live.js'
import { PACKAGE_ROOT } from '../package-root.js'
import type { Services } from '../services/index.js'

// The package's CommonJS export is the plugin wrapped by fastify-plugin, so that its route hook sees
// the routes of the scope that registers it; its named export is the bare plugin, and its types
// describe the module as an object of both.
const fastifySse = sseModule as unknown as typeof sseModule.fastifySSE

/** Where `npm run build` puts the pages (scripts/build-ui.mjs, from ui/). */
export const UI_ASSETS = join(PACKAGE_ROOT, 'dist', 'ui', 'assets')

export interface UiOptions {
  services: Services
  /** The built pages' folder; `UI_ASSETS` unless a test builds its own. */
  assets?: string
}

/**
 * The web UI at `/_mock/ui/` (`GET /` leads there) and its live channel, `GET /_mock/events`
 * (Server-Sent Events through @fastify/sse). The pages read and write only through the vendor
 * API and `/_mock`; this plugin serves files and relays what the controls' live hub hears.
 */
export const uiPlugin: FastifyPluginAsync<UiOptions> = async (app, { services, assets = UI_ASSETS }) => {
  const { live } = services.controls

  app.get('/', { schema: { hide: true } }, async (_req, reply) => reply.redirect('/_mock/ui/'))

  if (existsSync(join(assets, 'index.html'))) {
    // Pre-compressed files (brotli, gzip) sit beside each one; `/_mock/ui` redirects to `/_mock/ui/`.
    await app.register(fastifyStatic, { root: assets, prefix: '/_mock/ui/', redirect: true, wildcard: false, preCompressed: true, decorateReply: false, schemaHide: true })
  } else {
    // A tree built without the pages (tsc alone): say how to get them, in the control routes' JSON.
    app.get('/_mock/ui/*', { schema: { hide: true } }, async (_req, reply) =>
      reply.code(503).send({ error: 'ui_not_built', error_description: 'The UI is not built: run npm run build' }))
  }

  // Each open page holds one connection; the relay costs nothing while none is open.
  await app.register(fastifySse, { heartbeatInterval: 15_000 })
  services.delivery.subscribe(records => {
    const first = records[0]
    if (live.listening && first !== undefined) live.emit({ type: 'push', app: first.app, msg_id: first.msg_id, count: records.length })
  })
  // An open stream never ends by itself: closing the server ends each one, or a shutdown would wait on open pages.
  const streams = new Set<() => void>()
  app.addHook('preClose', async () => { for (const end of streams) end() })
  app.get('/_mock/events', { sse: 'only', schema: { summary: 'The web UI\'s live events (Server-Sent Events)' } }, async (_req, reply) => {
    reply.sse.keepAlive()
    const off = live.subscribe((event: LiveEvent) => { reply.sse.send({ event: event.type, data: event }).catch(off) })
    const end = (): void => { reply.sse.close() }
    streams.add(end)
    reply.sse.onClose(() => {
      off()
      streams.delete(end)
    })
    await reply.sse.send({ event: 'ready', data: { now: services.clock.now() } })
  })
}
