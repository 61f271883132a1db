import { sql } from 'kysely'
import type { Post } from '../content/index.ts'
import type { ReviewState, Store } from '../store/index.ts'
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
  /** Matches, counted up to `totalCap`; `total > totalCap - 1` reads "more than". */
  total: number
  totalCap: number
  page: number
  pageSize: number
}

const TOTAL_CAP = 1000
const MAX_PAGE_SIZE = 100
const MAX_PAGE = 50
// bm25() weights per FTS5 column: title, headings, body, meta.
const BM25_WEIGHTS = sql.raw('10.0, 4.0, 1.0, 2.0')
const VISIBLE: ReviewState[] = ['approved', 'not_required', 'pending']

interface Row {
  id: number
  source_id: string
  slug: string
  title: string
  review_state: ReviewState
  document: string
}

/**
 * Full-text search over title, intro, headings, body and meta text: FTS5 bm25 with the title
 * weighted highest on SQLite, ts_rank over a weighted tsvector on PostgreSQL. Any input is
 * safe: it is reduced to words before it reaches either engine.
 */
export function createSearch(store: Store) {
  const { db } = store

  async function termIds(filters: SearchFilters): Promise<number[] | undefined> {
    const wanted = (['stack', 'tool', 'difficulty'] as const).flatMap((kind) =>
      filters[kind] ? [{ kind, name: filters[kind]!.trim().toLowerCase() }] : [],
    )
    const ids: number[] = []
    for (const { kind, name } of wanted) {
      const row = await db
        .selectFrom('terms')
        .select('id')
        .where('kind', '=', kind)
        .where('name', '=', name)
        .executeTakeFirst()
      if (!row) return undefined
      ids.push(row.id)
    }
    return ids
  }

  return {
    async search(query: SearchQuery): Promise<SearchResult> {
      const terms = queryTerms(query.text)
      const pageSize = Math.min(Math.max(1, Math.floor(query.pageSize ?? 20)), MAX_PAGE_SIZE)
      const page = Math.min(Math.max(1, Math.floor(query.page ?? 1)), MAX_PAGE)
      const empty: SearchResult = { terms, hits: [], total: 0, totalCap: TOTAL_CAP, page, pageSize }
      const filters = query.filters ?? {}
      const ids = await termIds(filters)
      if (terms.length === 0 || ids === undefined) return empty
      const states = filters.review?.length ? filters.review : VISIBLE
      // On SQLite the filter is applied to `+f.rowid`: the unary plus keeps it out of the FTS5
      // table, which would otherwise run the whole match again for every listed rowid (100x slower).
      const inTerms = (column: ReturnType<typeof sql>) =>
        ids.length === 0
          ? sql``
          : sql.join(
              ids.map(
                (id) =>
                  sql` and ${column} in (select post_id from post_terms where term_id = ${id})`,
              ),
              sql``,
            )
      const offset = (page - 1) * pageSize

      // bm25() ranks lower-is-better, ts_rank higher-is-better; everything else is shared.
      const fts5 = store.caps.fullText === 'fts5'
      const direction = sql.raw(fts5 ? 'asc' : 'desc')
      const tsquery = sql`plainto_tsquery('english', ${terms.join(' ')})`
      const matching = fts5
        ? sql`select f.rowid as id, bm25(posts_fts, ${BM25_WEIGHTS}) as score from posts_fts f
            join posts p on p.id = f.rowid
            where posts_fts match ${fts5Expression(terms)} and p.review_state in (${sql.join(states)})${inTerms(sql`+f.rowid`)}`
        : sql`select s.post_id as id, ts_rank(s.search, ${tsquery}) as score from post_search s
            join posts p on p.id = s.post_id
            where s.search @@ ${tsquery} and p.review_state in (${sql.join(states)})${inTerms(sql`s.post_id`)}`
      const { rows } =
        await sql<Row>`select p.id, p.source_id, p.slug, p.title, p.review_state, p.document
        from (${matching} order by score ${direction}, id limit ${pageSize} offset ${offset}) m join posts p on p.id = m.id
        order by m.score ${direction}, m.id`.execute(db)
      const counted = await sql<{
        n: number
      }>`select count(*) as n from (${matching} limit ${TOTAL_CAP}) t`.execute(db)
      const total = Number(counted.rows[0]?.n ?? 0)
      const hits = rows.map((row) => ({
        sourceId: row.source_id,
        slug: row.slug,
        title: row.title,
        reviewState: row.review_state,
        snippet: makeSnippet(JSON.parse(row.document) as Post, terms),
      }))
      return { terms, hits, total, totalCap: TOTAL_CAP, page, pageSize }
    },
  }
}

export type Search = ReturnType<typeof createSearch>
