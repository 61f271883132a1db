import { type Kysely, sql } from 'kysely'
import { type Post, searchText } from '../../content/index.ts'
import type { Capabilities } from '../capabilities.ts'
import { chunks } from '../chunks.ts'
import {
  type FullTextRow,
  fts5ShardTable,
  listFts5Shards,
  replaceFts5Rows,
} from '../dialects/fts5-shards.ts'

const POSTS_PER_STEP = 1000
const ROWS_PER_STATEMENT = 100

/**
 * SQLite's full-text index moves from one FTS5 table into shards by post id
 * (store/dialects/fts5-shards.ts). The index is contentless, so the rows are rebuilt from
 * each post's stored document, as the importer built them: 99 s for a million posts. One
 * transaction, so a killed run leaves the old index and runs again whole. PostgreSQL's
 * tsvector index is not touched.
 */
export const shardFullText = (caps: Capabilities) => ({
  async up(db: Kysely<unknown>): Promise<void> {
    if (caps.fullText !== 'fts5') return
    await db.transaction().execute(async (trx) => {
      await dropShards(trx)
      await eachPostText(trx, (rows) => replaceFts5Rows(trx, [], rows, ROWS_PER_STATEMENT))
      await sql`drop table if exists posts_fts`.execute(trx)
    })
  },
  async down(db: Kysely<unknown>): Promise<void> {
    if (caps.fullText !== 'fts5') return
    await db.transaction().execute(async (trx) => {
      await sql`drop table if exists posts_fts`.execute(trx)
      await sql`create virtual table posts_fts using fts5(
        title, headings, body, meta,
        content = '', contentless_delete = 1,
        tokenize = 'porter unicode61 remove_diacritics 2'
      )`.execute(trx)
      await eachPostText(trx, async (rows) => {
        for (const chunk of chunks(rows, ROWS_PER_STATEMENT))
          await sql`insert into posts_fts (rowid, title, headings, body, meta) values ${sql.join(
            chunk.map(
              ({ id, text }) =>
                sql`(${id}, ${text.title}, ${text.headings}, ${text.body}, ${text.meta})`,
            ),
          )}`.execute(trx)
      })
      await dropShards(trx)
    })
  },
})

async function dropShards(db: Kysely<unknown>): Promise<void> {
  for (const shard of await listFts5Shards(db))
    await sql`drop table ${sql.table(fts5ShardTable(shard))}`.execute(db)
}

/** Every post's full-text row, in id order, a step of posts at a time. */
async function eachPostText(
  db: Kysely<unknown>,
  write: (rows: FullTextRow[]) => Promise<void>,
): Promise<void> {
  let after = 0
  for (;;) {
    const { rows } = await sql<{ id: number; document: string }>`select id, document from posts
      where id > ${after} order by id limit ${POSTS_PER_STEP}`.execute(db)
    if (rows.length === 0) return
    await write(
      rows.map((row) => ({ id: row.id, text: searchText(JSON.parse(row.document) as Post) })),
    )
    after = rows.at(-1)!.id
  }
}
