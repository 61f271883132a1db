import Fastify, { type FastifyInstance, LogController } from 'fastify'
import type { Logger } from 'pino'
import { createSearch } from '../search/index.ts'
import type { Store } from '../store/index.ts'
import { loadAssets } from './assets.ts'
import { type BuildInfo, healthRoutes } from './operations/health.ts'
import { siteMetrics } from './operations/metrics.ts'
import { requestId, requestLog } from './operations/request-log.ts'
import { securityHeaders } from './operations/security-headers.ts'
import { HttpProblem } from './problems.ts'
import { articleRoutes } from './routes/article-routes.ts'
import { assetRoutes } from './routes/asset-routes.ts'
import { crawlerRoutes } from './routes/crawler-routes.ts'
import { listRoutes } from './routes/list-routes.ts'
import { searchRoute } from './routes/search-route.ts'
import type { SiteDeps } from './site-deps.ts'
import { notFoundPage, problemPage } from './views/error-pages.ts'
import { SITEMAP_SHARD_SIZE } from './views/feeds.ts'

export interface SiteOptions {
  store: Store
  log: Logger
  /** The site's address as readers reach it, for canonical links, feeds and sitemaps. */
  publicUrl: string
  /** URLs per sitemap shard (default and maximum 50,000, the sitemaps.org limit). */
  sitemapShardSize?: number
  /** What is running, for /health. */
  build?: BuildInfo
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
  const metrics = siteMetrics(app, options.store)
  healthRoutes(app, options.store, options.build ?? { version: 'unknown', commit: 'unknown' })
  const deps: SiteDeps = {
    site: { name: 'alphanode', publicUrl: options.publicUrl, stylesheet: assets.get('site')!.path },
    reads: metrics.timeReads(options.store.createPostReads()),
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
      reply
        .code(status)
        .type(html)
        .send(problemPage(deps.site, 'Bad request', 'The request could not be understood.'))
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

  articleRoutes(app, deps)
  listRoutes(app, deps)
  searchRoute(app, deps)
  crawlerRoutes(app, deps)
  assetRoutes(app, deps)
  return app
}
