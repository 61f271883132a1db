import type Database from 'better-sqlite3'
import type { RelatedWriter } from '../related-writer.ts'

/**
 * The Similar Posts writer for SQLite: one cached insert per row, which spares Kysely's
 * building and compiling of multi-row statements (writing 5,000,000 rows at a million
 * posts: 19–24 s, against about 40 s). Tried and not adopted: dropping the index of who
 * lists whom for the load and building it again at the end sorted in memory (this
 * connection keeps temporary storage there, and that cannot change inside the rebuild's
 * transaction): 180–280 MB more at the peak, for no clear gain in time.
 */
export function createSqliteRelatedWriter(native: Database.Database): RelatedWriter {
  const insert = native.prepare(
    'insert into related_posts (post_id, rank, related_id, score) values (?, ?, ?, ?)',
  )
  return {
    begin: async () => {
      native.prepare('delete from related_posts').run()
    },
    write: async (_db, rows) => {
      for (const row of rows) insert.run(row.postId, row.rank, row.relatedId, row.score)
    },
  }
}
