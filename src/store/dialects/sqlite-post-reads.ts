import type Database from 'better-sqlite3'
import type { Kysely } from 'kysely'
import {
  createPostReads,
  type PostLink,
  type PostReads,
  SHOWN_ON_PAGE_SQL,
  type StoredPostRow,
  toStoredPost,
} from '../post-reads.ts'
import type { ReviewState, Tables } from '../schema.ts'

/**
 * An article page's one read: the post and, in the same statement, its Similar Posts as a
 * JSON array of [rank, slug, title, review state]. Each statement SQLite runs on its own
 * opens and closes a read transaction (file and WAL locks); one statement instead of two
 * took 78–84 µs against 108–112 µs a page at a million posts (docs/performance/site.md). The
 * list is sorted by rank here: ordering inside the aggregate would need a temporary b-tree.
 */
export const ARTICLE_SQL = `select id, source_id, slug, title, published_at, review_state, document, updated_at,
  (select json_group_array(json_array(r.rank, q.slug, q.title, q.review_state))
   from related_posts r join posts q on q.id = r.related_id
   where r.post_id = p.id and (${SHOWN_ON_PAGE_SQL})) as similar
  from posts p where p.slug = ?`

type SimilarCard = [rank: number, slug: string, title: string, reviewState: ReviewState]

const byRank = (a: SimilarCard, b: SimilarCard) => a[0] - b[0]

/**
 * The site's reads on SQLite: the ones an article page runs (the post with its Similar Posts,
 * or the post alone for its other forms) as prepared statements, which run in a third of the
 * time Kysely takes to build and compile them (docs/performance/site.md); the rest, `similar`
 * on its own included, as Kysely queries.
 */
export function createSqlitePostReads(db: Kysely<Tables>, native: Database.Database): PostReads {
  const reads = createPostReads(db)
  const bySlug = native.prepare<[string], StoredPostRow>(
    `select id, source_id, slug, title, published_at, review_state, document, updated_at
     from posts where slug = ?`,
  )
  const article = native.prepare<[string], StoredPostRow & { similar: string }>(ARTICLE_SQL)
  return {
    ...reads,
    bySlug: async (slug) => {
      const row = bySlug.get(slug)
      return row && toStoredPost(row)
    },
    article: async (slug) => {
      const row = article.get(slug)
      if (!row) return undefined
      const cards = (JSON.parse(row.similar) as SimilarCard[]).sort(byRank)
      return {
        post: toStoredPost(row),
        similar: cards.map(
          ([, slug, title, reviewState]): PostLink => ({ slug, title, reviewState }),
        ),
      }
    },
  }
}
