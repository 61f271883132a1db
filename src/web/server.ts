import { hostname } from 'node:os'
import Fastify, { type FastifyInstance, LogController } from 'fastify'
import type { Logger } from 'pino'
import { Registry } from 'prom-client'
import { createSearch } from '../search/index.ts'
import type { Store } from '../store/index.ts'
import { type AdminOptions, adminRoutes } from './admin/admin-routes.ts'
import { loadAssets } from './assets.ts'
import { cacheHooks } from './cache/cache-hooks.ts'
import { type CacheRules, loadCacheRules } from './cache/cache-rules.ts'
import { createPageCache, type PageCache } from './cache/page-cache.ts'
import { followPurgeLog, type PurgeLogFollower } from './cache/purge-log-follower.ts'
import { createRedisTier } from './cache/redis-tier.ts'
import { type BuildInfo, healthRoutes } from './operations/health.ts'
import { siteMetrics } from './operations/metrics.ts'
import { requestId, requestLog } from './operations/request-log.ts'
import { requestStats } from './operations/request-stats.ts'
import { securityHeaders } from './operations/security-headers.ts'
import { statusRoutes } from './operations/status-routes.ts'
import { oncePer } from './operations/throttle.ts'
import { HttpProblem } from './problems.ts'
import { articleRoutes } from './routes/article-routes.ts'
import { assetRoutes } from './routes/asset-routes.ts'
import { crawlerRoutes } from './routes/crawler-routes.ts'
import { listRoutes } from './routes/list-routes.ts'
import { searchRoute } from './routes/search-route.ts'
import type { SiteDeps } from './site-deps.ts'
import { termLinks } from './term-links.ts'
import { type SiteThread, threadPeers } from './thread-peers.ts'
import { notFoundPage, problemPage } from './views/error-pages.ts'
import { SITEMAP_SHARD_SIZE } from './views/feeds.ts'

const CLIENT_ERRORS: Record<number, [string, string]> = {
  400: ['Bad request', 'The request could not be understood.'],
  403: [
    'Form expired',
    'The form was too old or came from elsewhere. Reload the page and try again.',
  ],
  429: ['Too many attempts', 'Wait a minute, then try again.'],
}

export interface SiteOptions {
  store: Store
  log: Logger
  /** The site's address as readers reach it, for canonical links, feeds and sitemaps. */
  publicUrl: string
  /** URLs per sitemap shard (default and maximum 50,000, the sitemaps.org limit). */
  sitemapShardSize?: number
  /** What is running, for /health. */
  build?: BuildInfo
  cache?: SiteCacheOptions
  admin?: AdminOptions
  /** This process among the web nodes, for the status page's figures (default host:pid). */
  node?: string
  /** One of several threads of this process serving one port (default: the only one). */
  thread?: SiteThread
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The site's page cache and rules, for the admin routes and tests. */
    siteCache: {
      rules: CacheRules
      pages: PageCache
      /** Applies the purge log now instead of at the next tick. */
      syncPurgeLog(): Promise<void>
      /** Tells the site's other threads, if any, that the purge log has grown. */
      announcePurge(): void
    }
  }
}

export interface SiteCacheOptions {
  /** Default: config/cache-rules.yaml. */
  rules?: CacheRules
  /** Bytes of pages this process keeps (default 64 MiB; 0: none, every hit from Redis). */
  memoryBytes?: number
  /** `redis://…`: a cache shared by every web node, with purges over pub/sub. */
  redisUrl?: string
  /** Key and channel namespace in Redis (default `alphanode:cache:`). */
  redisPrefix?: string
  /** How often the database's purge log is read (default 1000 ms). */
  purgeLogIntervalMs?: number
}

/** The site as a Fastify app, ready to `listen` or `inject`; the caller closes the store. */
export function createSite(options: SiteOptions): FastifyInstance {
  const app = Fastify({
    loggerInstance: options.log,
    genReqId: requestId,
    // One line per request from requestLog, with the route and duration, instead of two.
    logController: new LogController({ disableRequestLogging: true }),
    // No route takes a body yet: anything larger than a form is refused.
    bodyLimit: 64 * 1024,
    // A slug is up to 80 characters of title plus the source id: over Fastify's default of 100.
    routerOptions: { maxParamLength: 300 },
  }) as unknown as FastifyInstance
  const assets = loadAssets()
  requestLog(app)
  securityHeaders(app, options.publicUrl)
  // Before any route: the cache rules are attached to routes as they are registered.
  const registry = new Registry()
  const cache = siteCache(app, options, registry)
  let follower: PurgeLogFollower | undefined
  const { thread } = options
  const threads = thread && {
    thread,
    peers: threadPeers(thread, {
      metrics: () => registry.getMetricsAsJSON(),
      purgeLogged: () => void follower?.poll(),
    }),
  }
  const peers = threads?.peers
  const metrics = siteMetrics(app, options.store, registry, threads)
  healthRoutes(app, options.store, options.build ?? { version: 'unknown', commit: 'unknown' })
  const processNode = `${hostname()}:${process.pid}`
  const stats = requestStats(app, {
    store: options.store,
    // Each thread keeps its own minutes: one node row each, so none overwrites another's.
    node: options.node ?? (thread ? `${processNode}#${thread.index}` : processNode),
    log: options.log,
  })
  const untimed = options.store.createPostReads()
  const reads = metrics.timeReads(untimed)
  // Background readings of a few hundred rows: not the requests' reads the metric times.
  const terms = termLinks(untimed)
  const deps: SiteDeps = {
    site: {
      name: 'alphanode',
      publicUrl: options.publicUrl,
      stylesheet: assets.get('site')!.path,
      termHref: terms.href,
    },
    terms,
    reads,
    search: createSearch(options.store),
    assets,
    sitemapShardSize: Math.min(options.sitemapShardSize ?? SITEMAP_SHARD_SIZE, SITEMAP_SHARD_SIZE),
  }
  const html = 'text/html; charset=utf-8'

  app.setNotFoundHandler((request, reply) => {
    reply.code(404).type(html).send(notFoundPage(deps.site, request.url))
  })
  app.setErrorHandler((error, request, reply) => {
    if (error instanceof HttpProblem) {
      reply
        .code(error.status)
        .type(html)
        .send(problemPage(deps.site, error.title, error.message))
      return
    }
    const status = (error as { statusCode?: number }).statusCode
    if (status !== undefined && status >= 400 && status < 500) {
      const [title, message] = CLIENT_ERRORS[status] ?? CLIENT_ERRORS[400]!
      reply
        .code(status)
        .type(html)
        .send(problemPage(deps.site, title, message))
      return
    }
    request.log.error({ err: error }, 'request failed')
    reply
      .code(500)
      .type(html)
      .send(
        problemPage(
          deps.site,
          'Something went wrong',
          'The page could not be built. The error is logged; please try again in a moment.',
        ),
      )
  })

  app.decorate('siteCache', {
    ...cache,
    syncPurgeLog: async () => {
      await follower?.poll()
    },
    announcePurge: () => peers?.announcePurge(),
  })
  app.addHook('onReady', async () => {
    await terms.refresh()
    follower = await followPurgeLog({
      store: options.store,
      reads: deps.reads,
      cache: cache.pages,
      rules: cache.rules,
      log: options.log,
      intervalMs: options.cache?.purgeLogIntervalMs ?? 1000,
    })
  })
  app.addHook('onClose', async () => {
    peers?.close()
    await follower?.stop()
    await cache.pages.close()
  })

  app.register(async (admin) =>
    adminRoutes(
      admin,
      { ...deps, store: options.store },
      {
        ...options.admin,
        redisUrl: options.admin?.redisUrl ?? options.cache?.redisUrl,
        secure: options.publicUrl.startsWith('https://'),
      },
    ),
  )
  statusRoutes(app, { store: options.store, stats, site: deps.site, log: options.log })
  articleRoutes(app, deps)
  listRoutes(app, deps)
  searchRoute(app, deps)
  crawlerRoutes(app, deps)
  assetRoutes(app, deps)
  return app
}

function siteCache(app: FastifyInstance, options: SiteOptions, registry: Registry) {
  const rules = options.cache?.rules ?? loadCacheRules()
  const due = oncePer(10_000)
  const onError = (error: Error) => {
    if (!due()) return
    options.log.warn({ err: error }, 'redis cache unavailable; rendering without it')
  }
  const redisUrl = options.cache?.redisUrl
  const pages = createPageCache({
    memoryBytes: options.cache?.memoryBytes ?? 64 * 1024 * 1024,
    redis: redisUrl
      ? createRedisTier({ url: redisUrl, prefix: options.cache?.redisPrefix, onError })
      : undefined,
    onError,
  })
  cacheHooks(app, { rules, cache: pages, registry })
  return { rules, pages }
}
