// Added to each thread of the benchmark's site: `/bench/floor` answers a fixed string as long
// as the average of the article pages named by ALPHANODE_BENCH_FLOOR_PATHS, rendered by this
// thread before it listens; in the Redis-only mode the pages stored go when the site stops.
import type { FastifyInstance } from 'fastify'

export const FLOOR_PATHS_VARIABLE = 'ALPHANODE_BENCH_FLOOR_PATHS'

export default async function addFloorRoute(app: FastifyInstance): Promise<void> {
  let body = ''
  app.get('/bench/floor', (_request, reply) => {
    reply.type('text/html; charset=utf-8').send(body)
  })
  app.addHook('preClose', async () => {
    await app.siteCache.pages.purge({ all: true })
  })
  const paths = JSON.parse(process.env[FLOOR_PATHS_VARIABLE] ?? '[]') as string[]
  let bytes = 0
  for (const path of paths) bytes += (await app.inject(path)).rawPayload.length
  body = 'x'.repeat(Math.round(bytes / Math.max(1, paths.length)))
}
