import type { FastifyInstance } from 'fastify'
import { ARCHIVES, archivePath, termSlugs } from '../paths.ts'
import type { SiteDeps } from '../site-deps.ts'
import { notFoundPage } from '../views/error-pages.ts'
import { atomFeed, pagesSitemap, postsSitemap, sitemapIndex } from '../views/feeds.ts'

const FEED_SIZE = 50
const XML = 'application/xml; charset=utf-8'

/** Feed, sitemaps and robots.txt: only posts readers may find (never those awaiting review). */
export function crawlerRoutes(
  app: FastifyInstance,
  { site, reads, sitemapShardSize }: SiteDeps,
): void {
  app.get('/feed.xml', async (_request, reply) => {
    reply.type('application/atom+xml; charset=utf-8')
    return atomFeed(site, await reads.newestIndexable(FEED_SIZE))
  })

  const shardCount = async () => Math.ceil((await reads.maxPostId()) / sitemapShardSize)

  app.get('/sitemap.xml', async (_request, reply) => {
    reply.type(XML)
    return sitemapIndex(site, await shardCount())
  })

  app.get('/sitemaps/pages.xml', async (_request, reply) => {
    const archivePages: string[] = []
    for (const archive of ARCHIVES)
      for (const [slug, term] of termSlugs(await reads.terms(archive.kind)))
        if (term.posts > 0) archivePages.push(archivePath(archive, slug))
    reply.type(XML)
    return pagesSitemap(site, archivePages)
  })

  app.get<{ Params: { shard: string } }>('/sitemaps/:shard', async (request, reply) => {
    const match = /^posts-([1-9]\d{0,4})\.xml$/.exec(request.params.shard)
    const shard = match ? Number(match[1]) : 0
    if (shard === 0 || shard > (await shardCount()))
      return reply.code(404).type('text/html; charset=utf-8').send(notFoundPage(site, request.url))
    const from = (shard - 1) * sitemapShardSize + 1
    reply.type(XML)
    return postsSitemap(site, await reads.sitemapRange(from, from + sitemapShardSize - 1))
  })

  app.get('/robots.txt', async (_request, reply) => {
    reply.type('text/plain; charset=utf-8')
    return `User-agent: *\nAllow: /\nDisallow: /search\nDisallow: /health\nDisallow: /metrics\n\nSitemap: ${site.publicUrl}/sitemap.xml\n`
  })
}
