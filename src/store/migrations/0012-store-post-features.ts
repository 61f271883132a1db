import type { Kysely } from 'kysely'
import type { Capabilities } from '../capabilities.ts'

/**
 * Each post's Similar Posts features, kept between runs. Feature weights depend on the whole
 * archive, so an update after adding a thousand posts used to read and parse all million
 * documents again (44 s of its 45); with the features stored it reads some 140 bytes a post.
 * A post's row is stale when its `updated_at` differs from the post's, or it was made by
 * another version of the extraction code; rows go with their post.
 */
export const storePostFeatures = (caps: Capabilities) => ({
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('feature_names')
      .addColumn('id', caps.identityType, (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull().unique())
      .execute()
    await db.schema
      .createTable('post_features')
      .addColumn('post_id', 'integer', (c) =>
        c.primaryKey().references('posts.id').onDelete('cascade'),
      )
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('features', caps.bytesType, (c) => c.notNull())
      .execute()
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('post_features').execute()
    await db.schema.dropTable('feature_names').execute()
  },
})
