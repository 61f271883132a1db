// A route whose request ends its thread with an error nothing catches, as a bug in a timer
// or a stream handler would: for the tests of how the site stops when a thread fails.
import type { FastifyInstance } from 'fastify'

export const CRASH_MESSAGE = 'a crash the test asked for'

export default function addCrashingRoute(app: FastifyInstance): void {
  app.get('/test/crash', (_request, reply) => {
    setImmediate(() => {
      throw new Error(CRASH_MESSAGE)
    })
    reply.type('text/plain').send('crashing')
  })
}
