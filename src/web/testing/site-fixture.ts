import type { FastifyInstance } from 'fastify'
import pino, { type Logger } from 'pino'
import type { MetaMap, Post } from '../../content/index.ts'
import { rebuildRelated } from '../../related/index.ts'
import type { Store } from '../../store/index.ts'
import { writePosts } from '../../store/testing/seed-posts.ts'
import type { TestDatabase } from '../../store/testing/test-stores.ts'
import { synthesizePost } from '../../synth/index.ts'
import type { AdminOptions } from '../admin/admin-routes.ts'
import { createSite, type SiteCacheOptions } from '../server.ts'

export const PUBLIC_URL = 'https://articles.example.com'
export const HOSTILE_ID = 'hostile-000001'

/** Markup that would run script if any view forgot to escape it; each sets `window.__xss`. */
export const XSS = {
  script: '<script>window.__xss = "script"</script>',
  img: '<img src=x onerror="window.__xss = \'img\'">',
  attribute: '" onmouseover="window.__xss = \'attribute\'" x="',
  svg: '<svg onload="window.__xss = \'svg\'"></svg>',
  link: 'javascript:window.__xss = "link"',
}

/**
 * A synthesized post whose title, figure, body and meta at every nesting level carry
 * script-running markup; indexable, so it shows in lists, feeds and search.
 */
export function hostilePost(): Post {
  const post = synthesizePost(999_999)
  const meta: MetaMap = {
    ...post.meta,
    topic: `${XSS.script} hostile topic`,
    summary: `hostile summary ${XSS.img}`,
    tools: ['git', XSS.svg, XSS.link],
    score: { quality: 50, note: XSS.attribute },
    entities: [{ name: XSS.script, type: 'entity' }],
    flags: { needs_human_review: 0 },
    payload: { source_id: HOSTILE_ID, seed: 999_999 },
    notes: [XSS.img, 'hostile note'],
  }
  return {
    ...post,
    title: `hostile ${XSS.script} title`,
    intro: `hostile intro ${XSS.img}`,
    figure: { alt: XSS.attribute, caption: XSS.svg, url: XSS.link },
    sections: [
      ...post.sections,
      { heading: `hostile ${XSS.svg}`, blocks: [{ code: XSS.script, language: 'html' }] },
    ],
    meta,
  }
}

export interface SiteFixture {
  app: FastifyInstance
  store: Store
  posts: Post[]
  close(): Promise<void>
}

/** A site over a real database holding synthesized posts 0..count-1, the hostile post and their Similar Posts. */
export async function createSiteFixture(
  database: TestDatabase,
  options: {
    count?: number
    sitemapShardSize?: number
    log?: Logger
    publicUrl?: string
    cache?: SiteCacheOptions
    admin?: AdminOptions
  } = {},
): Promise<SiteFixture> {
  const store = await database.open()
  const posts = Array.from({ length: options.count ?? 120 }, (_, seed) => synthesizePost(seed))
  posts.push(hostilePost())
  await writePosts(store, posts)
  await rebuildRelated(store)
  const app = createSite({
    store,
    log: options.log ?? pino({ level: 'silent' }),
    publicUrl: options.publicUrl ?? PUBLIC_URL,
    build: { version: '9.9.9', commit: 'abc1234' },
    sitemapShardSize: options.sitemapShardSize,
    cache: options.cache,
    admin: options.admin,
  })
  await app.ready()
  return {
    app,
    store,
    posts,
    close: async () => {
      await app.close()
      await store.close()
    },
  }
}
