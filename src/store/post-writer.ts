import { type Kysely, sql, type Transaction } from 'kysely'
import {
  type Post,
  type PostTerm,
  postSlug,
  postTerms,
  publishedDate,
  type SearchText,
  searchText,
} from '../content/index.ts'
import type { Capabilities } from './capabilities.ts'
import type { ReviewState, Tables } from './schema.ts'

/** One post ready to store, with the hashes the importer computed. */
export interface PostRecord {
  post: Post
  sourceId: string
  /** JSON text of the post, as stored. */
  document: string
  fingerprint: string
  sourceFingerprint: string
  needsReview: boolean
  generated: boolean
}

export interface WriteResult {
  inserted: number
  updated: number
  unchanged: number
}

interface Existing {
  id: number
  source_id: string
  fingerprint: string
  review_state: ReviewState
}

type Db = Kysely<Tables> | Transaction<Tables>

const chunks = <T>(items: readonly T[], size: number): T[][] => {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

/**
 * Writes posts by identity: inserts new ones, updates changed ones (their terms and full-text
 * rows too), skips those whose fingerprint is already stored. Call inside a transaction.
 * Term ids are cached for the writer's life; ids learned in a transaction are adopted only
 * by `commitTerms()` after it commits, so a rollback never leaves a stale id behind.
 */
export function createPostWriter(caps: Capabilities): PostWriter {
  const termIds = new Map<string, number>()
  let pendingTerms = new Map<string, number>()
  const rowsPerStatement = (columns: number) =>
    Math.min(500, Math.floor(caps.maxParameters / columns))

  async function write(db: Db, records: readonly PostRecord[], now: string): Promise<WriteResult> {
    pendingTerms = new Map()
    const existing = new Map<string, Existing>()
    for (const ids of chunks(
      records.map((record) => record.sourceId),
      500,
    )) {
      const rows = await db
        .selectFrom('posts')
        .select(['id', 'source_id', 'fingerprint', 'review_state'])
        .where('source_id', 'in', ids)
        .execute()
      for (const row of rows) existing.set(row.source_id, row)
    }
    const fresh: PostRecord[] = []
    const changed: Array<{ record: PostRecord; row: Existing }> = []
    let unchanged = 0
    for (const record of records) {
      const row = existing.get(record.sourceId)
      if (!row) fresh.push(record)
      else if (row.fingerprint === record.fingerprint) unchanged++
      else changed.push({ record, row })
    }

    const written: Array<{ id: number; record: PostRecord; rejected?: boolean }> = []
    for (const batch of chunks(fresh, rowsPerStatement(11))) {
      const ids = await db
        .insertInto('posts')
        .values(
          batch.map((record) => ({
            source_id: record.sourceId,
            slug: postSlug(record.post.title, record.sourceId),
            title: record.post.title,
            published_at: publishedDate(record.post),
            review_state: record.needsReview ? ('pending' as const) : ('not_required' as const),
            generated: record.generated ? 1 : 0,
            document: record.document,
            fingerprint: record.fingerprint,
            source_fingerprint: record.sourceFingerprint,
            created_at: now,
            updated_at: now,
          })),
        )
        .returning(['id', 'source_id'])
        .execute()
      const bySource = new Map(batch.map((record) => [record.sourceId, record]))
      for (const { id, source_id } of ids) written.push({ id, record: bySource.get(source_id)! })
    }
    for (const { record, row } of changed) {
      const state = nextReviewState(row.review_state, record.needsReview)
      // The slug stays as first assigned: published URLs do not move when a title is edited.
      await db
        .updateTable('posts')
        .set({
          title: record.post.title,
          published_at: publishedDate(record.post),
          review_state: state,
          generated: record.generated ? 1 : 0,
          document: record.document,
          fingerprint: record.fingerprint,
          source_fingerprint: record.sourceFingerprint,
          updated_at: now,
        })
        .where('id', '=', row.id)
        .execute()
      written.push({ id: row.id, record, rejected: state === 'rejected' })
    }
    const changedIds = changed.map(({ row }) => row.id)
    await replaceTerms(db, written, changedIds)
    await replaceFullText(db, written, changedIds)
    return { inserted: fresh.length, updated: changed.length, unchanged }
  }

  async function replaceTerms(
    db: Db,
    written: Array<{ id: number; record: PostRecord; rejected?: boolean }>,
    changedIds: number[],
  ) {
    for (const ids of chunks(changedIds, 500))
      await db.deleteFrom('post_terms').where('post_id', 'in', ids).execute()
    const links: Array<{ post_id: number; term_id: number; published_at: string | null }> = []
    // A rejected post stays out of every archive, even when its source changes.
    const perPost = written
      .filter(({ rejected }) => !rejected)
      .map(({ id, record }) => ({
        id,
        terms: postTerms(record.post),
        date: publishedDate(record.post),
      }))
    await ensureTerms(
      db,
      perPost.flatMap(({ terms }) => terms),
    )
    for (const { id, terms, date } of perPost) {
      for (const term of terms)
        links.push({ post_id: id, term_id: termId(term)!, published_at: date })
    }
    for (const batch of chunks(links, rowsPerStatement(3)))
      await db.insertInto('post_terms').values(batch).execute()
  }

  const keyOf = (term: PostTerm) => `${term.kind}\u0000${term.name}`
  const termId = (term: PostTerm) => termIds.get(keyOf(term)) ?? pendingTerms.get(keyOf(term))

  async function ensureTerms(db: Db, terms: PostTerm[]) {
    const missing = new Map<string, PostTerm>()
    for (const term of terms) if (termId(term) === undefined) missing.set(keyOf(term), term)
    if (missing.size === 0) return
    const wanted = [...missing.values()]
    for (const batch of chunks(wanted, rowsPerStatement(2))) {
      await db
        .insertInto('terms')
        .values(batch)
        .onConflict((oc) => oc.columns(['kind', 'name']).doNothing())
        .execute()
    }
    for (const batch of chunks(wanted, 400)) {
      const rows = await db
        .selectFrom('terms')
        .select(['id', 'kind', 'name'])
        .where((eb) =>
          eb.or(
            batch.map((term) => eb.and([eb('kind', '=', term.kind), eb('name', '=', term.name)])),
          ),
        )
        .execute()
      for (const row of rows) pendingTerms.set(`${row.kind}\u0000${row.name}`, row.id)
    }
  }

  async function replaceFullText(
    db: Db,
    written: Array<{ id: number; record: PostRecord }>,
    changedIds: number[],
  ) {
    const rows = written.map(({ id, record }) => ({ id, text: searchText(record.post) }))
    if (caps.fullText === 'fts5') {
      for (const ids of chunks(changedIds, 500))
        await sql`delete from posts_fts where rowid in (${sql.join(ids)})`.execute(db)
      for (const batch of chunks(rows, rowsPerStatement(5))) {
        await sql`insert into posts_fts (rowid, title, headings, body, meta) values ${sql.join(
          batch.map(
            ({ id, text }) =>
              sql`(${id}, ${text.title}, ${text.headings}, ${text.body}, ${text.meta})`,
          ),
        )}`.execute(db)
      }
      return
    }
    for (const batch of chunks(rows, rowsPerStatement(5))) {
      await sql`insert into post_search (post_id, search) values ${sql.join(batch.map(({ id, text }) => sql`(${id}, ${weightedVector(text)})`))}
        on conflict (post_id) do update set search = excluded.search`.execute(db)
    }
  }

  return {
    write,
    /** Adopts the term ids learned by the last write; call after its transaction commits. */
    commitTerms: () => {
      for (const [key, id] of pendingTerms) termIds.set(key, id)
      pendingTerms = new Map()
    },
  }
}

const weightedVector = (text: SearchText) =>
  sql`setweight(to_tsvector('english', ${text.title}), 'A') || setweight(to_tsvector('english', ${text.headings}), 'B') || setweight(to_tsvector('english', ${text.body}), 'C') || setweight(to_tsvector('english', ${text.meta}), 'D')`

// An editor's decision stands through re-imports; a post that stops needing review is released.
export function nextReviewState(current: ReviewState, needsReview: boolean): ReviewState {
  if (current === 'approved' || current === 'rejected') return current
  return needsReview ? 'pending' : 'not_required'
}

export interface PostWriter {
  /** Writes a batch inside the caller's transaction. */
  write(
    db: Kysely<Tables> | Transaction<Tables>,
    records: readonly PostRecord[],
    now: string,
  ): Promise<WriteResult>
  /** Adopts the term ids learned by the last write; call after its transaction commits. */
  commitTerms(): void
}
