// A route that never answers, as a stuck upstream would: for the tests of how the site
// shuts down with a request still in flight.
import type { FastifyInstance } from 'fastify'

let arrived: () => void = () => {}
/** Settles when a request reaches the route. */
export const requestArrived = new Promise<void>((resolve) => {
  arrived = resolve
})

export default function addHangingRoute(app: FastifyInstance): void {
  app.get('/test/hang', (_request, _reply) => {
    arrived()
    return new Promise(() => {})
  })
}
