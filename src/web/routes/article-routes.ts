import type { FastifyInstance } from 'fastify'
import { type Post, writeJson, writePage } from '../../content/index.ts'
import { writeMarkdown } from '../../content/markdown/index.ts'
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

/** `/posts/:slug` and its plain-text, Markdown and JSON forms. */
export function articleRoutes(app: FastifyInstance, { site, reads }: SiteDeps): void {
  app.get<{ Params: { file: string } }>('/posts/:file', async (request, reply) => {
    const match = POST_FILE.exec(request.params.file)
    const stored = match ? await reads.bySlug(match[1]!) : undefined
    if (!match || !stored)
      return reply.code(404).type(TYPES.html).send(notFoundPage(site, request.url))
    if (stored.reviewState === 'rejected')
      return reply.code(410).type(TYPES.html).send(gonePage(site))
    if (stored.reviewState === 'pending') reply.header('x-robots-tag', 'noindex')
    const post = JSON.parse(stored.document) as Post
    const format = (match[2] ?? 'html') as keyof typeof TYPES
    reply.type(TYPES[format])
    if (format !== 'html')
      reply.header('link', `<${site.publicUrl}/posts/${stored.slug}>; rel="canonical"`)
    if (format === 'json') return writeJson(post)
    if (format === 'md') return writeMarkdown(post)
    const similar = await reads.similar(stored)
    if (format === 'txt') return writePage(post, { similar: similar.map((link) => link.title) })
    return articlePage(site, stored, post, similar)
  })
}
