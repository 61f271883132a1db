import type Database from 'better-sqlite3'
import type { Kysely } from 'kysely'
import { createPostReads, type PostReads, type StoredPost } from '../post-reads.ts'
import type { ReviewState, Tables } from '../schema.ts'

interface PostRow {
  id: number
  source_id: string
  slug: string
  title: string
  published_at: string | null
  review_state: ReviewState
  document: string
  updated_at: string
}

/**
 * The site's reads on SQLite: the two an article page runs on every request (the post, its
 * Similar Posts) as prepared statements, which run in a third of the time Kysely takes to
 * build and compile them (see README, Site speed); the rest as Kysely queries.
 */
export function createSqlitePostReads(db: Kysely<Tables>, native: Database.Database): PostReads {
  const reads = createPostReads(db)
  const bySlug = native.prepare<[string], PostRow>(
    `select id, source_id, slug, title, published_at, review_state, document, updated_at
     from posts where slug = ?`,
  )
  const similarOf = (hidden: string) =>
    native.prepare<[number], { slug: string; title: string; review_state: ReviewState }>(
      `select p.slug, p.title, p.review_state from related_posts r join posts p on p.id = r.related_id
       where r.post_id = ? and p.review_state not in (${hidden}) order by r.rank`,
    )
  const similarOfIndexable = similarOf("'pending', 'rejected'")
  const similarOfAwaiting = similarOf("'rejected'")
  return {
    ...reads,
    bySlug: async (slug) => {
      const row = bySlug.get(slug)
      if (!row) return undefined
      return {
        id: row.id,
        sourceId: row.source_id,
        slug: row.slug,
        title: row.title,
        publishedAt: row.published_at,
        reviewState: row.review_state,
        document: row.document,
        updatedAt: row.updated_at,
      } satisfies StoredPost
    },
    similar: async (post) => {
      const statement =
        post.reviewState === 'approved' || post.reviewState === 'not_required'
          ? similarOfIndexable
          : similarOfAwaiting
      return statement.all(post.id).map((row) => ({
        slug: row.slug,
        title: row.title,
        reviewState: row.review_state,
      }))
    },
  }
}
