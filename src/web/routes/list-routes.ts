import type { FastifyInstance } from 'fastify'
import { ARCHIVES, archivePath, termSlugs, withPage } from '../paths.ts'
import { HttpProblem, pageNumber } from '../problems.ts'
import type { SiteDeps } from '../site-deps.ts'
import { notFoundPage } from '../views/error-pages.ts'
import { archiveIndexPage, archivePage, homePage } from '../views/list-pages.ts'

const PAGE_SIZE = 20
const HTML = 'text/html; charset=utf-8'

type PageQuery = { Querystring: { page?: string } }

/** The home page and the archives by stack, tool, difficulty and problem. */
export function listRoutes(app: FastifyInstance, { site, reads, terms }: SiteDeps): void {
  const beyondTheEnd = () =>
    new HttpProblem(404, 'No such page', 'This list has fewer pages. Go back to its first page.')

  app.get<PageQuery>('/', async (request, reply) => {
    const page = pageNumber(request.query.page)
    const slice = await reads.newest(page, PAGE_SIZE)
    if (page > 1 && slice.items.length === 0) throw beyondTheEnd()
    reply.type(HTML)
    return terms.settled(() =>
      homePage(site, slice.items, { page, more: slice.more, href: (n) => withPage('/', n) }),
    )
  })

  for (const archive of ARCHIVES) {
    app.get(archivePath(archive), async (_request, reply) => {
      reply.type(HTML)
      return archiveIndexPage(site, archive, await reads.terms(archive.kind))
    })

    app.get<PageQuery & { Params: { slug: string } }>(
      `/${archive.segment}/:slug`,
      async (request, reply) => {
        const page = pageNumber(request.query.page)
        const term = termSlugs(await reads.terms(archive.kind)).get(request.params.slug)
        // A term no post carries any longer keeps its slug, but has no archive to show.
        if (!term || term.posts === 0)
          return reply.code(404).type(HTML).send(notFoundPage(site, request.url))
        const pages = Math.max(1, Math.ceil(term.posts / PAGE_SIZE))
        if (page > pages) throw beyondTheEnd()
        const slice = await reads.archive(term.id, page, PAGE_SIZE)
        reply.type(HTML)
        return terms.settled(() =>
          archivePage(site, archive, term, slice.items, {
            page,
            pages,
            more: slice.more,
            href: (n) => archivePath(archive, request.params.slug, n),
          }),
        )
      },
    )
  }
}
