import type { Kysely } from 'kysely'

/** Similar Posts, precomputed: each post's suggestions in rank order, never computed per request. */
export const createRelated = () => ({
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('related_posts')
      .addColumn('post_id', 'integer', (c) =>
        c.notNull().references('posts.id').onDelete('cascade'),
      )
      .addColumn('rank', 'integer', (c) => c.notNull())
      .addColumn('related_id', 'integer', (c) =>
        c.notNull().references('posts.id').onDelete('cascade'),
      )
      .addColumn('score', 'real', (c) => c.notNull())
      .addPrimaryKeyConstraint('related_posts_pk', ['post_id', 'rank'])
      .execute()
    // When a post changes, the posts that list it must be found to refresh their lists.
    await db.schema
      .createIndex('related_posts_related_idx')
      .on('related_posts')
      .column('related_id')
      .execute()
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('related_posts').execute()
  },
})
