import { type Kysely, sql } from 'kysely'
import type { SearchText } from '../../content/index.ts'
import { chunks } from '../chunks.ts'

/**
 * SQLite's full-text index is split by post id into FTS5 tables of 131,072 posts each:
 * `posts_fts_0` holds posts 0 to 131,071, `posts_fts_1` the next ones, and so on.
 *
 * Why: bm25() counts the posts that hold each searched word by reading the word's whole
 * doclist, about 18 ns a post however few rows are ranked: 18 ms for a word in most of a
 * million posts, the bulk of a search. Search ranks the newest matches, which the newest
 * shards hold, so it reads one shard's doclists instead of the whole archive's (README,
 * Search). A shard only ever gains posts: ids are never reused, and rows never move.
 */
export const FTS5_SHARD_POSTS = 131_072

export const fts5ShardOf = (postId: number): number => Math.floor(postId / FTS5_SHARD_POSTS)

/** The shard's table name: safe to write into SQL, being built from a checked integer. */
export function fts5ShardTable(shard: number): string {
  if (!Number.isSafeInteger(shard) || shard < 0)
    throw new RangeError(`not a full-text shard number: ${shard}`)
  return `posts_fts_${shard}`
}

/**
 * How FTS5 merges a shard's segments. Each transaction that writes a shard adds a segment;
 * FTS5 merges a level's segments a step at a time once it holds `automerge` of them, and
 * all at once when it holds `crisismerge`. Loading one shard of 131,072 posts in
 * transactions of 500 at the defaults (4 and 16) spent 5.0 of its 8.7 s in the commits,
 * where FTS5 writes and merges segments; at 16 and 64, 2.2 of 6.0 s. Searches at a million
 * posts measured the same either way (docs/performance/import.md).
 */
export const FTS5_MERGE_SETTINGS: ReadonlyArray<readonly [string, number]> = [
  ['automerge', 16],
  ['crisismerge', 64],
]

/** Statements that set `settings` on a shard: literal integers, as FTS5 wants them. */
export const fts5SettingsSql = (
  shard: number,
  settings: ReadonlyArray<readonly [string, number]>,
): string[] => {
  const table = fts5ShardTable(shard)
  return settings.map(([name, value]) => {
    if (!/^[a-z]+$/.test(name) || !Number.isSafeInteger(value))
      throw new RangeError(`not an FTS5 setting: ${name} = ${value}`)
    return `insert into ${table} (${table}, rank) values ('${name}', ${value})`
  })
}

/**
 * The statements that make a missing shard: contentless (the text lives in posts.document),
 * with deletes by rowid, then its merge settings.
 */
export const createFts5ShardSql = (shard: number): string[] => [
  `create virtual table ${fts5ShardTable(shard)} using fts5(
    title, headings, body, meta,
    content = '', contentless_delete = 1,
    tokenize = 'porter unicode61 remove_diacritics 2'
  )`,
  ...fts5SettingsSql(shard, FTS5_MERGE_SETTINGS),
]

// FTS5 keeps each table's data in shadow tables (posts_fts_3_data, …): names that also
// start with posts_fts_.
const SHARD_NAME = /^posts_fts_(\d+)$/
const LIST_SQL = `select name from sqlite_master where type = 'table' and name like 'posts_fts_%'`

function shardsNamed(names: readonly string[]): number[] {
  return names
    .flatMap((name) => {
      const match = SHARD_NAME.exec(name)
      return match ? [Number(match[1])] : []
    })
    .sort((a, b) => a - b)
}

/** The shards that exist, oldest first. */
export async function listFts5Shards<DB>(db: Kysely<DB>): Promise<number[]> {
  const { rows } = await sql<{ name: string }>`${sql.raw(LIST_SQL)}`.execute(db)
  return shardsNamed(rows.map((row) => row.name))
}

/** Groups post ids (or rows keyed by one) by the shard that holds them. */
function byFts5Shard<T>(items: readonly T[], idOf: (item: T) => number): Map<number, T[]> {
  const groups = new Map<number, T[]>()
  for (const item of items) {
    const shard = fts5ShardOf(idOf(item))
    const group = groups.get(shard)
    if (group) group.push(item)
    else groups.set(shard, [item])
  }
  return groups
}

export interface FullTextRow {
  id: number
  text: SearchText
}

/**
 * Removes the rows of `deleted` posts, then writes `rows`, each in its post's shard (created
 * when it is the first of its range), as multi-row statements of at most `perStatement` rows.
 */
export async function replaceFts5Rows<DB>(
  db: Kysely<DB>,
  deleted: readonly number[],
  rows: readonly FullTextRow[],
  perStatement: number,
): Promise<void> {
  for (const [shard, ids] of byFts5Shard(deleted, (id) => id)) {
    const table = sql.table(fts5ShardTable(shard))
    for (const chunk of chunks(ids, 500))
      await sql`delete from ${table} where rowid in (${sql.join(chunk)})`.execute(db)
  }
  for (const [shard, group] of byFts5Shard(rows, (row) => row.id)) {
    const name = fts5ShardTable(shard)
    const { rows: found } =
      await sql`select 1 from sqlite_master where type = 'table' and name = ${name}`.execute(db)
    if (found.length === 0)
      for (const statement of createFts5ShardSql(shard)) await sql.raw(statement).execute(db)
    const table = sql.table(name)
    for (const chunk of chunks(group, perStatement))
      await sql`insert into ${table} (rowid, title, headings, body, meta) values ${sql.join(
        chunk.map(
          ({ id, text }) =>
            sql`(${id}, ${text.title}, ${text.headings}, ${text.body}, ${text.meta})`,
        ),
      )}`.execute(db)
  }
}
