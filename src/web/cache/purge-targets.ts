import { type Post, postTerms } from '../../content/index.ts'
import type { PostReads, PurgeTarget, Store } from '../../store/index.ts'
import { ARCHIVES, archivePath, postPath, termSlug, termSlugsByName } from '../paths.ts'
import { type CacheRules, groupsToPurge } from './cache-rules.ts'
import { groupTag, routeTag, ruleTag } from './cached-page.ts'
import type { PurgeMessage } from './redis-tier.ts'

// Lists that show every post, whatever its terms: each changes when any post does.
const PAGES_SHOWING_ANY_POST = [
  groupTag('/'),
  ...ARCHIVES.map((archive) => groupTag(archivePath(archive))),
  routeTag('/feed.xml'),
  routeTag('/sitemap.xml'),
  routeTag('/sitemaps/:shard'),
  routeTag('/search'),
]

/**
 * Turns purge targets into cache tags. A post names the pages that show it: its own page and
 * forms, the home page, the archive indexes (their counts), its own archives (every page),
 * the feed, the sitemaps, search results, and the articles that list it as a Similar Post.
 */
export async function purgeFor(
  targets: readonly PurgeTarget[],
  context: { rules: CacheRules; store: Store; reads: PostReads },
): Promise<PurgeMessage> {
  if (targets.some((target) => 'all' in target)) return { all: true }
  const tags = new Set<string>()
  const sourceIds: string[] = []
  const ownPages: string[] = []
  for (const target of targets) {
    if ('path' in target)
      for (const group of groupsToPurge(context.rules, pathOf(target.path)))
        tags.add(groupTag(group))
    else if ('rule' in target) tags.add(ruleTag(target.rule))
    else if ('post' in target) sourceIds.push(target.post)
    else if ('postPage' in target) ownPages.push(target.postPage)
  }
  if (ownPages.length > 0)
    for (const { slug } of await context.store.db
      .selectFrom('posts')
      .select('slug')
      .where('source_id', 'in', ownPages)
      .execute())
      tags.add(groupTag(postPath(slug)))
  if (sourceIds.length > 0) {
    for (const tag of PAGES_SHOWING_ANY_POST) tags.add(tag)
    const posts = await context.store.db
      .selectFrom('posts')
      .select(['slug', 'document'])
      .where('source_id', 'in', sourceIds)
      .execute()
    const citing = await context.store.db
      .selectFrom('related_posts')
      .innerJoin('posts as changed', 'changed.id', 'related_posts.related_id')
      .innerJoin('posts as citing', 'citing.id', 'related_posts.post_id')
      .select('citing.slug')
      .where('changed.source_id', 'in', sourceIds)
      .execute()
    for (const { slug } of citing) tags.add(groupTag(postPath(slug)))
    const slugsByKind = new Map<string, Map<string, string>>()
    for (const { slug, document } of posts) {
      tags.add(groupTag(postPath(slug)))
      for (const term of postTerms(JSON.parse(document) as Post)) {
        const archive = ARCHIVES.find((candidate) => candidate.kind === term.kind)
        if (!archive) continue
        let slugs = slugsByKind.get(term.kind)
        if (!slugs) {
          slugs = termSlugsByName(await context.reads.terms(term.kind))
          slugsByKind.set(term.kind, slugs)
        }
        tags.add(groupTag(archivePath(archive, slugs.get(term.name) ?? termSlug(term.name))))
      }
    }
  }
  return { tags: [...tags] }
}

/** The path of a purge argument, which may be a whole URL or carry a query. */
export function pathOf(target: string): string {
  const path = /^https?:\/\//.test(target) ? new URL(target).pathname : target.split(/[?#]/)[0]!
  return path === '' ? '/' : path
}
