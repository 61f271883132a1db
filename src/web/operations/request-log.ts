import { randomUUID } from 'node:crypto'
import type { FastifyInstance, FastifyRequest } from 'fastify'

// An incoming X-Request-Id is kept only when it cannot smuggle anything into a log line.
const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/

/** A request's id: the caller's X-Request-Id when it is safe, else a new UUID. */
export function requestId(request: { headers: Record<string, string | string[] | undefined> }) {
  const given = request.headers['x-request-id']
  return typeof given === 'string' && SAFE_ID.test(given) ? given : randomUUID()
}

/** The route pattern (`/posts/:file`), not the URL: a bounded set of names for logs and metrics. */
export const routeOf = (request: FastifyRequest): string => request.routeOptions.url ?? 'not found'

/**
 * One log line per request, after the response: id, method, path, route, status and
 * duration. The id is echoed in `X-Request-Id`, so a reader's report finds its line. Query
 * strings are left out (they can hold what people typed); cookies and authorization headers
 * are never logged.
 */
export function requestLog(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id)
  })
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        method: request.method,
        path: request.url.split('?')[0],
        route: routeOf(request),
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 100) / 100,
      },
      'request',
    )
  })
}
