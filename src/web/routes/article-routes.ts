import type { FastifyInstance } from 'fastify'
import { type Post, writeJson, writePage } from '../../content/index.ts'
import { writeMarkdown } from '../../content/markdown/index.ts'
import type { ArticleReads } from '../../store/index.ts'
import type { SiteDeps } from '../site-deps.ts'
import { articlePage } from '../views/article-page.ts'
import { gonePage, notFoundPage } from '../views/error-pages.ts'

const POST_FILE = /^([a-z0-9]+(?:-[a-z0-9]+)*)(?:\.(txt|md|json))?$/

const TYPES = {
  html: 'text/html; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  json: 'application/json; charset=utf-8',
} as const

// The page and the plain text show Similar Posts: those are read with the post, in one go.
async function readPost(
  reads: SiteDeps['reads'],
  slug: string,
  format: keyof typeof TYPES,
): Promise<ArticleReads | undefined> {
  if (format === 'html' || format === 'txt') return reads.article(slug)
  const post = await reads.bySlug(slug)
  return post && { post, similar: [] }
}

/** `/posts/:slug` and its plain-text, Markdown and JSON forms. */
export function articleRoutes(app: FastifyInstance, { site, reads, terms }: SiteDeps): void {
  app.get<{ Params: { file: string } }>('/posts/:file', async (request, reply) => {
    const match = POST_FILE.exec(request.params.file)
    const format = (match?.[2] ?? 'html') as keyof typeof TYPES
    const found = match ? await readPost(reads, match[1]!, format) : undefined
    if (!found) return reply.code(404).type(TYPES.html).send(notFoundPage(site, request.url))
    const { post: stored, similar } = found
    if (stored.reviewState === 'rejected')
      return reply.code(410).type(TYPES.html).send(gonePage(site))
    if (stored.reviewState === 'pending') reply.header('x-robots-tag', 'noindex')
    const post = JSON.parse(stored.document) as Post
    reply.type(TYPES[format])
    if (format !== 'html')
      reply.header('link', `<${site.publicUrl}/posts/${stored.slug}>; rel="canonical"`)
    if (format === 'json') return writeJson(post)
    if (format === 'md') return writeMarkdown(post)
    if (format === 'txt') return writePage(post, { similar: similar.map((link) => link.title) })
    return terms.settled(() => articlePage(site, stored, post, similar))
  })
}
