import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import { isSchemaCurrent, type Store } from '../../store/index.ts'

/** What is running: shown by /health, recorded as a deploy. */
export interface BuildInfo {
  version: string
  /** The commit deployed, or 'unknown' outside a git checkout. */
  commit: string
}

/**
 * `/health`: the process answers (liveness), with what runs and for how long.
 * `/health/ready`: the database answers and its schema is current, else 503 (readiness):
 * a load balancer sends traffic only to nodes that can serve it.
 */
export function healthRoutes(app: FastifyInstance, store: Store, build: BuildInfo): void {
  const started = Date.now()
  app.get('/health', async (_request, reply) => {
    reply.header('cache-control', 'no-store')
    return {
      status: 'ok',
      version: build.version,
      commit: build.commit,
      uptimeSeconds: Math.round((Date.now() - started) / 1000),
    }
  })
  app.get('/health/ready', async (request, reply) => {
    reply.header('cache-control', 'no-store')
    const checks: Record<string, string> = {}
    try {
      await sql`select 1`.execute(store.db)
      checks.database = 'ok'
      checks.migrations = (await isSchemaCurrent(store)) ? 'ok' : 'pending migrations'
    } catch (error) {
      request.log.warn({ err: error }, 'readiness check failed')
      checks.database ??= 'unreachable'
    }
    const ready = checks.database === 'ok' && checks.migrations === 'ok'
    reply.code(ready ? 200 : 503)
    return { status: ready ? 'ready' : 'not ready', checks }
  })
}
