import type { AddressInfo } from 'node:net'
import type { Logger } from 'pino'
import { effectiveSettings } from '../config-report.ts'
import { openStore } from '../store/index.ts'
import { createSite, loadCacheRules } from '../web/index.ts'
import type { SiteThreadData } from './site-threads.ts'

/**
 * How long `close` lets requests in flight finish: under the 30 s after which
 * startSiteThreads ends a worker thread from outside, so a worker still closes itself.
 */
const CLOSE_TIMEOUT_MS = 25_000

/** One thread's whole site, listening; `close` finishes its requests in flight. */
export interface SiteInstance {
  /** `host:port` it listens on (the port chosen when asked for 0). */
  address: string
  close(): Promise<void>
}

/**
 * The site on one thread of `alphanode serve`, on its own connection to the database, listening
 * on the port the process's other site threads share. The main thread runs one, each worker
 * thread another (site-thread.ts).
 */
export async function startSiteInstance(
  data: SiteThreadData,
  log: Logger,
  options: { closeTimeoutMs?: number } = {},
): Promise<SiteInstance> {
  const { config } = data
  const store = openStore(data.databaseUrl, { cacheMiB: data.databaseCacheMiB })
  const app = createSite({
    store,
    log,
    publicUrl: data.publicUrl,
    build: data.build,
    thread: data.thread,
    cache: {
      rules: loadCacheRules(config.cache.rulesFile),
      memoryBytes: data.pageCacheBytes,
      redisUrl: config.cache.redisUrl,
      redisPrefix: config.cache.redisPrefix,
    },
    admin: {
      sessionSecret: data.sessionSecret,
      adminToken: config.auth.adminToken,
      configReport: () => effectiveSettings(process.env),
    },
  })
  const close = async () => {
    // A request that never ends must not hold the process: after the wait, its connection
    // is cut. A worker that still does not close is ended from outside (startSiteThreads).
    const timer = setTimeout(() => {
      log.warn('requests still running after the shutdown wait; closing their connections')
      app.server.closeAllConnections()
    }, options.closeTimeoutMs ?? CLOSE_TIMEOUT_MS)
    try {
      await app.close()
    } finally {
      clearTimeout(timer)
    }
    await store.close()
  }
  try {
    if (data.routesModule) {
      const { default: addRoutes } = (await import(data.routesModule)) as {
        default: (site: typeof app) => void | Promise<void>
      }
      await addRoutes(app)
    }
    // The kernel spreads new connections over every socket bound with SO_REUSEPORT. Fastify
    // hands these options to net's listen, whose `reusePort` its types do not name yet.
    const listenOn = { host: data.host, port: data.port, reusePort: data.thread.count > 1 }
    await app.listen(listenOn)
  } catch (error) {
    await close()
    throw error
  }
  const { address, port } = app.server.address() as AddressInfo
  return { address: `${address}:${port}`, close }
}
