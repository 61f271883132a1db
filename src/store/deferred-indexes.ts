import { type Kysely, sql } from 'kysely'
import type { Capabilities } from './capabilities.ts'
import { settleDuplicateSlugs } from './duplicate-slugs.ts'
import { SLUG_INDEX } from './migrations/0013-name-slug-index.ts'

/**
 * The indexes an import into an empty archive drops and builds once at its end, as
 * migrations 0001 and 0013 made them. Their keys are dates, hashes or title words, so each
 * post lands at a random place in them (twelve times in `post_terms`); once they outgrow the
 * page cache, keeping them costs most of a large import (docs/performance/import.md). The first
 * three serve only the site's lists (archive pages, the home page, the review queue,
 * sitemaps); the fingerprints serve a later import's lookups of the records it already
 * holds, which a first load skips. The slugs' index keeps them unique: a first load gives
 * repeated slugs their distinct ones at its end (store/duplicate-slugs.ts), and until then
 * the site finds a post by its slug by scanning.
 */
export const DEFERRED_INDEXES = [
  {
    name: 'post_terms_archive_idx',
    table: 'post_terms',
    columns: ['term_id', 'published_at desc', 'post_id desc'],
  },
  { name: 'posts_published_idx', table: 'posts', columns: ['published_at desc', 'id desc'] },
  {
    name: 'posts_review_published_idx',
    table: 'posts',
    columns: ['review_state', 'published_at desc', 'id desc'],
  },
  { name: 'posts_source_fingerprint_idx', table: 'posts', columns: ['source_fingerprint'] },
  { name: SLUG_INDEX, table: 'posts', columns: ['slug'], unique: true },
] as const

/** The deferred indexes the database lacks, as a killed bulk import leaves them. */
export async function missingDeferredIndexes<DB>(
  db: Kysely<DB>,
  caps: Capabilities,
): Promise<string[]> {
  const names = DEFERRED_INDEXES.map((index) => index.name)
  const { rows } =
    caps.indexCatalog === 'sqlite_master'
      ? await sql<{ name: string }>`select name from sqlite_master
          where type = 'index' and name in (${sql.join(names)})`.execute(db)
      : await sql<{ name: string }>`select indexname as name from pg_indexes
          where schemaname = current_schema() and indexname in (${sql.join(names)})`.execute(db)
  const present = new Set(rows.map((row) => row.name))
  return names.filter((name) => !present.has(name))
}

export async function dropDeferredIndexes<DB>(db: Kysely<DB>): Promise<void> {
  for (const index of DEFERRED_INDEXES) await db.schema.dropIndex(index.name).ifExists().execute()
}

// SQLite sorts a new index's keys in runs as large as its page cache, then merges them from
// temporary files. For a million posts' listing indexes the importer's 32 MiB cache took
// the process from 291 to 318 MB; with 8 MiB the build alone took 68 MB instead of 117.
// It also sorts on helper threads when allowed (`pragma threads`, 0 by default), each with
// runs of its own. A million posts' five indexes, alternating on two cores: 21.3-21.5 s
// with two helpers against 28.9-29.4 s with none (8 MiB), the largest, of twelve million
// term links, 9.9 s against 15.0-15.7 s; one helper or four measured slower than two. Two
// helpers with 8 MiB each took 106 MB where none took 89; with 4 MiB, 87 MB at the same
// speed (18.7-22.0 s against 17.2-23.0 s). Both are set back afterwards.
const SQLITE_BUILD_CACHE_KIB = 4096
const SQLITE_BUILD_THREADS = 2

/** Builds the deferred indexes the database lacks; returns their names. */
export async function restoreDeferredIndexes<DB>(
  db: Kysely<DB>,
  caps: Capabilities,
): Promise<string[]> {
  const missing = new Set(await missingDeferredIndexes(db, caps))
  if (missing.size === 0) return []
  const sqlite = caps.indexCatalog === 'sqlite_master'
  const pragma = async (name: string) =>
    sqlite ? Number(Object.values((await sql.raw(`pragma ${name}`).execute(db)).rows[0]!)[0]) : 0
  const cacheSize = await pragma('cache_size')
  const threads = await pragma('threads')
  if (sqlite) {
    await sql.raw(`pragma cache_size = -${SQLITE_BUILD_CACHE_KIB}`).execute(db)
    await sql.raw(`pragma threads = ${SQLITE_BUILD_THREADS}`).execute(db)
  }
  try {
    for (const index of DEFERRED_INDEXES) {
      if (!missing.has(index.name)) continue
      const build = () => {
        const create = db.schema.createIndex(index.name).ifNotExists().on(index.table)
        return ('unique' in index ? create.unique() : create).columns([...index.columns]).execute()
      }
      if (index.name !== SLUG_INDEX) await build()
      else
        await build().catch(async () => {
          // Repeated slugs refuse the index; any other failure fails the second build too.
          await settleDuplicateSlugs(db)
          await build()
        })
    }
  } finally {
    if (sqlite) {
      await sql.raw(`pragma cache_size = ${Math.trunc(cacheSize)}`).execute(db)
      await sql.raw(`pragma threads = ${Math.trunc(threads)}`).execute(db)
    }
  }
  return [...missing]
}

/**
 * After a bulk load, on PostgreSQL: ANALYZE, of every table or of the one `table` that was
 * rewritten. Without statistics it scanned posts for every batch of a re-import's
 * fingerprint lookups: the re-import of a million took 394 s, and 30 s once analyzed (which
 * took 1.6 s).
 */
export async function refreshPlannerStatistics<DB>(
  db: Kysely<DB>,
  caps: Capabilities,
  table?: keyof DB & string,
): Promise<void> {
  if (!caps.analyzeAfterBulkLoad) return
  await (table ? sql`analyze ${sql.table(table)}` : sql`analyze`).execute(db)
}
