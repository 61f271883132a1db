import type { FastifyInstance } from 'fastify'
import { pageNumber, queryText } from '../problems.ts'
import type { SiteDeps } from '../site-deps.ts'
import { type SearchForm, searchPage } from '../views/search-page.ts'

/** Search results go no deeper than this; past it, a narrower query serves readers better. */
const MAX_SEARCH_PAGE = 50

type SearchQuerystring = { Querystring: Record<string, string | string[] | undefined> }

/** `/search`: any text is safe here; it is reduced to words before the database sees it. */
export function searchRoute(app: FastifyInstance, { site, reads, search, terms }: SiteDeps): void {
  app.get<SearchQuerystring>('/search', async (request, reply) => {
    const query = request.query
    const form: SearchForm = {
      q: queryText(query.q).trim(),
      stack: queryText(query.stack, 120),
      tool: queryText(query.tool, 120),
      difficulty: queryText(query.difficulty, 120),
    }
    const page = pageNumber(queryText(query.page) || undefined, MAX_SEARCH_PAGE)
    const choices = async (kind: string) =>
      (await reads.terms(kind)).filter((term) => term.posts > 0)
    const [stack, tool, difficulty] = await Promise.all([
      choices('stack'),
      choices('tool'),
      choices('difficulty'),
    ])
    const result = form.q
      ? await search.search({
          text: form.q,
          filters: { stack: form.stack, tool: form.tool, difficulty: form.difficulty },
          page,
        })
      : undefined
    if (result && page > 1 && result.hits.length === 0) reply.code(404)
    reply.type('text/html; charset=utf-8').header('x-robots-tag', 'noindex')
    return terms.settled(() => searchPage(site, form, { stack, tool, difficulty }, result))
  })
}
