import { sql } from 'kysely'
import type { Post } from '../content/index.ts'
import { fts5ShardTable, listFts5Shards, type ReviewState, type Store } from '../store/index.ts'
import { fts5Expression, queryTerms } from './query-terms.ts'
import { makeSnippet, type SnippetPart } from './snippet.ts'

export interface SearchFilters {
  stack?: string
  tool?: string
  difficulty?: string
  /** Review states to include; default: all but rejected. */
  review?: ReviewState[]
}

export interface SearchQuery {
  text: string
  filters?: SearchFilters
  /** 1-based. */
  page?: number
  pageSize?: number
}

export interface SearchHit {
  sourceId: string
  slug: string
  title: string
  reviewState: ReviewState
  snippet: SnippetPart[]
}

export interface SearchResult {
  /** The words searched for, after cleaning. */
  terms: string[]
  hits: SearchHit[]
  /**
   * Matches, counted up to `totalCap`; at the cap, "more than": the results are then the
   * best ranked of the newest `totalCap` matches.
   */
  total: number
  totalCap: number
  page: number
  pageSize: number
}

// Matches ranked per query, newest first: a common word matches most of a million posts,
// and ranking all of them took seconds (docs/performance/search-and-related.md). Pages reach
// no further.
const CANDIDATES = 1000
const MAX_PAGE_SIZE = 100
const LISTED_TERM_POSTS = 20_000
const MAX_PAGE = 50
// bm25() weights per FTS5 column: title, headings, body, meta.
const BM25_WEIGHTS = sql.raw('10.0, 4.0, 1.0, 2.0')
const VISIBLE: ReviewState[] = ['approved', 'not_required', 'pending']

export interface SearchOptions {
  /** Matches ranked per query, newest first (default 1,000). */
  candidates?: number
  /** A filter term of more posts than this is looked up per match, not listed (default 20,000). */
  listedTermPosts?: number
}

/**
 * Full-text search over title, intro, headings, body and meta text: FTS5 bm25 with the title
 * weighted highest on SQLite, ts_rank over a weighted tsvector on PostgreSQL. Each query
 * ranks at most its newest `candidates` matches (all of them, for any query matching fewer),
 * so a word in most posts costs what a rare one does. Any input is safe: it is reduced to
 * words before it reaches either engine.
 */
export function createSearch(store: Store, options: SearchOptions = {}) {
  const { db } = store
  const candidates = options.candidates ?? CANDIDATES
  const listedTermPosts = options.listedTermPosts ?? LISTED_TERM_POSTS

  async function filterTerms(
    filters: SearchFilters,
  ): Promise<Array<{ id: number; post_count: number }> | undefined> {
    const wanted = (['stack', 'tool', 'difficulty'] as const).flatMap((kind) =>
      filters[kind] ? [{ kind, name: filters[kind]!.trim().toLowerCase() }] : [],
    )
    const ids: Array<{ id: number; post_count: number }> = []
    for (const { kind, name } of wanted) {
      const row = await db
        .selectFrom('terms')
        .select(['id', 'post_count'])
        .where('kind', '=', kind)
        .where('name', '=', name)
        .executeTakeFirst()
      if (!row) return undefined
      ids.push(row)
    }
    return ids
  }

  return {
    async search(query: SearchQuery): Promise<SearchResult> {
      const terms = queryTerms(query.text)
      const pageSize = Math.min(Math.max(1, Math.floor(query.pageSize ?? 20)), MAX_PAGE_SIZE)
      const page = Math.min(Math.max(1, Math.floor(query.page ?? 1)), MAX_PAGE)
      const empty: SearchResult = {
        terms,
        hits: [],
        total: 0,
        totalCap: candidates,
        page,
        pageSize,
      }
      const filters = query.filters ?? {}
      const ids = await filterTerms(filters)
      if (terms.length === 0 || ids === undefined) return empty
      const states = filters.review?.length ? filters.review : VISIBLE
      // A term filter is a list of the term's posts when it is short. For a term of many posts
      // each match walked (newest first) is looked up instead: the walk stops at `candidates`,
      // while building the list cost 150 ms for a third of a million posts. On SQLite the list
      // is tested on `+f.rowid`: the unary plus keeps it out of the FTS5 table, which would
      // otherwise run the whole match again for every listed rowid (100x slower).
      const inTerms = (column: ReturnType<typeof sql>, listed = column) =>
        sql.join(
          (ids ?? []).map(({ id, post_count }) =>
            post_count > listedTermPosts
              ? sql` and exists (select 1 from post_terms t where t.post_id = ${column} and t.term_id = ${id})`
              : sql` and ${listed} in (select post_id from post_terms where term_id = ${id})`,
          ),
          sql``,
        )
      const offset = (page - 1) * pageSize

      // The newest matches that pass the filters, walked in id order (FTS5 reads its doclists
      // in rowid order, so it stops after `candidates`), then ranked: bm25() lower-is-better,
      // ts_rank higher-is-better. On SQLite the walk goes shard by shard, newest first, and
      // bm25() weighs each word by its rarity within the shard: counting a word's posts costs
      // a pass over its doclist, one shard's instead of the whole archive's.
      const fts5 = store.caps.fullText === 'fts5'
      const scored: Array<{ id: number; score: number }> = []
      if (fts5) {
        const expression = fts5Expression(terms)
        for (const shard of (await listFts5Shards(db)).reverse()) {
          const table = sql.table(fts5ShardTable(shard))
          // Every test on a match is an EXISTS, which SQLite runs cheapest first; as a join,
          // posts was read for every match before the term filters (3x slower filtered).
          const { rows } = await sql<{ id: number; score: number }>`select f.rowid as id,
              bm25(${table}, ${BM25_WEIGHTS}) as score from ${table} f
            where ${table} match ${expression}
              and exists (select 1 from posts p where p.id = f.rowid and p.review_state in (${sql.join(states)}))${inTerms(sql`f.rowid`, sql`+f.rowid`)}
            order by f.rowid desc limit ${candidates - scored.length}`.execute(db)
          scored.push(...rows)
          if (scored.length === candidates) break
        }
      } else {
        const tsquery = sql`plainto_tsquery('english', ${terms.join(' ')})`
        const { rows } = await sql<{ id: number; score: number }>`select m.id,
            ts_rank(s.search, ${tsquery}) as score from (
              select s.post_id as id from post_search s
              join posts p on p.id = s.post_id
              where s.search @@ ${tsquery} and p.review_state in (${sql.join(states)})${inTerms(sql`s.post_id`)}
              order by s.post_id desc limit ${candidates}
            ) m join post_search s on s.post_id = m.id`.execute(db)
        scored.push(...rows)
      }
      // At most `candidates` rows of two numbers: ranked and paged here, the count for free.
      scored.sort(
        fts5
          ? (a, b) => a.score - b.score || a.id - b.id
          : (a, b) => b.score - a.score || a.id - b.id,
      )
      const shown = scored.slice(offset, offset + pageSize).map((row) => row.id)
      const byId = new Map(
        (shown.length === 0
          ? []
          : await db
              .selectFrom('posts')
              .select(['id', 'source_id', 'slug', 'title', 'review_state', 'document'])
              .where('id', 'in', shown)
              .execute()
        ).map((row) => [row.id, row]),
      )
      const rows = shown.map((id) => byId.get(id)!)
      const total = scored.length
      const hits = rows.map((row) => ({
        sourceId: row.source_id,
        slug: row.slug,
        title: row.title,
        reviewState: row.review_state,
        snippet: makeSnippet(JSON.parse(row.document) as Post, terms),
      }))
      return { terms, hits, total, totalCap: candidates, page, pageSize }
    },
  }
}

export type Search = ReturnType<typeof createSearch>
