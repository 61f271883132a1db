import { createHash } from 'node:crypto'
import { sql } from 'kysely'
import { fts5ShardTable, listFts5Shards } from './dialects/fts5-shards.ts'
import type { Store } from './open-store.ts'

/**
 * A hash of everything a reader can see: posts, their terms and their full-text index, keyed
 * by identity (not by row ids, which a rolled-back PostgreSQL sequence skips). Two databases
 * with the same fingerprint serve the same site. Logs (import runs, quarantine) and
 * timestamps are left out: they differ between two runs that did the same work.
 */
export async function databaseFingerprint(store: Store): Promise<string> {
  const hash = createHash('sha256')
  const feed = (label: string, rows: unknown[]) => {
    hash.update(`${label}:${rows.length}\n`)
    for (const row of rows) hash.update(`${JSON.stringify(row)}\n`)
  }
  const { db } = store
  feed(
    'posts',
    await db
      .selectFrom('posts')
      .select([
        'source_id',
        'slug',
        'title',
        'published_at',
        'review_state',
        'generated',
        'document',
        'fingerprint',
      ])
      .orderBy('source_id')
      .execute(),
  )
  feed(
    'terms',
    await db
      .selectFrom('terms')
      .select(['kind', 'name', 'post_count'])
      .orderBy('kind')
      .orderBy('name')
      .execute(),
  )
  feed(
    'post_terms',
    await db
      .selectFrom('post_terms')
      .innerJoin('posts', 'posts.id', 'post_terms.post_id')
      .innerJoin('terms', 'terms.id', 'post_terms.term_id')
      .select(['posts.source_id', 'terms.kind', 'terms.name', 'post_terms.published_at'])
      .orderBy('posts.source_id')
      .orderBy('terms.kind')
      .orderBy('terms.name')
      .execute(),
  )
  if (store.caps.fullText === 'fts5') {
    // fts5vocab reads the index itself: every (term, post, column, position) it holds.
    const shards = await listFts5Shards(db)
    const instances = shards.map((shard) => sql.table(`temp.${fts5ShardTable(shard)}_instances`))
    for (const [i, shard] of shards.entries())
      await sql`create virtual table if not exists ${instances[i]} using fts5vocab(main, ${sql.table(fts5ShardTable(shard))}, 'instance')`.execute(
        db,
      )
    const all = shards.length
      ? sql.join(
          instances.map((table) => sql`select term, doc, col, offset from ${table}`),
          sql` union all `,
        )
      : sql`select null as term, null as doc, null as col, null as offset where false`
    const { rows } = await sql<Record<string, unknown>>`select v.term, p.source_id, v.col, v.offset
      from (${all}) v join posts p on p.id = v.doc
      order by p.source_id, v.col, v.offset, v.term`.execute(db)
    feed('full_text', rows)
  } else {
    const { rows } = await sql<Record<string, unknown>>`select p.source_id, s.search::text as search
      from post_search s join posts p on p.id = s.post_id order by p.source_id`.execute(db)
    feed('full_text', rows)
  }
  return hash.digest('hex')
}
