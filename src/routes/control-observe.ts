import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { AppKeyQuery, FaultBody, FaultIdPath, JournalQuery } from '../schemas/control.js'
import type { Services } from '../services/index.js'

/** `/_mock` observation and fault controls: the request journal, fault rules and API coverage. */
export const controlObserveRoutes: FastifyPluginAsyncTypebox<Services> = async (app, s) => {
  const { control } = s
  const { journal, faults, coverage } = s.controls

  app.get('/_mock/requests', { schema: { querystring: JournalQuery } }, async (req) => ({ requests: control.requests(req.query) }))

  app.delete('/_mock/requests', { schema: { querystring: AppKeyQuery } }, async (req) => {
    journal.clear(req.query.app)
    return { cleared: req.query.app ?? 'all' }
  })

  app.post('/_mock/faults', { schema: { body: FaultBody } }, async (req, reply) => reply.code(201).send(control.addFault(req.body)))

  app.get('/_mock/faults', async () => ({ faults: faults.list() }))

  app.delete('/_mock/faults', async () => {
    faults.remove()
    return { faults: [] }
  })

  app.delete('/_mock/faults/:id', { schema: { params: FaultIdPath } }, async (req) => {
    const id = Number(req.params.id)
    control.removeFault(id)
    return { deleted: id }
  })

  app.get('/_mock/coverage', { schema: { querystring: AppKeyQuery } }, async (req) => ({
    app: req.query.app ?? 'all',
    ...coverage.report(req.query.app)
  }))
}
