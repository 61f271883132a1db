import { type RawBuilder, sql } from 'kysely'
import type { Capabilities } from './capabilities.ts'
import { postgresArticleQuery } from './dialects/postgres-post-reads.ts'
import { ARTICLE_SQL } from './dialects/sqlite-post-reads.ts'
import type { Store } from './open-store.ts'

/** A query the site or importer runs often, and the index it must use. */
interface HotQuery {
  name: string
  query: RawBuilder<unknown>
  /** Only where the store explains this way: a read written for one dialect. */
  only?: Capabilities['explain']
}

// Representative parameters: plans depend on the shape of a query, not on these values.
const HOT_QUERIES: HotQuery[] = [
  { name: 'post by slug', query: sql`select id, document from posts where slug = ${'x'}` },
  {
    name: 'post by identity',
    query: sql`select id, fingerprint from posts where source_id in (${'a'}, ${'b'})`,
  },
  {
    name: 'known raw record',
    query: sql`select source_id from posts where source_fingerprint in (${'a'}, ${'b'})`,
  },
  {
    name: 'similar posts of a post',
    query: sql`select p.slug, p.title from related_posts r join posts p on p.id = r.related_id where r.post_id = ${1} and p.review_state not in (${'pending'}, ${'rejected'}) order by r.rank`,
  },
  {
    name: 'article page: the post and its Similar Posts (SQLite)',
    query: sql.raw(ARTICLE_SQL.replace('?', "'x'")),
    only: 'explain-query-plan',
  },
  {
    name: 'article page: the post and its Similar Posts (PostgreSQL)',
    query: postgresArticleQuery('x'),
    only: 'explain-json',
  },
  {
    name: 'newest posts',
    query: sql`select id, slug, title from posts where review_state != ${'rejected'} order by published_at desc, id desc limit 21 offset 40`,
  },
  {
    name: 'feed: newest indexable posts',
    query: sql`select slug, title from posts where review_state not in (${'pending'}, ${'rejected'}) order by published_at desc, id desc limit 50`,
  },
  {
    name: 'review queue',
    query: sql`select id, slug, title from posts where review_state = ${'pending'} order by published_at desc, id desc limit 50`,
  },
  {
    name: 'term by name',
    query: sql`select id from terms where kind = ${'stack'} and name = ${'go services'}`,
  },
  {
    name: 'archive index',
    query: sql`select id, name, post_count from terms where kind = ${'stack'} and post_count > 0 order by name`,
  },
  {
    name: 'archive page',
    query: sql`select p.slug, p.title from post_terms pt join posts p on p.id = pt.post_id where pt.term_id = ${1} order by pt.published_at desc, pt.post_id desc limit 21 offset 40`,
  },
  {
    name: 'sitemap shard',
    query: sql`select slug, updated_at from posts where id >= ${1} and id <= ${50000} and review_state not in (${'pending'}, ${'rejected'}) order by id`,
  },
  { name: 'sitemap shard count', query: sql`select max(id) from posts` },
  { name: 'terms of a post', query: sql`select term_id from post_terms where post_id = ${1}` },
  {
    name: 'run duplicates',
    query: sql`select source_id from import_seen where run_id = ${1} and source_id in (${'a'}, ${'b'})`,
  },
  {
    name: 'remembered import batch',
    query: sql`select source_ids from import_batches where digest = ${'x'} and run_id >= ${1}`,
  },
  {
    name: 'remembered batches no longer trusted',
    query: sql`delete from import_batches where run_id < ${1}`,
  },
  {
    name: 'recent import runs',
    query: sql`select id, status from import_runs order by started_at desc limit 20`,
  },
  {
    name: 'posts an import run changed',
    query: sql`select id from posts where updated_at >= ${'2026-01-01T00:00:00.000Z'} and review_state != ${'rejected'}`,
  },
  {
    name: 'Similar Posts features older than their post',
    query: sql`select p.id from posts p left join post_features f on f.post_id = p.id where f.post_id is null or f.updated_at <> p.updated_at or f.version <> ${1}`,
  },
  {
    name: 'Similar Posts features, a page',
    query: sql`select post_id, features from post_features where post_id > ${0} and post_id < ${500000} order by post_id limit ${5000}`,
  },
  {
    name: 'cache purge log since',
    query: sql`select id, targets from cache_purges where id > ${1} order by id limit 500`,
  },
  {
    name: 'posts citing a changed post',
    query: sql`select citing.slug from related_posts r join posts changed on changed.id = r.related_id join posts citing on citing.id = r.post_id where changed.source_id in (${'a'}, ${'b'})`,
  },
  {
    name: 'status: request figures of an hour',
    query: sql`select * from request_minutes where minute >= ${'2026-01-01T00:00:00.000Z'} and minute < ${'2026-01-01T01:00:00.000Z'} order by minute`,
  },
  {
    name: 'status: last deploys',
    query: sql`select version, node from deploys order by started_at desc limit 5`,
  },
  {
    name: 'rate limit window',
    query: sql`select hits, window_started_ms from rate_limits where key = ${'POST /login 203.0.113.7'}`,
  },
  {
    name: 'rate limit windows long over',
    query: sql`delete from rate_limits where window_started_ms < ${0}`,
  },
  {
    name: 'editor session',
    query: sql`select u.id, u.email from sessions s join users u on u.id = s.user_id where s.token_hash = ${'x'} and s.expires_at > ${'2026-01-01'}`,
  },
]

export interface PlanReport {
  name: string
  plan: string[]
  problems: string[]
}

/**
 * Explains every hot query and flags those that read a whole table they should seek into
 * (SQLite `SCAN t` without an index, PostgreSQL `Seq Scan`) or sort in a temporary b-tree.
 * On PostgreSQL, sequential scans are disabled for the check: on a small table the planner
 * prefers them, and the question is whether an index *could* serve the query.
 */
export async function checkQueryPlans(store: Store): Promise<PlanReport[]> {
  const reports: PlanReport[] = []
  if (store.caps.explain === 'explain-query-plan') {
    for (const { name, query, only } of HOT_QUERIES) {
      if (only && only !== store.caps.explain) continue
      const compiled = query.compile(store.db)
      const { rows } = await store.db.executeQuery<{ detail: string }>({
        ...compiled,
        sql: `explain query plan ${compiled.sql}`,
      })
      const plan = rows.map((row) => row.detail)
      const problems = plan.filter(
        (step) => /^SCAN \w+$/.test(step) || /USE TEMP B-TREE/.test(step),
      )
      reports.push({
        name,
        plan,
        problems: problems.map((step) => `reads without an index: ${step}`),
      })
    }
    return reports
  }
  await store.db.connection().execute(async (connection) => {
    await sql`set enable_seqscan = off`.execute(connection)
    try {
      for (const { name, query, only } of HOT_QUERIES) {
        if (only && only !== store.caps.explain) continue
        const compiled = query.compile(connection)
        const { rows } = await connection.executeQuery<{ 'QUERY PLAN': string }>({
          ...compiled,
          sql: `explain ${compiled.sql}`,
        })
        const plan = rows.map((row) => row['QUERY PLAN'])
        const problems = plan.filter((step) =>
          /Seq Scan on (posts|terms|post_terms|import_seen|import_runs)\b/.test(step),
        )
        reports.push({
          name,
          plan,
          problems: problems.map((step) => `reads without an index: ${step.trim()}`),
        })
      }
    } finally {
      await sql`reset enable_seqscan`.execute(connection)
    }
  })
  return reports
}
