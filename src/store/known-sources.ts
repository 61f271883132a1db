import type { Kysely } from 'kysely'
import { chunks } from './chunks.ts'
import type { Tables } from './schema.ts'

/**
 * The source id of each stored post whose source fingerprint is among `fingerprints`: the
 * records an import holds already exactly as read, and skips without parsing them.
 */
export type FindKnownSources = (fingerprints: readonly string[]) => Promise<Map<string, string>>

/** The portable FindKnownSources: one query per 500 fingerprints. */
export const knownSources =
  (db: Kysely<Tables>): FindKnownSources =>
  async (fingerprints) => {
    const known = new Map<string, string>()
    for (const batch of chunks(fingerprints, 500)) {
      const rows = await db
        .selectFrom('posts')
        .select(['source_id', 'source_fingerprint'])
        .where('source_fingerprint', 'in', batch)
        .execute()
      for (const row of rows) known.set(row.source_fingerprint, row.source_id)
    }
    return known
  }
