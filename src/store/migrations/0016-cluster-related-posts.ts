import { type Kysely, sql } from 'kysely'
import type { Capabilities } from '../capabilities.ts'
import { replaceRelatedPosts } from './related-posts-table.ts'

/**
 * On SQLite, Similar Posts rows are stored in their key's order (a WITHOUT ROWID table): a
 * post's list is one range of one b-tree. Before, the key (post_id, rank) was an index beside
 * a rowid table, so an article page's read went from the index to the table once per listed
 * post, every written row went into both, and the index took 79 MB of a million posts'
 * database. Measured at a million: 8% fewer file reads per article, and a whole Similar Posts
 * rebuild 10–25% shorter (docs/performance/site.md). PostgreSQL keeps rows in a heap whatever the
 * table says: nothing to change there.
 */
export const clusterRelatedPosts = (caps: Capabilities) => ({
  async up(db: Kysely<unknown>): Promise<void> {
    if (caps.indexCatalog === 'sqlite_master') await recreate(db, true)
  },
  async down(db: Kysely<unknown>): Promise<void> {
    if (caps.indexCatalog === 'sqlite_master') await recreate(db, false)
  },
})

async function recreate(db: Kysely<unknown>, clustered: boolean): Promise<void> {
  const table = db.schema
    .createTable('related_posts_next')
    .addColumn('post_id', 'integer', (c) => c.notNull())
    .addColumn('rank', 'integer', (c) => c.notNull())
    .addColumn('related_id', 'integer', (c) => c.notNull())
    .addColumn('score', 'real', (c) => c.notNull())
    .addPrimaryKeyConstraint('related_posts_unlinked_pk', ['post_id', 'rank'])
  await (clustered ? table.modifyEnd(sql`without rowid`) : table).execute()
  await replaceRelatedPosts(db)
}
