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
  // Never cached: the `private` cache rule says so, as for every operations route.
  app.get('/health', async () => {
    return {
      status: 'ok',
      version: build.version,
      commit: build.commit,
      uptimeSeconds: Math.round((Date.now() - started) / 1000),
    }
  })
  app.get('/health/ready', async (request, reply) => {
    const readiness = await checkReadiness(store, request.log)
    reply.code(readiness.ready ? 200 : 503)
    return { status: readiness.ready ? 'ready' : 'not ready', checks: readiness.checks }
  })
}

export interface Readiness {
  ready: boolean
  checks: { database: string; migrations?: string }
}

/** The database answers and its schema is current. */
export async function checkReadiness(
  store: Store,
  log: { warn(object: object, message: string): void },
): Promise<Readiness> {
  const checks: Readiness['checks'] = { database: 'unreachable' }
  try {
    await sql`select 1`.execute(store.db)
    checks.database = 'ok'
    checks.migrations = (await isSchemaCurrent(store)) ? 'ok' : 'pending migrations'
  } catch (error) {
    log.warn({ err: error }, 'readiness check failed')
  }
  return { ready: checks.database === 'ok' && checks.migrations === 'ok', checks }
}
