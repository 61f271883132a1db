import type { FastifyInstance } from 'fastify'
import {
  AggregatorRegistry,
  collectDefaultMetrics,
  Gauge,
  Histogram,
  type Registry,
} from 'prom-client'
import type { PostReads, Store } from '../../store/index.ts'
import type { SiteThread, ThreadPeers } from '../thread-peers.ts'
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
 * the process's own (memory, event loop lag, GC). When the site runs on several threads, a
 * scrape reaching any of them answers for all: their request and read figures summed, and
 * the runtime's figures labelled by thread (the heap and event loop are each thread's own).
 */
export function siteMetrics(
  app: FastifyInstance,
  store: Store,
  registry: Registry,
  threads?: { thread: SiteThread; peers: ThreadPeers },
): SiteMetrics {
  collectDefaultMetrics({
    register: registry,
    labels: threads ? { thread: String(threads.thread.index) } : {},
  })
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
    // Every thread reads the same run log: one answer, not their sum.
    aggregator: 'first',
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
    if (!threads) return registry.metrics()
    const all = [await registry.getMetricsAsJSON(), ...(await threads.peers.metricsOfOthers())]
    return AggregatorRegistry.aggregate(all).metrics()
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
