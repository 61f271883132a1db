import { type Kysely, sql } from 'kysely'
import type { Capabilities } from '../capabilities.ts'

export const SLUG_INDEX = 'posts_slug_idx'

/**
 * Slugs stay unique through an index of our own name instead of the column's UNIQUE
 * constraint, so that a first load can drop it and build it at its end like the other
 * deferred indexes (store/deferred-indexes.ts). Slugs begin with title words: every post
 * lands at a random place in their index, which at a million posts outgrows the importer's
 * page cache (docs/performance/import.md).
 *
 * SQLite cannot drop the index of a UNIQUE constraint without rebuilding the table, and a
 * table whose rows other tables reference can only be rebuilt with foreign keys off, which a
 * migration's transaction cannot turn off. So an empty `posts` is made again without the
 * constraint; a `posts` with rows keeps it and gains the named index beside it, and such an
 * archive never has a first load to defer it for.
 */
export const nameSlugIndex = (caps: Capabilities) => ({
  async up(db: Kysely<unknown>): Promise<void> {
    if (caps.indexCatalog === 'pg_indexes') {
      await sql`alter table posts drop constraint posts_slug_key`.execute(db)
    } else if (!(await hasRows(db))) {
      await recreateSqlitePosts(db, (table) => {
        const unconstrained = table.replace('"slug" text not null unique', '"slug" text not null')
        if (unconstrained === table) throw new Error(`posts.slug is not as 0001 made it: ${table}`)
        return unconstrained
      })
    }
    // Left in place by `down` where nothing else kept slugs unique.
    await db.schema
      .createIndex(SLUG_INDEX)
      .ifNotExists()
      .unique()
      .on('posts')
      .column('slug')
      .execute()
  },
  async down(db: Kysely<unknown>): Promise<void> {
    if (caps.indexCatalog === 'pg_indexes') {
      await db.schema.dropIndex(SLUG_INDEX).execute()
      await sql`alter table posts add constraint posts_slug_key unique (slug)`.execute(db)
    } else if (await slugConstrainedByColumn(db)) {
      await db.schema.dropIndex(SLUG_INDEX).execute()
    }
    // Otherwise the named index is all that keeps slugs unique, and it stays.
  },
})

const hasRows = async (db: Kysely<unknown>): Promise<boolean> =>
  (await sql`select 1 from posts limit 1`.execute(db)).rows.length > 0

/** On SQLite: whether the index of the column's own UNIQUE constraint still covers posts.slug. */
export async function slugConstrainedByColumn<DB>(db: Kysely<DB>): Promise<boolean> {
  const { rows } = await sql<{ name: string }>`select l.name from pragma_index_list('posts') l
    join pragma_index_info(l.name) i where l.origin = 'u' and i.name = 'slug'`.execute(db)
  return rows.length > 0
}

/** Drops an empty posts table and makes it again from its own SQL, changed, with its indexes. */
async function recreateSqlitePosts(
  db: Kysely<unknown>,
  change: (tableSql: string) => string,
): Promise<void> {
  const { rows } = await sql<{ type: string; sql: string }>`select type, sql from sqlite_master
    where tbl_name = 'posts' and sql is not null order by type = 'table' desc, rowid`.execute(db)
  const [table, ...dependents] = rows
  if (table?.type !== 'table') throw new Error('no posts table to recreate')
  await db.schema.dropTable('posts').execute()
  await sql.raw(change(table.sql)).execute(db)
  for (const dependent of dependents) await sql.raw(dependent.sql).execute(db)
}
