import type { FastifyInstance } from 'fastify'
import { collectDefaultMetrics, Gauge, Histogram, type Registry } from 'prom-client'
import type { PostReads, Store } from '../../store/index.ts'
import { routeOf } from './request-log.ts'

const SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]

export interface SiteMetrics {
  registry: Registry
  /** The site's reads, each timed into `alphanode_db_read_seconds{read}`. */
  timeReads(reads: PostReads): PostReads
}

/**
 * Prometheus metrics on their own registry (two sites in one process, as in tests, do not
 * collide): request durations by route and status, database read time by read, import runs
 * by outcome (read from the run log at scrape time, so every importer process counts), and
 * the process's own (memory, event loop lag, GC).
 */
export function siteMetrics(app: FastifyInstance, store: Store, registry: Registry): SiteMetrics {
  collectDefaultMetrics({ register: registry })
  const requests = new Histogram({
    name: 'alphanode_http_request_duration_seconds',
    help: 'Time from request to response, by route pattern, method and status.',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: SECONDS,
    registers: [registry],
  })
  const reads = new Histogram({
    name: 'alphanode_db_read_seconds',
    help: 'Time of each database read the site runs, by read.',
    labelNames: ['read'] as const,
    buckets: SECONDS,
    registers: [registry],
  })
  new Gauge({
    name: 'alphanode_import_runs',
    help: 'Import runs recorded in the run log, by status (running, succeeded, partial, failed, interrupted).',
    labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      const rows = await store.db
        .selectFrom('import_runs')
        .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy('status')
        .execute()
      this.reset()
      for (const row of rows) this.set({ status: row.status }, Number(row.n))
    },
  })

  app.addHook('onResponse', async (request, reply) => {
    requests.observe(
      { route: routeOf(request), method: request.method, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    )
  })
  app.get('/metrics', async (_request, reply) => {
    reply.type(registry.contentType)
    return registry.metrics()
  })

  return {
    registry,
    timeReads(target) {
      const timed = { ...target }
      for (const [name, read] of Object.entries(target) as Array<[keyof PostReads, unknown]>) {
        if (typeof read !== 'function') continue
        const run = read as (...args: unknown[]) => Promise<unknown>
        ;(timed as Record<string, unknown>)[name] = async (...args: unknown[]) => {
          const stop = reads.startTimer({ read: name })
          try {
            return await run(...args)
          } finally {
            stop()
          }
        }
      }
      return timed
    },
  }
}
