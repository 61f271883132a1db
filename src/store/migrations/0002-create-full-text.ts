import { type Kysely, sql } from 'kysely'
import type { Capabilities } from '../capabilities.ts'

/**
 * The full-text index: SQLite FTS5 (contentless: the text lives in posts.document, so it is
 * not stored twice) or PostgreSQL tsvector with a GIN index, weighted title > headings > body.
 */
export const createFullText = (caps: Capabilities) => ({
  async up(db: Kysely<unknown>): Promise<void> {
    if (caps.fullText === 'fts5') {
      await sql`create virtual table posts_fts using fts5(
        title, headings, body, meta,
        content = '', contentless_delete = 1,
        tokenize = 'porter unicode61 remove_diacritics 2'
      )`.execute(db)
      return
    }
    await db.schema
      .createTable('post_search')
      .addColumn('post_id', 'bigint', (c) =>
        c.primaryKey().references('posts.id').onDelete('cascade'),
      )
      .addColumn('search', sql`tsvector`, (c) => c.notNull())
      .execute()
    await sql`create index post_search_gin_idx on post_search using gin (search)`.execute(db)
  },
  async down(db: Kysely<unknown>): Promise<void> {
    if (caps.fullText === 'fts5') await sql`drop table posts_fts`.execute(db)
    else await db.schema.dropTable('post_search').execute()
  },
})
