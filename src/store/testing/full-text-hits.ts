import { sql } from 'kysely'
import { fts5ShardTable, listFts5Shards } from '../dialects/fts5-shards.ts'
import type { Store } from '../open-store.ts'

/** The source ids of the posts whose full-text rows hold `word`, read from the index itself. */
export async function fullTextHits(store: Store, word: string): Promise<string[]> {
  if (store.caps.fullText === 'tsvector') {
    const { rows } = await sql<{ source_id: string }>`select p.source_id from post_search s
      join posts p on p.id = s.post_id
      where s.search @@ plainto_tsquery('english', ${word}) order by p.source_id`.execute(store.db)
    return rows.map((row) => row.source_id)
  }
  const hits: string[] = []
  for (const shard of await listFts5Shards(store.db)) {
    const table = sql.table(fts5ShardTable(shard))
    const { rows } = await sql<{ source_id: string }>`select p.source_id from ${table} f
      join posts p on p.id = f.rowid where ${table} match ${word}`.execute(store.db)
    hits.push(...rows.map((row) => row.source_id))
  }
  return hits.sort()
}

/** Each FTS5 shard's merge settings, by shard: what its `_config` table holds. */
export async function fts5MergeSettings(store: Store): Promise<Record<number, string[]>> {
  const settings: Record<number, string[]> = {}
  for (const shard of await listFts5Shards(store.db)) {
    const config = sql.table(`${fts5ShardTable(shard)}_config`)
    const { rows } = await sql<{ k: string; v: number }>`select k, v from ${config}
      where k in ('automerge', 'crisismerge') order by k`.execute(store.db)
    settings[shard] = rows.map((row) => `${row.k}=${row.v}`)
  }
  return settings
}
