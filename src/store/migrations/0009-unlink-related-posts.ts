import { type Kysely, sql } from 'kysely'
import { replaceRelatedPosts } from './related-posts-table.ts'

/**
 * Similar Posts rows lose their foreign keys. The table is derived data, rewritten whole by a
 * rebuild from ids it has just read, and every reader joins it to posts, so a row naming a
 * missing post never shows; meanwhile each inserted row's two key checks were random reads
 * into the posts table (rows that hold whole documents): two thirds of writing the lists.
 */
export const unlinkRelatedPosts = () => ({
  async up(db: Kysely<unknown>): Promise<void> {
    await recreate(db, false)
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await recreate(db, true)
  },
})

async function recreate(db: Kysely<unknown>, linked: boolean): Promise<void> {
  await db.schema
    .createTable('related_posts_next')
    .addColumn('post_id', 'integer', (c) =>
      linked ? c.notNull().references('posts.id').onDelete('cascade') : c.notNull(),
    )
    .addColumn('rank', 'integer', (c) => c.notNull())
    .addColumn('related_id', 'integer', (c) =>
      linked ? c.notNull().references('posts.id').onDelete('cascade') : c.notNull(),
    )
    .addColumn('score', 'real', (c) => c.notNull())
    // PostgreSQL names constraints per schema: the old table's name is still taken here.
    .addPrimaryKeyConstraint(linked ? 'related_posts_pk' : 'related_posts_unlinked_pk', [
      'post_id',
      'rank',
    ])
    .execute()
  // Going back to foreign keys, rows naming a missing post are left behind.
  await replaceRelatedPosts(
    db,
    linked
      ? sql`where exists (select 1 from posts where posts.id = r.post_id)
          and exists (select 1 from posts where posts.id = r.related_id)`
      : undefined,
  )
}
