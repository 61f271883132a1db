// One thread of `alphanode serve`: a whole site on its own connection to the database,
// listening on the port the process's other site threads share.
import { parentPort, workerData } from 'node:worker_threads'
import { effectiveSettings } from '../config-report.ts'
import { createLogger } from '../log.ts'
import { openStore } from '../store/index.ts'
import { createSite, loadCacheRules } from '../web/index.ts'
import type { SiteThreadData, ThreadMessage } from './site-threads.ts'

const data = workerData as SiteThreadData
const { config } = data
const log = createLogger({ logLevel: data.logLevel }).child({ thread: data.thread.index })
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
parentPort!.postMessage({ kind: 'listening' } satisfies ThreadMessage)
parentPort!.on('message', async (message: ThreadMessage) => {
  if (message.kind !== 'close') return
  await app.close()
  await store.close()
  log.flush()
  parentPort!.close()
})
