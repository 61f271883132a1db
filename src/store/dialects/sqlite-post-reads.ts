import type Database from 'better-sqlite3'
import type { Kysely } from 'kysely'
import {
  createPostReads,
  hiddenFromPageOf,
  type PostReads,
  type StoredPostRow,
  toPostLink,
  toStoredPost,
} from '../post-reads.ts'
import type { ReviewState, Tables } from '../schema.ts'

/**
 * The site's reads on SQLite: the two an article page runs on every request (the post, its
 * Similar Posts) as prepared statements, which run in a third of the time Kysely takes to
 * build and compile them (see README, Site speed); the rest as Kysely queries.
 */
export function createSqlitePostReads(db: Kysely<Tables>, native: Database.Database): PostReads {
  const reads = createPostReads(db)
  const bySlug = native.prepare<[string], StoredPostRow>(
    `select id, source_id, slug, title, published_at, review_state, document, updated_at
     from posts where slug = ?`,
  )
  // One statement per review state, each with its hidden states written into the SQL.
  const similar = new Map(
    (['approved', 'not_required', 'pending', 'rejected'] as const).map((state) => [
      state,
      native.prepare<[number], { slug: string; title: string; review_state: ReviewState }>(
        `select p.slug, p.title, p.review_state from related_posts r join posts p on p.id = r.related_id
         where r.post_id = ? and p.review_state not in (${hiddenFromPageOf(state)
           .map((hidden) => `'${hidden}'`)
           .join(', ')}) order by r.rank`,
      ),
    ]),
  )
  return {
    ...reads,
    bySlug: async (slug) => {
      const row = bySlug.get(slug)
      return row && toStoredPost(row)
    },
    similar: async (post) => similar.get(post.reviewState)!.all(post.id).map(toPostLink),
  }
}
