import type { Kysely } from 'kysely'

/** Posts by when they were last written: which posts an import run changed, for Similar Posts. */
export const indexPostUpdates = () => ({
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.createIndex('posts_updated_idx').on('posts').column('updated_at').execute()
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropIndex('posts_updated_idx').execute()
  },
})
