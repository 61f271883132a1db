import { type Kysely, sql, type Transaction } from 'kysely'
import {
  distinctSlug,
  isGenerated,
  needsReview,
  type Post,
  type PostTerm,
  postFingerprint,
  postSlug,
  postTerms,
  publishedDate,
  type SearchText,
  searchText,
} from '../content/index.ts'
import type { Capabilities } from './capabilities.ts'
import { chunks } from './chunks.ts'
import { replaceFts5Rows } from './dialects/fts5-shards.ts'
import type { ReviewState, Tables } from './schema.ts'
import { applyTermCounts, TermCountChanges } from './term-counts.ts'

/**
 * One post ready to store: its JSON text, hashes, and the columns, terms and search text
 * derived from it. Plain data, so records can be prepared on a worker thread while the
 * writer holds the database.
 */
export interface PostRecord {
  sourceId: string
  /** JSON text of the post, as stored. */
  document: string
  fingerprint: string
  sourceFingerprint: string
  needsReview: boolean
  generated: boolean
  title: string
  slug: string
  publishedAt: string | null
  terms: PostTerm[]
  text: SearchText
}

/** Derives everything the writers store from one post. */
export function postRecord(
  post: Post,
  identity: {
    sourceId: string
    sourceFingerprint: string
    /** Hold every synthesized post for review, not only those flagged `needs_human_review`. */
    reviewAllGenerated?: boolean
  },
): PostRecord {
  const document = JSON.stringify(post)
  return {
    sourceId: identity.sourceId,
    document,
    fingerprint: postFingerprint(post, document),
    sourceFingerprint: identity.sourceFingerprint,
    needsReview: needsReview(post, { reviewAllGenerated: identity.reviewAllGenerated }),
    generated: isGenerated(post),
    title: post.title,
    slug: postSlug(post.title, identity.sourceId),
    publishedAt: publishedDate(post),
    terms: postTerms(post),
    text: searchText(post),
  }
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

/**
 * Writes posts by identity: inserts new ones, updates changed ones (their terms and full-text
 * rows too), skips those whose fingerprint is already stored. Call inside a transaction.
 * Term ids are cached for the writer's life; ids learned in a transaction are adopted only
 * by `committed()` after it commits, so a rollback never leaves a stale id behind.
 */
export function createPostWriter(caps: Capabilities, options: PostWriterOptions = {}): PostWriter {
  const termIds = new Map<string, number>()
  let pendingTerms = new Map<string, number>()
  const rowsPerStatement = (columns: number) =>
    Math.min(500, Math.floor(caps.maxParameters / columns))

  // What a transaction learns is its own until it commits: several writes may share it.
  let pendingIn: Db | undefined

  async function write(db: Db, records: readonly PostRecord[], now: string): Promise<WriteResult> {
    if (db !== pendingIn) {
      pendingTerms = new Map()
      pendingIn = db
    }
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
    const slugs = options.firstLoad
      ? new Map(fresh.map((record) => [record.sourceId, record.slug]))
      : await freeSlugs(db, fresh)
    for (const batch of chunks(fresh, rowsPerStatement(11))) {
      const ids = await db
        .insertInto('posts')
        .values(
          batch.map((record) => ({
            source_id: record.sourceId,
            slug: slugs.get(record.sourceId)!,
            title: record.title,
            published_at: record.publishedAt,
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
          title: record.title,
          published_at: record.publishedAt,
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

  /**
   * Each new post's slug: its postSlug, or a distinctSlug where a stored post or one before
   * it in the batch holds that. Checked before the insert: on PostgreSQL a failed statement
   * would abort the whole transaction.
   */
  async function freeSlugs(db: Db, fresh: readonly PostRecord[]): Promise<Map<string, string>> {
    const slugs = new Map<string, string>()
    const taken = new Set<string>()
    let pending = fresh
    for (let attempt = -1; pending.length > 0; attempt++) {
      const wanted = pending.map((record) =>
        attempt < 0 ? record.slug : distinctSlug(record.slug, record.sourceId, attempt),
      )
      for (const batch of chunks(wanted, 500)) {
        const rows = await db
          .selectFrom('posts')
          .select('slug')
          .where('slug', 'in', batch)
          .execute()
        for (const row of rows) taken.add(row.slug)
      }
      const next: PostRecord[] = []
      for (const [i, record] of pending.entries()) {
        const slug = wanted[i]!
        if (taken.has(slug)) next.push(record)
        else {
          taken.add(slug)
          slugs.set(record.sourceId, slug)
        }
      }
      pending = next
    }
    return slugs
  }

  async function replaceTerms(
    db: Db,
    written: Array<{ id: number; record: PostRecord; rejected?: boolean }>,
    changedIds: number[],
  ) {
    const counts = new TermCountChanges()
    for (const ids of chunks(changedIds, 500)) {
      const unlinked = await db
        .deleteFrom('post_terms')
        .where('post_id', 'in', ids)
        .returning('term_id')
        .execute()
      for (const { term_id } of unlinked) counts.unlinked(term_id)
    }
    const links: Array<{ post_id: number; term_id: number; published_at: string | null }> = []
    // A rejected post stays out of every archive, even when its source changes.
    const perPost = written
      .filter(({ rejected }) => !rejected)
      .map(({ id, record }) => ({
        id,
        terms: record.terms,
        date: record.publishedAt,
      }))
    await ensureTerms(
      db,
      perPost.flatMap(({ terms }) => terms),
    )
    for (const { id, terms, date } of perPost) {
      for (const term of terms) {
        const linked = termId(term)!
        links.push({ post_id: id, term_id: linked, published_at: date })
        counts.linked(linked)
      }
    }
    for (const batch of chunks(links, rowsPerStatement(3)))
      await db.insertInto('post_terms').values(batch).execute()
    await applyTermCounts(db, counts)
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
    const rows = written.map(({ id, record }) => ({ id, text: record.text }))
    if (caps.fullText === 'fts5') {
      await replaceFts5Rows(db, changedIds, rows, rowsPerStatement(5))
      return
    }
    for (const batch of chunks(rows, rowsPerStatement(5))) {
      await sql`insert into post_search (post_id, search) values ${sql.join(batch.map(({ id, text }) => sql`(${id}, ${weightedVector(text)})`))}
        on conflict (post_id) do update set search = excluded.search`.execute(db)
    }
  }

  return {
    // Multi-row statements: a whole batch at a time makes the fewest round trips.
    recordsPerWrite: 500,
    write,
    // Each write has applied its own term counts.
    finish: async () => {},
    /** Adopts the term ids its transaction learned; call after it commits. */
    committed: () => {
      for (const [key, id] of pendingTerms) termIds.set(key, id)
      pendingTerms = new Map()
      pendingIn = undefined
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

export interface PostWriterOptions {
  /**
   * The archive was empty when this import began, and the slugs' index is dropped until its
   * end (store/deferred-indexes.ts): new posts take their own slugs unchecked, and repeated
   * ones are settled when the index is built. Checking each batch would scan the posts.
   */
  firstLoad?: boolean
}

/**
 * Writes posts inside the caller's transaction: any number of `write`s, then `finish`, then,
 * once the transaction commits, `committed`.
 */
export interface PostWriter {
  /**
   * How many records a write should get at least, where there are as many: the importer
   * hands a writer that takes few each part of a batch as the parser finishes it, and gathers
   * the batch first for one that builds multi-row statements.
   */
  readonly recordsPerWrite: number
  write(
    db: Kysely<Tables> | Transaction<Tables>,
    records: readonly PostRecord[],
    now: string,
  ): Promise<WriteResult>
  /** Completes the transaction's writes (on SQLite, its term counts); call before it commits. */
  finish(db: Kysely<Tables> | Transaction<Tables>): Promise<void>
  /**
   * Adopts what the transaction's writes learned (term ids; on SQLite, the full-text shards
   * they created); call after it commits.
   */
  committed(): void
}
