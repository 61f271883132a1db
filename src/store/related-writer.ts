import type { Kysely, Transaction } from 'kysely'
import type { Tables } from './schema.ts'

type Db = Kysely<Tables> | Transaction<Tables>

/** One suggestion: `relatedId` is the `rank`th Similar Post on `postId`'s page. */
export interface RelatedRow {
  postId: number
  rank: number
  relatedId: number
  score: number
}

/**
 * Replaces every stored Similar Posts list inside the caller's transaction: `begin` deletes
 * them, then `write` adds the new lists in post id order. Readers keep seeing the old lists
 * until the transaction commits.
 */
export interface RelatedWriter {
  begin(db: Db): Promise<void>
  write(db: Db, rows: readonly RelatedRow[]): Promise<void>
}

const ROWS_PER_INSERT = 2000

/** The portable writer: multi-row inserts through Kysely. */
export function createRelatedWriter(): RelatedWriter {
  return {
    begin: async (db) => {
      await db.deleteFrom('related_posts').execute()
    },
    write: async (db, rows) => {
      for (let at = 0; at < rows.length; at += ROWS_PER_INSERT)
        await db
          .insertInto('related_posts')
          .values(
            rows.slice(at, at + ROWS_PER_INSERT).map((row) => ({
              post_id: row.postId,
              rank: row.rank,
              related_id: row.relatedId,
              score: row.score,
            })),
          )
          .execute()
    },
  }
}
