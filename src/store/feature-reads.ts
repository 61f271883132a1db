import type { Kysely } from 'kysely'
import type { Tables } from './schema.ts'

/** A page of stored Similar Posts features: post ids ascending, each with its encoded numbers. */
export type FeaturePage = Array<[postId: number, features: Uint8Array]>

/**
 * Reads stored features a page at a time: posts with `after < id < before`, at most `limit`.
 * A Similar Posts update reads every post's, so this is one of its longest steps.
 */
export type ReadFeaturePage = (after: number, before: number, limit: number) => Promise<FeaturePage>

/** The portable reader: a Kysely query. */
export const createFeaturePageReader =
  (db: Kysely<Tables>): ReadFeaturePage =>
  async (after, before, limit) =>
    (
      await db
        .selectFrom('post_features')
        .select(['post_id', 'features'])
        .where('post_id', '>', after)
        .where('post_id', '<', before)
        .orderBy('post_id')
        .limit(limit)
        .execute()
    ).map((row) => [row.post_id, row.features])
