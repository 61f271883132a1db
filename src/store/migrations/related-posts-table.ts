import { type Kysely, type RawBuilder, sql } from 'kysely'

/**
 * Puts `related_posts_next`, just made by a migration, in the place of `related_posts`: the
 * rows in key order (those `where` keeps, when given), then the index by listed post.
 */
export async function replaceRelatedPosts(
  db: Kysely<unknown>,
  where: RawBuilder<unknown> = sql``,
): Promise<void> {
  await sql`insert into related_posts_next (post_id, rank, related_id, score)
    select post_id, rank, related_id, score from related_posts r ${where}
    order by post_id, rank`.execute(db)
  await db.schema.dropTable('related_posts').execute()
  await db.schema.alterTable('related_posts_next').renameTo('related_posts').execute()
  // When a post changes, the posts that list it must be found to refresh their lists.
  await db.schema
    .createIndex('related_posts_related_idx')
    .on('related_posts')
    .column('related_id')
    .execute()
}
