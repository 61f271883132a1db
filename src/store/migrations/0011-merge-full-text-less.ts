import { type Kysely, sql } from 'kysely'
import type { Capabilities } from '../capabilities.ts'
import { FTS5_MERGE_SETTINGS, fts5SettingsSql, listFts5Shards } from '../dialects/fts5-shards.ts'

// FTS5's own defaults, which shards made before this migration use.
const FTS5_DEFAULT_MERGE: ReadonlyArray<readonly [string, number]> = [
  ['automerge', 4],
  ['crisismerge', 16],
]

/**
 * Shards made before their merge settings existed take them (store/dialects/fts5-shards.ts):
 * each later import into them merges less. Settings only; no row moves.
 */
export const mergeFullTextLess = (caps: Capabilities) => ({
  async up(db: Kysely<unknown>): Promise<void> {
    await applyToShards(db, caps, FTS5_MERGE_SETTINGS)
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await applyToShards(db, caps, FTS5_DEFAULT_MERGE)
  },
})

async function applyToShards(
  db: Kysely<unknown>,
  caps: Capabilities,
  settings: ReadonlyArray<readonly [string, number]>,
): Promise<void> {
  if (caps.fullText !== 'fts5') return
  for (const shard of await listFts5Shards(db))
    for (const statement of fts5SettingsSql(shard, settings)) await sql.raw(statement).execute(db)
}
