import { type Kysely, type RawBuilder, sql } from 'kysely'
import {
  createPostReads,
  type PostReads,
  SHOWN_ON_PAGE_SQL,
  type StoredPostRow,
  toStoredPost,
} from '../post-reads.ts'
import type { ReviewState, Tables } from '../schema.ts'

type ArticleRow = StoredPostRow & {
  similar: Array<[slug: string, title: string, reviewState: ReviewState]>
}

/**
 * An article page's one query on PostgreSQL: the post and its Similar Posts, aggregated in
 * rank order, so a page costs one round trip to the server instead of two.
 */
export const postgresArticleQuery = (slug: string): RawBuilder<ArticleRow> =>
  sql<ArticleRow>`select id, source_id, slug, title, published_at, review_state, document, updated_at,
    coalesce((select json_agg(json_build_array(q.slug, q.title, q.review_state) order by r.rank)
      from related_posts r join posts q on q.id = r.related_id
      where r.post_id = p.id and (${sql.raw(SHOWN_ON_PAGE_SQL)})), '[]'::json) as similar
    from posts p where p.slug = ${slug}`

/** The site's reads on PostgreSQL: the portable ones, with the article page's in one query. */
export function createPostgresPostReads(db: Kysely<Tables>): PostReads {
  return {
    ...createPostReads(db),
    article: async (slug) => {
      const row = (await postgresArticleQuery(slug).execute(db)).rows[0]
      return (
        row && {
          post: toStoredPost(row),
          similar: row.similar.map(([slug, title, reviewState]) => ({ slug, title, reviewState })),
        }
      )
    },
  }
}
