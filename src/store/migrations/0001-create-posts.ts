import { type Kysely, sql } from 'kysely'
import type { Capabilities } from '../capabilities.ts'

export const createPosts = (caps: Capabilities) => ({
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('posts')
      .addColumn('id', caps.identityType, (c) => c.primaryKey())
      .addColumn('source_id', 'text', (c) => c.notNull().unique())
      .addColumn('slug', 'text', (c) => c.notNull().unique())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('published_at', 'text')
      .addColumn('review_state', 'text', (c) => c.notNull())
      .addColumn('generated', 'integer', (c) => c.notNull())
      .addColumn('document', 'text', (c) => c.notNull())
      .addColumn('fingerprint', 'text', (c) => c.notNull())
      .addColumn('source_fingerprint', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute()
    // Home page and feeds: newest first. Review queue and sitemaps: by state, then date.
    await db.schema
      .createIndex('posts_published_idx')
      .on('posts')
      .columns(['published_at desc', 'id desc'])
      .execute()
    await db.schema
      .createIndex('posts_review_published_idx')
      .on('posts')
      .columns(['review_state', 'published_at desc', 'id desc'])
      .execute()
    // A re-import looks records up by the hash of their raw bytes before parsing them.
    await db.schema
      .createIndex('posts_source_fingerprint_idx')
      .on('posts')
      .column('source_fingerprint')
      .execute()

    await db.schema
      .createTable('terms')
      .addColumn('id', caps.identityType, (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addUniqueConstraint('terms_kind_name_unique', ['kind', 'name'])
      .execute()

    let postTerms = db.schema
      .createTable('post_terms')
      .addColumn('post_id', 'integer', (c) =>
        c.notNull().references('posts.id').onDelete('cascade'),
      )
      .addColumn('term_id', 'integer', (c) =>
        c.notNull().references('terms.id').onDelete('cascade'),
      )
      .addColumn('published_at', 'text')
      .addPrimaryKeyConstraint('post_terms_pk', ['post_id', 'term_id'])
    // The primary key is the table itself: no hidden rowid to keep in step.
    if (caps.fullText === 'fts5') postTerms = postTerms.modifyEnd(sql`without rowid`)
    await postTerms.execute()
    // An archive page (posts with one term, newest first) and its count read only this index.
    await db.schema
      .createIndex('post_terms_archive_idx')
      .on('post_terms')
      .columns(['term_id', 'published_at desc', 'post_id desc'])
      .execute()
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('post_terms').execute()
    await db.schema.dropTable('terms').execute()
    await db.schema.dropTable('posts').execute()
  },
})
