import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { VendorError, check } from '../http/vendor-error.js'
import { AppKeyQuery, FaultBody, FaultIdPath, JournalQuery } from '../schemas/control.js'
import type { Services } from '../services/index.js'

/** `/_mock` observation and fault controls: the request journal, fault rules and API coverage. */
export const controlObserveRoutes: FastifyPluginAsyncTypebox<Services> = async (app, s) => {
  const { journal, faults, coverage } = s.controls

  app.get('/_mock/requests', { schema: { querystring: JournalQuery } }, async (req) => {
    const { app: appKey, method, path, status } = req.query
    return { requests: journal.list({ app: appKey, method, path, status: status === undefined ? undefined : Number(status) }) }
  })

  app.delete('/_mock/requests', { schema: { querystring: AppKeyQuery } }, async (req) => {
    journal.clear(req.query.app)
    return { cleared: req.query.app ?? 'all' }
  })

  app.post('/_mock/faults', { schema: { body: FaultBody } }, async (req, reply) => {
    const b = req.body
    const rule = faults.add({
      match: { method: b.match?.method, path: b.match?.path, app: b.match?.app },
      status: b.status,
      delayMs: b.delayMs ?? 0,
      times: b.times,
      probability: b.probability ?? 1,
      seed: b.seed ?? 1
    })
    return reply.code(201).send(rule)
  })

  app.get('/_mock/faults', async () => ({ faults: faults.list() }))

  app.delete('/_mock/faults', async () => {
    faults.remove()
    return { faults: [] }
  })

  app.delete('/_mock/faults/:id', { schema: { params: FaultIdPath } }, async (req) => {
    const id = Number(req.params.id)
    check(faults.remove(id), () => new VendorError(404, 'resource_not_found', 'ResourceNotFoundException', `no fault rule ${id}`))
    return { deleted: id }
  })

  app.get('/_mock/coverage', { schema: { querystring: AppKeyQuery } }, async (req) => ({
    app: req.query.app ?? 'all',
    ...coverage.report(req.query.app)
  }))
}
