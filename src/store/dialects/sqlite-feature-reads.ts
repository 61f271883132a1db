import type Database from 'better-sqlite3'
import type { FeaturePage, ReadFeaturePage } from '../feature-reads.ts'

/**
 * Stored features on SQLite: one prepared statement returning rows as arrays. Through Kysely
 * a page of 5,000 took twice as long, and a Similar Posts update reads a million rows.
 */
export function createSqliteFeaturePageReader(native: Database.Database): ReadFeaturePage {
  const page = native
    .prepare<[number, number, number], FeaturePage[number]>(
      'select post_id, features from post_features where post_id > ? and post_id < ? order by post_id limit ?',
    )
    .raw()
  return async (after, before, limit) => page.all(after, before, limit)
}
